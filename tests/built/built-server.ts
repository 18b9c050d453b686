// Starts the built app (build/, from `vite build`) the way `npm start` does — `tsx src/cli/serve.ts`
// — on a fresh data folder and a free loopback port, for the suites in tests/built/ that need a real
// server process: one they can load, cut off, kill and restart. Not a test itself.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export interface BuiltServer {
	url: string;
	port: number;
	dataDir: string;
	dbFile: string;
	proc: ChildProcess;
	/** Everything the server printed so far (stdout and stderr). */
	output(): string;
	/** Sends the signal and waits for the process to end; resolves with its exit code or signal. */
	stop(signal?: NodeJS.Signals): Promise<number | NodeJS.Signals | null>;
}

export interface StartOptions {
	/** Reuse a data folder (a restart); a new temp folder otherwise. */
	dataDir?: string;
	env?: Record<string, string>;
	/** How long to wait for the first answer (ms). */
	timeoutMs?: number;
}

export const ADMIN_PASSWORD = 'built-admin-pass';

export function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const srv = net.createServer();
		srv.once('error', reject);
		srv.listen(0, '127.0.0.1', () => {
			const { port } = srv.address() as net.AddressInfo;
			srv.close(() => resolve(port));
		});
	});
}

export function makeDataDir(prefix = 'ledger-built-'): string {
	return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export async function startBuiltServer(options: StartOptions = {}): Promise<BuiltServer> {
	if (!fs.existsSync('build/index.js'))
		throw new Error('build/ is missing: run `vite build` first');
	const dataDir = options.dataDir ?? makeDataDir();
	const dbFile = path.join(dataDir, 'ledger.duckdb');
	const port = await freePort();
	const url = `http://127.0.0.1:${port}`;
	let out = '';
	const proc = spawn(process.execPath, ['--import', 'tsx', 'src/cli/serve.ts'], {
		env: {
			...process.env,
			LEDGER_DATA_DIR: dataDir,
			LEDGER_DB: dbFile,
			LEDGER_ADMIN_PASSWORD: ADMIN_PASSWORD,
			LEDGER_COOKIE_SECURE: 'false',
			HOST: '127.0.0.1',
			PORT: String(port),
			...options.env
		},
		stdio: ['ignore', 'pipe', 'pipe']
	});
	proc.stdout!.on('data', (b: Buffer) => (out += b.toString()));
	proc.stderr!.on('data', (b: Buffer) => (out += b.toString()));
	const exited = new Promise<number | NodeJS.Signals | null>((resolve) =>
		proc.once('exit', (code, signal) => resolve(signal ?? code))
	);
	const server: BuiltServer = {
		url,
		port,
		dataDir,
		dbFile,
		proc,
		output: () => out,
		async stop(signal = 'SIGTERM') {
			if (proc.exitCode === null && proc.signalCode === null) proc.kill(signal);
			return exited;
		}
	};
	const deadline = Date.now() + (options.timeoutMs ?? 60_000);
	for (;;) {
		if (proc.exitCode !== null || proc.signalCode !== null) {
			throw new Error(`the server ended before answering:\n${out}`);
		}
		try {
			const res = await fetch(`${url}/login`);
			if (res.status < 500) return server;
		} catch {
			// not listening yet
		}
		if (Date.now() > deadline) {
			await server.stop('SIGKILL');
			throw new Error(`the server did not answer within the time:\n${out}`);
		}
		await new Promise((r) => setTimeout(r, 150));
	}
}
