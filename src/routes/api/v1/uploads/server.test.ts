// The uploads API over a real in-memory DuckDB and real temp folders: previews, commits, limits,
// cut-off bodies and concurrent uploads.
import { ANALYST } from '$lib/server/auth/test-principals';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { count, csv } from '$lib/server/ingest/test-support';
import { GET, POST } from './+server';
import { POST as PREVIEW_AGAIN } from './staged/[id]/+server';
import { POST as COMMIT } from './staged/[id]/commit/+server';
import {
	call,
	jsonRequest,
	leftovers,
	uploadForm,
	uploadRequest,
	uploadsSandbox
} from './test-support';

vi.mock('$lib/server/uploads/context', () => import('./test-support'));

const LIMIT = 64 * 1024;
const box = uploadsSandbox({ uploadLimitBytes: LIMIT });

const upload = (data: FormData, query = '') => call(POST, uploadRequest(data, query));

const commit = (stagedId: string, previewKey: string) =>
	call(
		COMMIT,
		jsonRequest('POST', `/api/v1/uploads/staged/${stagedId}/commit`, {
			previewKey,
			uploadedBy: '李分析'
		}),
		{ params: { id: stagedId } }
	);

const corpus = (name: string) => fs.readFileSync(path.resolve('data/fixtures/corpus', name));

interface PreviewJson {
	stagedId: string | null;
	previewKey: string | null;
	result: {
		outcome: string;
		encoding: string;
		rowsAccepted: number;
		rowsRejected: number;
		rejects: { row: number; column: string | null }[];
		headers: { header: string; field: string | null }[];
		notes: string[];
		preview: {
			statusLabels: { label: string; code: string | null; count: number }[];
			sample: unknown[];
		};
	};
}

describe('POST /api/v1/uploads?dryRun=1, then commit', () => {
	it('previews without writing, and commits exactly the preview', async () => {
		const res = await upload(
			uploadForm([{ name: '寿张路.csv', content: corpus('good/shouzhang_gbk.csv') }]),
			'?dryRun=1'
		);
		expect(res.status).toBe(200);
		const [file] = res.body.files as PreviewJson[];
		expect(file.result).toMatchObject({
			outcome: 'dry-run',
			encoding: 'gb18030',
			rowsAccepted: 50,
			rowsRejected: 0
		});
		expect(file.result.headers.find((h) => h.field === 'description')).toBeTruthy();
		expect(file.result.preview.sample).toHaveLength(20);
		expect(await count(box.db, 'problems')).toBe(0);

		const done = await commit(file.stagedId!, file.previewKey!);
		expect(done.status).toBe(200);
		expect(done.body).toMatchObject({ outcome: 'committed', inserted: 50, file: '寿张路.csv' });
		expect(await count(box.db, 'problems')).toBe(50);
		const [batch] = (await call(GET, new Request('http://localhost/api/v1/uploads'))).body
			.batches as Record<string, unknown>[];
		expect(batch).toMatchObject({
			fileName: '寿张路.csv',
			uploadedBy: ANALYST.username,
			rowsAccepted: 50
		});
		expect(leftovers()).toEqual([]);
	});

	it('maps an unknown status on a second preview; the first preview can no longer be committed', async () => {
		const res = await upload(
			uploadForm([{ name: 'row_errors.csv', content: corpus('bad/row_errors.csv') }]),
			'?dryRun=1'
		);
		const [first] = res.body.files as PreviewJson[];
		// Row 10 is its 合计 line: skipped, not three rejects.
		expect(first.result.rejects.map((r) => r.row)).toEqual([3, 5, 6, 8]);
		expect(first.result.preview.statusLabels).toContainEqual({
			label: '研究中',
			code: null,
			count: 1
		});

		const again = await call(
			PREVIEW_AGAIN,
			jsonRequest('POST', `/api/v1/uploads/staged/${first.stagedId}`, {
				profile: { values: { status: { 研究中: 'in_progress' } } }
			}),
			{ params: { id: first.stagedId! } }
		);
		const second = again.body as unknown as PreviewJson;
		expect(second.result).toMatchObject({ rowsAccepted: 5, rowsRejected: 3 });
		expect((await commit(first.stagedId!, first.previewKey!)).status).toBe(409);
		expect(await count(box.db, 'problems')).toBe(0);

		const done = await commit(first.stagedId!, second.previewKey!);
		expect(done.body).toMatchObject({ outcome: 'committed', rowsAccepted: 5, rowsRejected: 3 });
		const [row] = await box.db.all<{ status: string }>(
			`SELECT status FROM problems WHERE problem_id = 'BR005'`
		);
		expect(row.status).toBe('in_progress');
	});

	it('says the same file again changes nothing, and keeps nothing staged', async () => {
		const content = csv('A1,云南路社区,营商环境,甲,2018-11-05,,待处理,,否');
		await upload(uploadForm([{ name: 'a.csv', content }]));
		const res = await upload(uploadForm([{ name: 'a-copy.csv', content }]), '?dryRun=1');
		const [file] = res.body.files as PreviewJson[];
		expect(file).toMatchObject({ stagedId: null, previewKey: null, result: { outcome: 'noop' } });
		expect(await count(box.db, 'uploads')).toBe(1);
		expect(leftovers()).toEqual([]);
	});

	it('refuses a file that cannot be read with 422 and a Chinese reason, keeping nothing', async () => {
		const res = await upload(uploadForm([{ name: 'empty.csv', content: '' }]), '?dryRun=1');
		expect(res.status).toBe(422);
		const [file] = res.body.files as PreviewJson[];
		expect(file.result.outcome).toBe('refused');
		expect(leftovers()).toEqual([]);
	});
});

