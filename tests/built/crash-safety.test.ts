// Crash safety of the built server (issue 9): a large upload is cut by SIGKILL at points spread
// over the whole ingest — receiving, parsing, commit, checkpoint, answer — and after each restart
// the database opens and holds the batch whole or not at all, with the uploads history agreeing.
// Then a clean SIGTERM leaves no .wal, and a second server on the same file stops at once, saying why.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, makeDataDir, startBuiltServer, type BuiltServer } from './built-server';
import { signIn } from './bad-input-client';
import {
	batches,
	demoExport,
	FULL_SUITE,
	prepareAccounts,
	problemCount,
	report,
	retagged,
	sleep,
	uploadFile,
	type IngestResult
} from './ledger-support';

const RUNS = FULL_SUITE ? 40 : 20;
// Large enough that an ingest through the server takes a second or more on a 2-core machine.
const ROWS = FULL_SUITE ? 200_000 : 40_000;
// Each run restarts the server and waits up to 1.3 ingests: the full size needs longer than 5 min.
const KILL_TIMEOUT = FULL_SUITE ? 3_600_000 : 300_000;

const dataDir = makeDataDir('ledger-crash-');
let server: BuiltServer | undefined;

afterAll(async () => {
	await server?.stop('SIGKILL');
	fs.rmSync(dataDir, { recursive: true, force: true });
});

let token: string;
/** How long an uncut upload of the large file takes here (the first test measures it). */
let ingestMs = 2000;

beforeAll(async () => {
	// An admin's API token: no password hashing on each of the many restarts.
	({ boss: token } = await prepareAccounts(dataDir, [
		{ username: 'boss', role: 'admin', password: 'crash-admin-pass' }
	]));
});

async function start(): Promise<{ server: BuiltServer; auth: string }> {
	return { server: await startBuiltServer({ dataDir }), auth: token };
}

/** Starts a server process on `dataDir` and waits for it to end by itself. */
function secondServer(): Promise<{ code: number | null; output: string }> {
	return new Promise((resolve, reject) => {
		const proc = spawn(process.execPath, ['--import', 'tsx', 'src/cli/serve.ts'], {
			env: {
				...process.env,
				LEDGER_DATA_DIR: dataDir,
				LEDGER_DB: path.join(dataDir, 'ledger.duckdb'),
				LEDGER_ADMIN_PASSWORD: ADMIN_PASSWORD,
				HOST: '127.0.0.1',
				PORT: '0'
			},
			stdio: ['ignore', 'pipe', 'pipe']
		});
		let output = '';
		proc.stdout.on('data', (b: Buffer) => (output += b.toString()));
		proc.stderr.on('data', (b: Buffer) => (output += b.toString()));
		// A guard, not a measurement: a server that serves on instead of stopping fails here.
		const guard = setTimeout(() => {
			proc.kill('SIGKILL');
			reject(new Error(`the second server kept running:\n${output}`));
		}, 30_000);
		proc.once('exit', (code) => {
			clearTimeout(guard);
			resolve({ code, output });
		});
	});
}

