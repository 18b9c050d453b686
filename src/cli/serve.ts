// Starts the built server (adapter-node's build/). adapter-node reads BODY_SIZE_LIMIT once at
// start-up, default 512 KB, far below an export; it is set just above LEDGER_UPLOAD_LIMIT_MB, and the
// uploads endpoint counts the bytes itself so that an oversize file is refused in Chinese.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { readSettings } from '../lib/server/env';

const settings = readSettings();
process.env.BODY_SIZE_LIMIT ??= String(settings.uploadLimitBytes + 1024 * 1024);
await import(pathToFileURL(path.resolve('build/index.js')).href);
