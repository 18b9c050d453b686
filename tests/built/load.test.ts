// Load on the built server (issue 9): with 100k problems, 50 viewers keep reading the overview page
// and the stats API over keep-alive loopback connections while one analyst previews and commits a
// 10k-row file through the upload API. No request may fail; afterwards every row of the upload is
// there. Latencies and throughput go to the console and test-results/load.json.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeDataDir, startBuiltServer, type BuiltServer } from './built-server';
import { signIn } from './bad-input-client';
import {
	authHeaders,
	batches,
	demoExport,
	FULL_SUITE,
	ledgerOk,
	prepareAccounts,
	problemCount,
	report,
	retagged,
	sleep
} from './ledger-support';

const PROBLEMS = 100_000;
const UPLOAD_ROWS = 10_000;
const VIEWERS = 50;
// The viewers keep reading at least this long, and in any case until the upload is committed.
const MIN_SECONDS = FULL_SUITE ? 60 : 8;

const VIEWER_URLS = [
	'/',
	'/api/v1/stats?by=theme',
	'/api/v1/stats?by=community,status',
	'/api/v1/stats?by=month',
	'/api/v1/stats?by=status_type&bottleneck=1'
];

const dataDir = makeDataDir('ledger-load-');
let server: BuiltServer | undefined;
let tokens: Record<string, string>;

beforeAll(async () => {
	await ledgerOk(dataDir, ['ingest', await demoExport(PROBLEMS)]);
	tokens = await prepareAccounts(dataDir, [
		{ username: 'viewer', role: 'viewer', password: 'load-viewer-pass' },
		{ username: 'analyst', role: 'analyst', password: 'load-analyst-pass' }
	]);
	server = await startBuiltServer({ dataDir });
});

afterAll(async () => {
	await server?.stop('SIGKILL');
	fs.rmSync(dataDir, { recursive: true, force: true });
});

function percentile(sorted: number[], p: number): number {
	return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

const round = (ms: number) => Math.round(ms * 10) / 10;

/** Preview then commit, as the uploads page does; the committed batch's id and timings. */
async function analystUpload(url: string, auth: string, file: string) {
	const t0 = performance.now();
	const form = new FormData();
	form.set('file', await fs.openAsBlob(file), path.basename(file));
	const preview = await fetch(`${url}/api/v1/uploads?dryRun=1`, {
		method: 'POST',
		body: form,
		headers: authHeaders(auth)
	});
	const staged = (await preview.json()) as {
		files: { stagedId: string; previewKey: string; result: { rowsAccepted: number } }[];
	};
	expect(preview.status).toBe(200);
	expect(staged.files[0].result.rowsAccepted).toBe(UPLOAD_ROWS);
	const previewMs = performance.now() - t0;
	const commit = await fetch(`${url}/api/v1/uploads/staged/${staged.files[0].stagedId}/commit`, {
		method: 'POST',
		body: JSON.stringify({ previewKey: staged.files[0].previewKey }),
		headers: { ...authHeaders(auth), 'content-type': 'application/json' }
	});
	const result = (await commit.json()) as { outcome: string; uploadId: number; inserted: number };
	expect(commit.status).toBe(200);
	return { result, previewMs, totalMs: performance.now() - t0 };
}

describe('load on the built server', () => {
	it(`serves ${VIEWERS} viewers without an error while a ${UPLOAD_ROWS}-row file is committed`, async () => {
		const url = server!.url;
		const { cookie: analyst } = await signIn(server!, 'analyst', 'load-analyst-pass');
		// Each viewer signs in (its own session), as 50 people at their desks would.
		const sessions: string[] = [];
		for (let i = 0; i < VIEWERS; i++)
			sessions.push((await signIn(server!, 'viewer', 'load-viewer-pass')).cookie);
		expect(await problemCount(url, tokens.viewer)).toBe(PROBLEMS);
		const file = retagged(await demoExport(UPLOAD_ROWS, 99), 'U', path.join(dataDir, 'upload.csv'));

		const latencies: number[] = [];
		const byUrl = new Map<string, number[]>(VIEWER_URLS.map((u) => [u, []]));
		const failures: string[] = [];
		let uploaded = false;
		const started = performance.now();
		const viewer = async (i: number) => {
			for (let n = i; !uploaded || performance.now() - started < MIN_SECONDS * 1000; n++) {
				const target = VIEWER_URLS[n % VIEWER_URLS.length];
				const t0 = performance.now();
				try {
					const res = await fetch(`${url}${target}`, { headers: authHeaders(sessions[i]) });
					await res.arrayBuffer();
					if (!res.ok) failures.push(`${target}: ${res.status}`);
				} catch (err) {
					failures.push(`${target}: ${String(err)}`);
				}
				const ms = performance.now() - t0;
				latencies.push(ms);
				byUrl.get(target)!.push(ms);
			}
		};
		const viewers = Array.from({ length: VIEWERS }, (_, i) => viewer(i));
		// The analyst starts once the viewers are in full swing.
		await sleep(1000);
		const upload = await analystUpload(url, analyst, file).finally(() => (uploaded = true));
		await Promise.all(viewers);
		const seconds = (performance.now() - started) / 1000;

		expect(failures).toEqual([]);
		expect(upload.result.outcome).toBe('committed');
		expect(upload.result.inserted).toBe(UPLOAD_ROWS);
		expect(await problemCount(url, tokens.viewer)).toBe(PROBLEMS + UPLOAD_ROWS);
		const batch = (await batches(url, tokens.analyst)).find((b) => b.id === upload.result.uploadId);
		expect(batch).toMatchObject({ state: 'committed', rowsInserted: UPLOAD_ROWS });

		const sorted = [...latencies].sort((a, b) => a - b);
		const perUrl = Object.fromEntries(
			[...byUrl].map(([u, xs]) => {
				const s = [...xs].sort((a, b) => a - b);
				return [
					u,
					{ requests: s.length, p50: round(percentile(s, 50)), p99: round(percentile(s, 99)) }
				];
			})
		);
		report('load', {
			problems: PROBLEMS,
			viewers: VIEWERS,
			uploadRows: UPLOAD_ROWS,
			seconds: round(seconds),
			requests: sorted.length,
			errors: failures.length,
			requestsPerSecond: round(sorted.length / seconds),
			latencyMs: {
				p50: round(percentile(sorted, 50)),
				p95: round(percentile(sorted, 95)),
				p99: round(percentile(sorted, 99)),
				max: round(sorted[sorted.length - 1])
			},
			perUrl,
			uploadPreviewMs: Math.round(upload.previewMs),
			uploadTotalMs: Math.round(upload.totalMs)
		});
	});
});