describe('crash safety of the built server', () => {
	it(
		`keeps every batch whole or absent across ${RUNS} SIGKILLs during an upload`,
		async () => {
			const source = await demoExport(ROWS);
			const fileFor = (tag: string) =>
				retagged(source, tag, path.join(dataDir, `crash-${tag}.csv`));

			let auth: string;
			({ server, auth } = await start());
			// One uncut upload: how many problems a batch adds, and how long an ingest takes here.
			const empty = await problemCount(server.url, auth);
			const t0 = performance.now();
			const reference = await uploadFile(server.url, auth, fileFor('R00'));
			ingestMs = performance.now() - t0;
			expect(reference.outcome).toBe('committed');
			const perBatch = (await problemCount(server.url, auth)) - empty;
			expect(perBatch).toBe(ROWS);

			const outcomes: { run: number; delayMs: number; answered: boolean; committed: boolean }[] =
				[];
			for (let run = 1; run <= RUNS; run++) {
				const tag = `K${String(run).padStart(2, '0')}`;
				const file = fileFor(tag);
				const before = await problemCount(server.url, auth).catch((err: unknown) => {
					throw new Error(`run ${run}: ${String(err)}\n${server?.output()}`);
				});
				// Stratified over 0–130 % of an uncut ingest: the early runs cut the upload and parse,
				// the later ones the commit, the checkpoint and the moments after the answer.
				const delayMs = Math.round((ingestMs * 1.3 * (run - 1 + Math.random())) / RUNS);
				let answer: IngestResult | undefined;
				const upload = uploadFile(server.url, auth, file).then(
					(r) => (answer = r),
					() => undefined // cut off by the kill
				);
				await sleep(delayMs);
				expect(await server.stop('SIGKILL')).toBe('SIGKILL');
				await upload;
				fs.rmSync(file);

				({ server, auth } = await start());
				const after = await problemCount(server.url, auth);
				const batch = (await batches(server.url, auth)).find(
					(b) => b.fileName === path.basename(file)
				);
				const committed = batch !== undefined;
				expect([before, before + perBatch], `run ${run}, killed after ${delayMs} ms`).toContain(
					after
				);
				expect(after === before + perBatch, `run ${run}: history and rows agree`).toBe(committed);
				if (batch) {
					expect(batch.state).toBe('committed');
					expect(batch.rowsInserted).toBe(perBatch);
				}
				// An answered commit is durable.
				if (answer?.outcome === 'committed') expect(committed).toBe(true);
				outcomes.push({ run, delayMs, answered: answer !== undefined, committed });
			}

			report('crash-safety', {
				runs: RUNS,
				rowsPerBatch: ROWS,
				uncutIngestMs: Math.round(ingestMs),
				committed: outcomes.filter((o) => o.committed).length,
				absent: outcomes.filter((o) => !o.committed).length,
				answeredBeforeKill: outcomes.filter((o) => o.answered).length,
				outcomes
			});
		},
		KILL_TIMEOUT
	);

	it('refuses a second server on the same file at once, naming the file', async () => {
		expect(server).toBeDefined();
		const second = await secondServer();
		expect(second.code, second.output).toBe(2);
		expect(second.output).toContain(path.join(dataDir, 'ledger.duckdb'));
		expect(second.output).toContain('正被另一个进程');
		expect(second.output).not.toContain('    at ');
		// The first server is untouched and still answers.
		expect(await problemCount(server!.url, token)).toBeGreaterThan(0);
	});

	it('stops cleanly on SIGTERM, even mid-upload: exit 0, the batch whole, no .wal left', async () => {
		// A session write, then an upload cut by SIGTERM half-way: the server answers it, closes.
		await signIn(server!, 'boss', 'crash-admin-pass');
		const before = await problemCount(server!.url, token);
		const file = retagged(await demoExport(ROWS), 'T01', path.join(dataDir, 'crash-T01.csv'));
		const upload = uploadFile(server!.url, token, file).catch(() => undefined);
		await sleep(ingestMs / 2);
		expect(await server!.stop('SIGTERM')).toBe(0);
		const answer = await upload;
		expect(fs.existsSync(path.join(dataDir, 'ledger.duckdb.wal'))).toBe(false);

		({ server } = await start());
		const after = await problemCount(server.url, token);
		const committed = (await batches(server.url, token)).some(
			(b) => b.fileName === 'crash-T01.csv'
		);
		expect(after).toBe(committed ? before + ROWS : before);
		if (answer?.outcome === 'committed') expect(committed).toBe(true);
		expect(await server.stop('SIGTERM')).toBe(0);
		expect(fs.existsSync(path.join(dataDir, 'ledger.duckdb.wal'))).toBe(false);
		server = undefined;
	});
});
