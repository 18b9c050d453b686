// The one DuckDB instance of a process (the web server or a CLI run), with a connection per unit of
// work. Opening runs the migrations, so every caller sees an up-to-date schema.
import fs from 'node:fs';
import path from 'node:path';
import { DuckDBConnection, DuckDBInstance, type DuckDBValue } from '@duckdb/node-api';
import { migrate } from './migrations';

export type Params = DuckDBValue[] | Record<string, DuckDBValue>;
export type Row = Record<string, unknown>;

/** Thrown when another process (usually the running web server) holds the database file. */
export class DatabaseLockedError extends Error {
	constructor(
		readonly dbPath: string,
		/** The holder's process id, as DuckDB reports it, when it does. */
		readonly holderPid: number | null = null
	) {
		super(
			`数据库文件 ${dbPath} 正被另一个进程（${holderPid ? `PID ${holderPid}，` : ''}通常是正在运行的网页服务）占用。请先停止服务再运行命令，或用 --db 指定另一个文件。`
		);
		this.name = 'DatabaseLockedError';
	}

	/** What a second web server on the same file says before it exits. */
	get serverMessage(): string {
		const holder = this.holderPid ? `（PID ${this.holderPid}）` : '';
		return `无法启动：数据库文件 ${this.dbPath} 正被另一个进程${holder}占用，多半是已有一个服务在运行。同一个数据库文件只能由一个服务打开：请先停止那个进程，或用 LEDGER_DB 指定另一个文件。`;
	}
}

export class LedgerDatabase {
	private constructor(
		readonly path: string,
		private readonly instance: DuckDBInstance
	) {}

	static async open(dbPath: string, opts: { memoryLimit?: string } = {}): Promise<LedgerDatabase> {
		if (dbPath !== ':memory:') fs.mkdirSync(path.dirname(dbPath), { recursive: true });
		let instance: DuckDBInstance;
		try {
			instance = await DuckDBInstance.create(dbPath, {
				autoinstall_known_extensions: 'false',
				autoload_known_extensions: 'false',
				...(opts.memoryLimit ? { memory_limit: opts.memoryLimit } : {})
			});
		} catch (err) {
			if (err instanceof Error && /Could not set lock/i.test(err.message)) {
				const pid = /\(PID (\d+)\)/.exec(err.message)?.[1];
				throw new DatabaseLockedError(dbPath, pid ? Number(pid) : null);
			}
			throw err;
		}
		const db = new LedgerDatabase(dbPath, instance);
		await db.withConnection((c) => migrate(c));
		return db;
	}

	async withConnection<T>(work: (c: DuckDBConnection) => Promise<T>): Promise<T> {
		const connection = await this.instance.connect();
		try {
			return await work(connection);
		} finally {
			connection.closeSync();
		}
	}

	/** Runs `work` in one transaction on its own connection; any throw rolls everything back. */
	async transaction<T>(work: (c: DuckDBConnection) => Promise<T>): Promise<T> {
		return this.withConnection(async (c) => {
			await c.run('BEGIN TRANSACTION');
			try {
				const result = await work(c);
				await c.run('COMMIT');
				return result;
			} catch (err) {
				await c.run('ROLLBACK');
				throw err;
			}
		});
	}

	async all<T = Row>(sql: string, params?: Params): Promise<T[]> {
		return this.withConnection((c) => all<T>(c, sql, params));
	}

	async checkpoint(): Promise<void> {
		if (this.path === ':memory:') return;
		await this.withConnection(async (c) => {
			await c.run('CHECKPOINT');
		});
	}

	close(): void {
		this.instance.closeSync();
	}
}

/** Rows as plain JS objects. Callers cast in SQL (::INTEGER, ::DOUBLE, strftime) so no BigInt leaks. */
export async function all<T = Row>(
	c: DuckDBConnection,
	sql: string,
	params?: Params
): Promise<T[]> {
	const reader = await c.runAndReadAll(sql, params);
	return reader.getRowObjectsJS() as unknown as T[];
}

let shared: Promise<LedgerDatabase> | undefined;

/** The process-wide database (web server). Tests and the CLI open their own with LedgerDatabase.open. */
export function sharedDatabase(
	dbPath: string,
	opts: { memoryLimit?: string } = {}
): Promise<LedgerDatabase> {
	shared ??= LedgerDatabase.open(dbPath, opts);
	return shared;
}
