// A staged file belongs to the account that uploaded it (issue 15): another analyst who learns its
// id can neither preview it again, nor commit it, nor discard it, and is told it does not exist;
// an admin may. Over a real in-memory DuckDB and a real staging folder.
import fs from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import type { Principal } from '$lib/domain/roles';
import { ADMIN, ANALYST } from '$lib/server/auth/test-principals';
import { count, csv } from '$lib/server/ingest/test-support';
import { POST as UPLOAD } from '../+server';
import { call, jsonRequest, uploadForm, uploadRequest, uploadsSandbox } from '../test-support';
import { DELETE as DISCARD, POST as PREVIEW_AGAIN } from './[id]/+server';
import { POST as COMMIT } from './[id]/commit/+server';

vi.mock('$lib/server/uploads/context', () => import('../test-support'));

const OTHER_ANALYST: Principal = { ...ANALYST, userId: 7, username: 'lisi' };

const box = uploadsSandbox();

/** `who` discards the staged file `id`. */
const discard = (id: string, who: Principal) =>
	call(DISCARD, new Request(`http://localhost/api/v1/uploads/staged/${id}`, { method: 'DELETE' }), {
		params: { id },
		as: who
	});

/** `who` commits the staged file `id` with its preview key. */
const commit = (id: string, previewKey: string, who: Principal) =>
	call(COMMIT, jsonRequest('POST', `/api/v1/uploads/staged/${id}/commit`, { previewKey }), {
		params: { id },
		as: who
	});

/** ANALYST stages a file; its id and preview key. */
async function stagedByAnalyst(): Promise<{ id: string; key: string }> {
	const file = csv('A1,云南路社区,营商环境,路灯坏了,2018-11-05,,待处理,,否');
	const res = await call(
		UPLOAD,
		uploadRequest(uploadForm([{ name: 'a.csv', content: file }]), '?dryRun=1')
	);
	expect(res.status).toBe(200);
	const [staged] = res.body.files as { stagedId: string; previewKey: string }[];
	return { id: staged.stagedId, key: staged.previewKey };
}

describe('a staged file and other accounts', () => {
	it('records its uploader', async () => {
		const { id } = await stagedByAnalyst();
		const meta = await box.ctx.staging.get(id);
		expect(meta?.owner).toEqual({ userId: ANALYST.userId, username: ANALYST.username });
	});

	it('is not there for another analyst: preview, commit and discard answer 404', async () => {
		const { id, key } = await stagedByAnalyst();
		const again = await call(
			PREVIEW_AGAIN,
			jsonRequest('POST', `/api/v1/uploads/staged/${id}`, {}),
			{
				params: { id },
				as: OTHER_ANALYST
			}
		);
		const answers = [again, await commit(id, key, OTHER_ANALYST), await discard(id, OTHER_ANALYST)];
		for (const answer of answers) {
			expect(answer.status).toBe(404);
			expect(answer.body.error).toMatch(/找不到这个待提交的文件/);
		}
		// Nothing happened to it: still staged, nothing committed, and its owner can commit it.
		expect(await box.ctx.staging.get(id)).not.toBeNull();
		expect(await count(box.db, 'problems')).toBe(0);
		expect((await commit(id, key, ANALYST)).status).toBe(200);
		expect(await count(box.db, 'problems')).toBe(1);
	});

	it('answers an unknown id the same way, so a 404 reveals nothing', async () => {
		const answer = await discard('00000000-0000-4000-8000-000000000000', ANALYST);
		expect(answer.status).toBe(404);
	});

	it('may be discarded by an admin', async () => {
		const { id } = await stagedByAnalyst();
		expect((await discard(id, ADMIN)).status).toBe(204);
		expect(fs.existsSync(box.ctx.staging.folder(id))).toBe(false);
	});
});
