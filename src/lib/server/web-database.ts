// The web server's database: the process-wide LedgerDatabase at the configured path. Opened once by
// the init hook in src/hooks.server.ts, which also closes it on shutdown; load functions and
// endpoints await the same instance.
import { sharedDatabase, type LedgerDatabase } from './db/database';
import { serialisedWrite } from './db/write-queue';
import { readSettings } from './env';

let opened: Promise<LedgerDatabase> | undefined;

export function webDatabase(): Promise<LedgerDatabase> {
	const settings = readSettings();
	opened = sharedDatabase(settings.dbPath, { memoryLimit: settings.memoryLimit });
	return opened;
}

/**
 * Checkpoints and closes the database once the batch writes already queued have settled, so a
 * stopped server leaves one self-contained file and no .wal (a restore or a copy needs only that).
 */
export async function closeWebDatabase(): Promise<void> {
	if (!opened) return;
	const db = await opened;
	await serialisedWrite(async () => {
		await db.checkpoint();
		db.close();
	});
}
