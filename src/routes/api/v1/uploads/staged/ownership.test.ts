// A staged file belongs to the account that uploaded it (issue 15): another analyst who learns its
// id can neither preview it again, nor commit it, nor discard it, and is told it does not exist;
// an admin may. Over a real in-memory DuckDB and a real staging folder.
import fs from 'node:fs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Principal } from '$lib/domain/roles';
import { ADMIN, ANALYST, localsFor } from '$lib/server/auth/test-principals';
import { readSettings } from '$lib/server/env';
import { count, csv, sandbox, type Sandbox } from '$lib/server/ingest/test-support';
import { StagingArea } from '$lib/server/uploads/staging';
import type { UploadContext } from '$lib/server/uploads/workflow';
import { POST as UPLOAD } from '../+server';
import { DELETE as DISCARD, POST as PREVIEW_AGAIN } from './[id]/+server';
import { POST as COMMIT } from './[id]/commit/+server';

const state = vi.hoisted(() => ({ ctx: undefined as UploadContext | undefined }));
vi.mock('$lib/server/uploads/context', () => ({ uploadContext: async () => state.ctx }));

const OTHER_ANALYST: Principal = { ...ANALYST, userId: 7, username: 'lisi' };

let box: Sandbox;
beforeEach(async () => {
	box = await sandbox();
	const settings = { ...readSettings({ LEDGER_DATA_DIR: box.dir }), dbPath: ':memory:' };
	state.ctx = { db: box.db, settings, staging: new StagingArea(settings.stagingDir) };
});
afterEach(async () => box.dispose());

type Handler = (event: never) => Promise<Response> | Response;

async function call(
	handler: Handler,
	who: Principal,
	request: Request,
	params: Record<string, string> = {}
): Promise<{ status: number; body: Record<string, unknown> }> {
	const response = await handler({
		request,
		url: new URL(request.url),
		params,
		locals: localsFor(who)
	} as never);
	const text = await response.text();
	return { status: response.status, body: text ? JSON.parse(text) : {} };
}

const json = (method: string, path: string, body: unknown) =>
	new Request(`http://localhost${path}`, {
		method,
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify(body)
	});

/** ANALYST stages a file; its id and preview key. */
async function stagedByAnalyst(): Promise<{ id: string; key: string }> {
	const data = new FormData();
	const file = csv('A1,云南路社区,营商环境,路灯坏了,2018-11-05,,待处理,,否');
	data.append('file', new Blob([file]), 'a.csv');
	const res = await call(
		UPLOAD as Handler,
		ANALYST,
		new Request('http://localhost/api/v1/uploads?dryRun=1', { method: 'POST', body: data })
	);
	expect(res.status).toBe(200);
	const [staged] = res.body.files as { stagedId: string; previewKey: string }[];
	return { id: staged.stagedId, key: staged.previewKey };
}

describe('a staged file and other accounts', () => {
	it('records its uploader', async () => {
		const { id } = await stagedByAnalyst();
		const meta = await state.ctx!.staging.get(id);
		expect(meta?.owner).toEqual({ userId: ANALYST.userId, username: ANALYST.username });
	});

	it('is not there for another analyst: preview, commit and discard answer 404', async () => {
		const { id, key } = await stagedByAnalyst();
		const path = `/api/v1/uploads/staged/${id}`;
		const again = await call(PREVIEW_AGAIN as Handler, OTHER_ANALYST, json('POST', path, {}), {
			id
		});
		const commit = await call(
			COMMIT as Handler,
			OTHER_ANALYST,
			json('POST', `${path}/commit`, { previewKey: key }),
			{ id }
		);
		const discard = await call(
			DISCARD as Handler,
			OTHER_ANALYST,
			new Request(`http://localhost${path}`, { method: 'DELETE' }),
			{ id }
		);
		for (const answer of [again, commit, discard]) {
			expect(answer.status).toBe(404);
			expect(answer.body.error).toMatch(/找不到这个待提交的文件/);
		}
		// Nothing happened to it: still staged, nothing committed, and its owner can commit it.
		expect(await state.ctx!.staging.get(id)).not.toBeNull();
		expect(await count(box.db, 'problems')).toBe(0);
		const own = await call(
			COMMIT as Handler,
			ANALYST,
			json('POST', `${path}/commit`, { previewKey: key }),
			{ id }
		);
		expect(own.status).toBe(200);
		expect(await count(box.db, 'problems')).toBe(1);
	});

	it('answers an unknown id the same way, so a 404 reveals nothing', async () => {
		const id = '00000000-0000-4000-8000-000000000000';
		const discard = await call(
			DISCARD as Handler,
			ANALYST,
			new Request(`http://localhost/api/v1/uploads/staged/${id}`, { method: 'DELETE' }),
			{ id }
		);
		expect(discard.status).toBe(404);
	});

	it('may be discarded by an admin', async () => {
		const { id } = await stagedByAnalyst();
		const discard = await call(
			DISCARD as Handler,
			ADMIN,
			new Request(`http://localhost/api/v1/uploads/staged/${id}`, { method: 'DELETE' }),
			{ id }
		);
		expect(discard.status).toBe(204);
		expect(fs.existsSync(state.ctx!.staging.folder(id))).toBe(false);
	});
});