describe('the size limit and broken bodies', () => {
	it('answers 413 in Chinese for a declared body over the limit, before reading it', async () => {
		const big = Buffer.alloc(LIMIT + 1, 0x41);
		const res = await upload(uploadForm([{ name: 'big.csv', content: big }]), '?dryRun=1');
		expect(res.status).toBe(413);
		expect(res.body.error).toMatch(/超过了 0.1 MB 的上限/);
		expect(leftovers()).toEqual([]);
		expect(await count(box.db, 'uploads')).toBe(0);
	});

	it('answers 413 for a streamed body without a length once it passes the limit', async () => {
		const bytes = new Uint8Array(
			await new Request('http://x', {
				method: 'POST',
				body: uploadForm([{ name: 'big.csv', content: Buffer.alloc(LIMIT * 2, 0x41) }])
			}).arrayBuffer()
		);
		const contentType = new Request('http://x', {
			method: 'POST',
			body: uploadForm([])
		}).headers.get('content-type')!;
		const boundary = new TextDecoder().decode(bytes.slice(2, bytes.indexOf(13)));
		const stream = new ReadableStream<Uint8Array>({
			start(controller) {
				for (let i = 0; i < bytes.length; i += 8192) controller.enqueue(bytes.slice(i, i + 8192));
				controller.close();
			}
		});
		const request = new Request('http://localhost/api/v1/uploads', {
			method: 'POST',
			headers: { 'content-type': contentType.replace(/boundary=.*/, `boundary=${boundary}`) },
			body: stream,
			duplex: 'half'
		} as RequestInit);
		const res = await call(POST, request);
		expect(res.status).toBe(413);
		expect(leftovers()).toEqual([]);
	});

	it('leaves no batch and no temp file when the body is cut off mid-stream', async () => {
		const data = uploadForm([{ name: 'y.csv', content: corpus('good/yunnanlu_utf8.csv') }]);
		const probe = new Request('http://x', { method: 'POST', body: data });
		const contentType = probe.headers.get('content-type')!;
		const bytes = new Uint8Array(await probe.arrayBuffer());
		let stagedWhileCut: string[] = [];
		const stream = new ReadableStream<Uint8Array>({
			async pull(controller) {
				controller.enqueue(bytes.slice(0, bytes.length / 2));
				// Let the half reach the disk before the connection "drops".
				await new Promise((r) => setTimeout(r, 50));
				stagedWhileCut = leftovers();
				controller.error(new Error('socket hang up'));
			}
		});
		const request = new Request('http://localhost/api/v1/uploads', {
			method: 'POST',
			headers: { 'content-type': contentType },
			body: stream,
			duplex: 'half'
		} as RequestInit);
		const res = await call(POST, request);
		expect(stagedWhileCut).toHaveLength(1); // the half file had been written …
		expect(res.status).toBe(400);
		expect(res.body.error).toMatch(/没有完整收到/);
		expect(leftovers()).toEqual([]); // … and is gone
		expect([await count(box.db, 'uploads'), await count(box.db, 'problems')]).toEqual([0, 0]);
	});

	it('refuses a body that is not multipart', async () => {
		const res = await call(
			POST,
			new Request('http://localhost/api/v1/uploads', {
				method: 'POST',
				body: 'a,b',
				headers: { 'content-type': 'text/csv' }
			})
		);
		expect(res.status).toBe(415);
	});
});

describe('concurrent uploads', () => {
	it('both land whole when two analysts commit at once', async () => {
		const rows = (prefix: string, community: string, n: number) =>
			Array.from(
				{ length: n },
				(_, i) => `${prefix}${i},${community},营商环境,问题${i},2018-11-05,,待处理,,否`
			);
		const [a, b] = await Promise.all([
			upload(uploadForm([{ name: 'a.csv', content: csv(...rows('A', '云南路社区', 300)) }])),
			upload(uploadForm([{ name: 'b.csv', content: csv(...rows('B', '寿张路社区', 200)) }]))
		]);
		expect([a.status, b.status]).toEqual([200, 200]);
		const counts = await box.db.all<{ community: string; n: number; uploads: number }>(
			`SELECT community, count(*)::INTEGER AS n, count(DISTINCT first_upload_id)::INTEGER AS uploads FROM problems GROUP BY 1 ORDER BY 1`
		);
		expect(counts).toEqual([
			{ community: '云南路社区', n: 300, uploads: 1 },
			{ community: '寿张路社区', n: 200, uploads: 1 }
		]);
		expect(await count(box.db, 'uploads')).toBe(2);
	});
});
