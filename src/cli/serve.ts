// Starts the built server (adapter-node's build/). adapter-node reads BODY_SIZE_LIMIT once at
// start-up, default 512 KB, far below an export; it is set just above LEDGER_UPLOAD_LIMIT_MB, and the
// uploads endpoint counts the bytes itself so that an oversize file is refused in Chinese (every
// other body is capped far lower by src/hooks.server.ts). The front door (URL length, origin,
// what Node's parser refuses) goes on adapter-node's Node server before its first request.
import type { Server } from 'node:http';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { readSettings } from '../lib/server/env';
import { installFrontDoor } from '../lib/server/http/front-door';

const settings = readSettings();
process.env.BODY_SIZE_LIMIT ??= String(settings.uploadLimitBytes + 1024 * 1024);
// build/index.js creates the server and calls listen() as it loads; no request can arrive before
// this continuation runs, so every one goes through the front door.
const built = (await import(pathToFileURL(path.resolve('build/index.js')).href)) as {
	server: { server: Server };
};
installFrontDoor(built.server.server);
