// A full disk during an upload (issue 15), without filling the real one: the staging area's write
// stream fails with ENOSPC/EDQUOT, or the ingest's archive copy does. Each answer is a Chinese
// 507, the staged files are gone, and the database holds no half batch. Real in-memory DuckDB.
import fs from 'node:fs';
import { Writable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ANALYST, localsFor } from '$lib/server/auth/test-principals';
import { readSettings } from '$lib/server/env';
import { count, csv, sandbox, type Sandbox } from '$lib/server/ingest/test-support';
import { isDiskFull } from '$lib/server/uploads/disk-full';
import { StagingArea, type StagedUpload } from '$lib/server/uploads/staging';
import type { UploadContext } from '$lib/server/uploads/workflow';
import { POST as UPLOAD } from './+server';
import { POST as COMMIT } from './staged/[id]/commit/+server';

const state = vi.hoisted(() => ({ ctx: undefined as UploadContext | undefined }));
vi.mock('$lib/server/uploads/context', () => ({ uploadContext: async () => state.ctx }));

function fullDisk(code: 'ENOSPC' | 'EDQUOT'): NodeJS.ErrnoException {
	return Object.assign(new Error(`${code}: no space left on device, write`), { code });
}

/** A staging area on a disk that fills up after `room` bytes. */
class FullStaging extends StagingArea {
	constructor(
		dir: string,
		private room: number,
		private code: 'ENOSPC' | 'EDQUOT' = 'ENOSPC'
	) {
		super(dir);
	}
	override writeStream(upload: Pick<StagedUpload, 'id' | 'fileName'>): Writable {
		const real = fs.createWriteStream(this.filePath(upload));
		return new Writable({
			write: (chunk: Buffer, _encoding, done) => {
				this.room -= chunk.length;
				if (this.room < 0) done(fullDisk(this.code));
				else real.write(chunk, done);
			},
			final: (done) => real.end(done),
			destroy: (err, done) => {
				real.destroy();
				done(err);
			}
		});
	}
}

let box: Sandbox;
let settings: UploadContext['settings'];
beforeEach(async () => {
	box = await sandbox();
	settings = { ...readSettings({ LEDGER_DATA_DIR: box.dir }), dbPath: ':memory:' };
	state.ctx = { db: box.db, settings, staging: new StagingArea(settings.stagingDir) };
});
afterEach(async () => {
	vi.restoreAllMocks();
	await box.dispose();
});

type Handler = (event: never) => Promise<Response> | Response;

async function call(handler: Handler, request: Request, params: Record<string, string> = {}) {
	const response = await handler({
		request,
		url: new URL(request.url),
		params,
		locals: localsFor(ANALYST)
	} as never);
	const text = await response.text();
	return { status: response.status, body: JSON.parse(text) as Record<string, unknown> };
}

/** A valid export of `n` rows (about 60 bytes each). */
function exportOf(n: number): string {
	return csv(
		...Array.from(
			{ length: n },
			(_, i) => `P${i},云南路社区,营商环境,问题${i},2018-11-05,,待处理,,否`
		)
	);
}

function upload(files: string[], query = '') {
	const data = new FormData();
	files.forEach((content, i) => data.append('file', new Blob([content]), `f${i}.csv`));
	return call(
		UPLOAD as Handler,
		new Request(`http://localhost/api/v1/uploads${query}`, { method: 'POST', body: data })
	);
}

const left = (dir: string) => (fs.existsSync(dir) ? fs.readdirSync(dir) : []);

async function expectNothingKept(): Promise<void> {
	expect(left(settings.stagingDir)).toEqual([]);
	expect(left(settings.tmpDir)).toEqual([]);
	expect(await count(box.db, 'uploads')).toBe(0);
	expect(await count(box.db, 'problems')).toBe(0);
}

describe('a full disk', () => {
	it('while a file is received: 507 in Chinese at once, nothing staged', async () => {
		state.ctx = { ...state.ctx!, staging: new FullStaging(settings.stagingDir, 64 * 1024) };
		// 1 MB in two files: the disk fills in the first, the second is read and dropped.
		const answer = await upload([exportOf(10_000), exportOf(8_000)], '?dryRun=1');
		expect(answer.status).toBe(507);
		expect(answer.body.error).toMatch(/服务器磁盘空间不足.*请联系管理员/);
		await expectNothingKept();
	});

	it('answers an exhausted quota (EDQUOT) the same way', async () => {
		state.ctx = {
			...state.ctx!,
			staging: new FullStaging(settings.stagingDir, 1024, 'EDQUOT')
		};
		const answer = await upload([exportOf(2_000)]);
		expect(answer.status).toBe(507);
		await expectNothingKept();
	});

	it('while ingesting at once: 507, rolled back, the staged file removed', async () => {
		vi.spyOn(fs.promises, 'copyFile').mockRejectedValue(fullDisk('ENOSPC'));
		const answer = await upload([exportOf(50)]);
		expect(answer.status).toBe(507);
		expect(answer.body.error).toMatch(/服务器磁盘空间不足/);
		await expectNothingKept();
	});

	it('while committing a preview: 507, rolled back, the staged file removed', async () => {
		const preview = await upload([exportOf(50)], '?dryRun=1');
		expect(preview.status).toBe(200);
		const [file] = preview.body.files as { stagedId: string; previewKey: string }[];
		vi.spyOn(fs.promises, 'copyFile').mockRejectedValue(fullDisk('ENOSPC'));
		const answer = await call(
			COMMIT as Handler,
			new Request(`http://localhost/api/v1/uploads/staged/${file.stagedId}/commit`, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({ previewKey: file.previewKey })
			}),
			{ id: file.stagedId }
		);
		expect(answer.status).toBe(507);
		expect(answer.body.error).toMatch(/请联系管理员/);
		await expectNothingKept();
	});

	it('is recognised in DuckDB’s words too', () => {
		expect(
			isDiskFull(new Error('IO Error: Could not write file "x.wal": No space left on device'))
		).toBe(true);
		expect(isDiskFull(new Error('wrapped', { cause: fullDisk('EDQUOT') }))).toBe(true);
		expect(isDiskFull(new Error('Conversion Error'))).toBe(false);
	});
});
