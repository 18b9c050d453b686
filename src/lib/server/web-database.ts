// The web server's database: the process-wide LedgerDatabase at the configured path. Opened once by
// the init hook in src/hooks.server.ts; load functions and endpoints await the same instance.
import { sharedDatabase, type LedgerDatabase } from './db/database';
import { readSettings } from './env';

export function webDatabase(): Promise<LedgerDatabase> {
	const settings = readSettings();
	return sharedDatabase(settings.dbPath, { memoryLimit: settings.memoryLimit });
}
