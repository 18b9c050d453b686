// The /admin form actions as the browser calls them: form fields in, { action, ... } or
// fail(400, { action, message }) out, and an audit entry with the admin and the request's address.
import { isActionFailure } from '@sveltejs/kit';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { auditEntries, insertProblems } from '$lib/server/admin/test-support';
import { validateApiToken } from '$lib/server/auth/session';
import { ADMIN, localsFor } from '$lib/server/auth/test-principals';
import { createUser } from '$lib/server/auth/users';
import { LedgerDatabase } from '$lib/server/db/database';
import { actions as userActions, load as usersLoad } from './+page.server';
import { actions as taxonomyActions } from './taxonomy/+page.server';
import { load as auditLoad } from './audit/+page.server';

const state = vi.hoisted(() => ({ db: undefined as unknown as LedgerDatabase }));
vi.mock('$lib/server/web-database', () => ({ webDatabase: async () => state.db }));

let adminId: number;
beforeAll(async () => {
	state.db = await LedgerDatabase.open(':memory:');
	adminId = (
		await createUser(state.db, { username: 'admin', password: 'admin-pass-1', role: 'admin' })
	).id;
	await insertProblems(state.db, [
		{ problemId: 'c1', theme: 'other', source: 'classified', description: '路灯不亮' },
		{ community: '八一社区', problemId: 'f1', theme: 'other', source: 'file', description: '路灯' }
	]);
});
afterAll(() => state.db.close());

const locals = () => ({ ...localsFor({ ...ADMIN, userId: adminId }), address: '192.0.2.7' });

function post(path: string, fields: [string, string][]) {
	const body = new FormData();
	for (const [k, v] of fields) body.append(k, v);
	const url = new URL(`http://localhost${path}`);
	return { url, locals: locals(), request: new Request(url, { method: 'POST', body }) } as never;
}

describe('/admin', () => {
	it('creates a user with a generated password, shown in the answer only', async () => {
		const result = await userActions.create(
			post('/admin?/create', [
				['username', 'xinren'],
				['displayName', '新人'],
				['role', 'viewer'],
				['scopeMode', 'some'],
				['communities', '八一社区'],
				['password', '']
			])
		);
		expect(result).toMatchObject({ action: 'create', username: 'xinren' });
		expect((result as { password: string }).password).toMatch(/^[a-z2-9]{4}(-[a-z2-9]{4}){3}$/);
		const entry = (await auditEntries(state.db)).at(-1)!;
		expect(entry).toMatchObject({
			actor: 'admin',
			address: '192.0.2.7',
			action: 'user.create',
			target: 'xinren',
			result: 'ok'
		});
		const data = (await usersLoad({
			url: new URL('http://localhost/admin'),
			locals: locals()
		} as never)) as {
			users: { username: string; scope: string[] | null }[];
			communities: string[];
		};
		expect(data.users.find((u) => u.username === 'xinren')?.scope).toEqual(['八一社区']);
		expect(data.communities).toEqual(
			['云南路社区', '八一社区'].sort((a, b) => a.localeCompare(b, 'zh-CN'))
		);
	});

	it('answers a refusal with 400 and the message in Chinese', async () => {
		const result = await userActions.create(
			post('/admin?/create', [
				['username', 'xinren'],
				['role', 'viewer'],
				['scopeMode', 'all'],
				['password', '']
			])
		);
		expect(isActionFailure(result)).toBe(true);
		expect(result).toMatchObject({
			status: 400,
			data: { action: 'create', message: '用户名“xinren”已经存在。' }
		});
	});

	it('issues a token shown once, and revoking it refuses the next request', async () => {
		const user = (
			await state.db.all<{ id: number }>("SELECT id FROM users WHERE username = 'xinren'")
		)[0];
		const issued = (await userActions.issueToken(
			post('/admin?/issueToken', [
				['userId', String(user.id)],
				['name', '报表脚本']
			])
		)) as { token: string };
		expect(await validateApiToken(state.db, issued.token)).toMatchObject({ username: 'xinren' });
		const [{ id }] = await state.db.all<{ id: number }>('SELECT id FROM api_tokens');
		expect(
			await userActions.revokeToken(post('/admin?/revokeToken', [['id', String(id)]]))
		).toEqual({
			action: 'revokeToken'
		});
		expect(await validateApiToken(state.db, issued.token)).toBeNull();
		const actions = (await auditEntries(state.db)).map((e) => e.action);
		expect(actions.slice(-2)).toEqual(['token.issue', 'token.revoke']);
	});
});

describe('/admin/taxonomy', () => {
	const fields = (keywords: string): [string, string][] => [
		['code', 'service_innovation'],
		['labelZh', '便民服务创新'],
		['labelEn', 'Service innovation'],
		['aliases', '便民服务|为民服务|惠民服务'],
		['keywords', keywords]
	];

	it('previews without saving, echoing what was typed', async () => {
		const result = await taxonomyActions.previewTheme(
			post('/admin/taxonomy?/previewTheme', fields('便民\n路灯'))
		);
		expect(result).toMatchObject({
			action: 'previewTheme',
			code: 'service_innovation',
			// Multipart form data sends line breaks as CRLF, as browsers do.
			values: { keywords: '便民\r\n路灯' },
			preview: { changes: 1 }
		});
		expect((await auditEntries(state.db)).at(-1)?.action).not.toBe('taxonomy.update');
	});

	it('saves and re-classifies, audited with the count', async () => {
		const result = await taxonomyActions.saveTheme(
			post('/admin/taxonomy?/saveTheme', fields('便民\n路灯'))
		);
		expect(result).toMatchObject({ action: 'saveTheme', saved: { changes: 1 } });
		const entry = (await auditEntries(state.db)).at(-1)!;
		expect(entry).toMatchObject({
			action: 'taxonomy.update',
			target: 'service_innovation',
			address: '192.0.2.7',
			detail: { reclassified: 1 }
		});
	});
});

describe('/admin/audit', () => {
	it('lists the entries newest first, filtered from the URL', async () => {
		const data = (await auditLoad({
			url: new URL('http://localhost/admin/audit?action=token.issue'),
			locals: locals()
		} as never)) as { total: number; rows: { action: string; target: string }[] };
		expect(data.total).toBe(1);
		expect(data.rows[0]).toMatchObject({ action: 'token.issue', target: 'xinren' });
	});
});
