// A full disk during an upload (issue 15), without filling the real one: the staging area's write
// stream fails with ENOSPC/EDQUOT, or the ingest's archive copy does. Each answer is a Chinese
// 507, the staged files are gone, and the database holds no half batch. Real in-memory DuckDB.
import fs from 'node:fs';
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { count, csv } from '$lib/server/ingest/test-support';
import { isDiskFull } from '$lib/server/uploads/disk-full';
import { StagingArea, type StagedUpload } from '$lib/server/uploads/staging';
import { POST as UPLOAD } from './+server';
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

const box = uploadsSandbox();
afterEach(() => {
	vi.restoreAllMocks();
});

/** A valid export of `n` rows (about 60 bytes each). */
function exportOf(n: number): string {
	return csv(
		...Array.from(
			{ length: n },
			(_, i) => `P${i},云南路社区,营商环境,问题${i},2018-11-05,,待处理,,否`
		)
	);
}

const upload = (files: string[], query = '') =>
	call(
		UPLOAD,
		uploadRequest(uploadForm(files.map((content, i) => ({ name: `f${i}.csv`, content }))), query)
	);

async function expectNothingKept(): Promise<void> {
	expect(leftovers()).toEqual([]);
	expect(await count(box.db, 'uploads')).toBe(0);
	expect(await count(box.db, 'problems')).toBe(0);
}

describe('a full disk', () => {
	it('while a file is received: 507 in Chinese at once, nothing staged', async () => {
		box.ctx = { ...box.ctx, staging: new FullStaging(box.settings.stagingDir, 64 * 1024) };
		// 1 MB in two files: the disk fills in the first, the second is read and dropped.
		const answer = await upload([exportOf(10_000), exportOf(8_000)], '?dryRun=1');
		expect(answer.status).toBe(507);
		expect(answer.body.error).toMatch(/服务器磁盘空间不足.*请联系管理员/);
		await expectNothingKept();
	});

	it('answers an exhausted quota (EDQUOT) the same way', async () => {
		box.ctx = { ...box.ctx, staging: new FullStaging(box.settings.stagingDir, 1024, 'EDQUOT') };
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
			COMMIT,
			jsonRequest('POST', `/api/v1/uploads/staged/${file.stagedId}/commit`, {
				previewKey: file.previewKey
			}),
			{ params: { id: file.stagedId } }
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
