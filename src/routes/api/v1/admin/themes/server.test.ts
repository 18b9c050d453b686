// POST /api/v1/admin/themes as the uploads page calls it: JSON in, the created themes out; an
// admin with a scope and an analyst refused (403) before anything is read; a clash 409, a bad body
// 400, each with its reason in Chinese.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { auditEntries } from '$lib/server/admin/test-support';
import { ADMIN, ANALYST, localsFor } from '$lib/server/auth/test-principals';
import { createUser } from '$lib/server/auth/users';
import { LedgerDatabase } from '$lib/server/db/database';
import { readVocabulary } from '$lib/server/db/vocabulary';
import { POST } from './+server';

const state = vi.hoisted(() => ({ db: undefined as unknown as LedgerDatabase }));
vi.mock('$lib/server/web-database', () => ({ webDatabase: async () => state.db }));

let adminId: number;
beforeAll(async () => {
	state.db = await LedgerDatabase.open(':memory:');
	adminId = (
		await createUser(state.db, { username: 'admin', password: 'admin-pass-1', role: 'admin' })
	).id;
});
afterAll(() => state.db.close());

function post(principal: typeof ADMIN, body: unknown, type = 'application/json') {
	const url = new URL('http://localhost/api/v1/admin/themes');
	return POST({
		url,
		locals: { ...localsFor(principal), address: '192.0.2.7' },
		request: new Request(url, {
			method: 'POST',
			headers: { 'content-type': type },
			body: typeof body === 'string' ? body : JSON.stringify(body)
		})
	} as never);
}

const themeCodes = async () => (await readVocabulary(state.db)).themes.map((t) => t.code);

describe('POST /api/v1/admin/themes', () => {
	it('refuses an admin with a community scope and an analyst, changing nothing', async () => {
		const before = await themeCodes();
		for (const principal of [{ ...ADMIN, scope: ['云南路社区'] }, ANALYST]) {
			const res = await post(principal, { labels: ['噪音扰民'] });
			expect(res.status).toBe(403);
			expect((await res.json()).error).toMatch(/权限|全街道/);
		}
		expect(await themeCodes()).toEqual(before);
	});

	it('refuses a body that is not a list of labels, or an empty one', async () => {
		const admin = { ...ADMIN, userId: adminId };
		expect((await post(admin, { labels: '噪音扰民' })).status).toBe(400);
		expect((await post(admin, { labels: [1] })).status).toBe(400);
		const empty = await post(admin, { labels: ['  '] });
		expect(empty.status).toBe(400);
		expect(await empty.json()).toEqual({ error: '没有要导入的分类。' });
		expect((await post(admin, 'labels=x', 'application/x-www-form-urlencoded')).status).toBe(415);
		const tooMany = await post(admin, { labels: Array.from({ length: 201 }, (_, i) => `c${i}`) });
		expect(tooMany.status).toBe(400);
	});

	it('creates the themes for a street admin; the same labels again are a clash (409)', async () => {
		const admin = { ...ADMIN, userId: adminId };
		const res = await post(admin, { labels: ['噪音扰民', 'Illegal Parking'] });
		expect(res.status).toBe(200);
		expect(await res.json()).toEqual({
			themes: [
				{ code: 'theme_1', labelZh: '噪音扰民', labelEn: '噪音扰民' },
				{ code: 'illegal_parking', labelZh: 'Illegal Parking', labelEn: 'Illegal Parking' }
			],
			relabelled: 0,
			reclassified: 0
		});
		expect((await themeCodes()).slice(-3)).toEqual(['theme_1', 'illegal_parking', 'other']);
		const again = await post(admin, { labels: ['illegal parking'] });
		expect(again.status).toBe(409);
		expect((await again.json()).error).toMatch(/“illegal parking”已对应主题“Illegal Parking”/);
		expect((await auditEntries(state.db)).map((e) => [e.actor, e.action, e.result])).toEqual([
			['admin', 'taxonomy.import', 'ok'],
			['admin', 'taxonomy.import', 'failed']
		]);
	});
});
