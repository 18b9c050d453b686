// Typed settings for the server and the `ledger` CLI. It reads process.env rather than $env/* because
// the CLI runs outside Vite, and both must agree on where the database lives.
import path from 'node:path';

export interface Settings {
	/** DuckDB file; ':memory:' for an in-memory database. */
	dbPath: string;
	/** Where originals are archived by sha256. */
	uploadsDir: string;
	/** Scratch space for decoded UTF-8 copies; same disk as the data. */
	tmpDir: string;
	/** Street written on rows whose file has no street column. */
	defaultStreet: string;
	/** 响应率 threshold in days. */
	responseDays: number;
	/** DuckDB's memory_limit: beyond it DuckDB spills to disk instead of growing (e.g. '1GB'). */
	memoryLimit: string;
	/** Files received by the uploads page, kept until they are committed or discarded. */
	stagingDir: string;
	/** The largest upload request body accepted, in bytes (LEDGER_UPLOAD_LIMIT_MB, default 50). */
	uploadLimitBytes: number;
	/**
	 * Whether the session cookie is marked Secure (LEDGER_COOKIE_SECURE, default true). Browsers
	 * drop Secure cookies on plain-HTTP addresses other than localhost: an intranet server reached
	 * as http://10.x.x.x must set it to false.
	 */
	cookieSecure: boolean;
	/** The first admin's password on an empty database (LEDGER_ADMIN_PASSWORD); else generated. */
	adminPassword: string | null;
	/** The Chromium that prints the report's PDF (LEDGER_CHROMIUM); null: look in the usual places. */
	chromium: string | null;
}

function flag(raw: string | undefined, fallback: boolean, name: string): boolean {
	if (raw === undefined || raw === '') return fallback;
	if (/^(1|true|yes)$/i.test(raw)) return true;
	if (/^(0|false|no)$/i.test(raw)) return false;
	throw new Error(`${name} must be true or false, got "${raw}"`);
}

function positiveInt(raw: string | undefined, fallback: number, name: string): number {
	if (raw === undefined || raw === '') return fallback;
	const n = Number(raw);
	if (!Number.isInteger(n) || n < 0)
		throw new Error(`${name} must be a non-negative integer, got "${raw}"`);
	return n;
}

function memorySize(raw: string | undefined): string {
	if (!raw) return '1GB';
	if (!/^\d+(\.\d+)?\s*(KB|MB|GB|TB|KiB|MiB|GiB|TiB)$/i.test(raw.trim())) {
		throw new Error(`LEDGER_MEMORY_LIMIT must look like 512MB or 2GB, got "${raw}"`);
	}
	return raw.trim();
}

export function readSettings(env: Record<string, string | undefined> = process.env): Settings {
	const dataDir = path.resolve(env.LEDGER_DATA_DIR || 'data');
	return {
		dbPath: env.LEDGER_DB
			? env.LEDGER_DB === ':memory:'
				? ':memory:'
				: path.resolve(env.LEDGER_DB)
			: path.join(dataDir, 'ledger.duckdb'),
		uploadsDir: path.join(dataDir, 'uploads'),
		tmpDir: path.join(dataDir, 'tmp'),
		defaultStreet: env.LEDGER_STREET || '云南路街道',
		responseDays: positiveInt(env.LEDGER_RESPONSE_DAYS, 3, 'LEDGER_RESPONSE_DAYS'),
		memoryLimit: memorySize(env.LEDGER_MEMORY_LIMIT),
		stagingDir: path.join(dataDir, 'staging'),
		uploadLimitBytes:
			positiveInt(env.LEDGER_UPLOAD_LIMIT_MB, 50, 'LEDGER_UPLOAD_LIMIT_MB') * 1024 * 1024,
		cookieSecure: flag(env.LEDGER_COOKIE_SECURE, true, 'LEDGER_COOKIE_SECURE'),
		adminPassword: env.LEDGER_ADMIN_PASSWORD || null,
		chromium: env.LEDGER_CHROMIUM || null
	};
}
