// The /admin form actions as the browser calls them: form fields in, { action, ... } or
// fail(400, { action, message }) out, and an audit entry with the admin and the request's address.
import { isActionFailure, isHttpError } from '@sveltejs/kit';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { auditEntries, insertProblems } from '$lib/server/admin/test-support';
import { validateApiToken } from '$lib/server/auth/session';
import { ADMIN, localsFor } from '$lib/server/auth/test-principals';
import { createUser } from '$lib/server/auth/users';
import { LedgerDatabase } from '$lib/server/db/database';
import { actions as userActions, load as usersLoad } from './+page.server';
import { actions as taxonomyActions, load as taxonomyLoad } from './taxonomy/+page.server';
import { POST as BACKUP } from '../api/v1/admin/backup/+server';
import { ApiError } from '$lib/server/http/api-error';
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

describe('an admin with a community scope (issue 15)', () => {
	let scopedId: number;
	const scopedLocals = () => ({
		...localsFor({ ...ADMIN, userId: scopedId, username: 'bayi-admin', scope: ['八一社区'] }),
		address: '192.0.2.8'
	});
	const as = (path: string, fields: [string, string][] = []) => {
		const body = new FormData();
		for (const [k, v] of fields) body.append(k, v);
		const url = new URL(`http://localhost${path}`);
		return { url, locals: scopedLocals(), request: new Request(url, { method: 'POST', body }) };
	};
	const status = async (run: () => unknown) => {
		try {
			await run();
			return 200;
		} catch (e) {
			if (isHttpError(e)) return e.status;
			if (e instanceof ApiError) return e.status;
			throw e;
		}
	};

	beforeAll(async () => {
		scopedId = (
			await createUser(state.db, {
				username: 'bayi-admin',
				password: 'bayi-pass-1',
				role: 'admin',
				scope: ['八一社区']
			})
		).id;
	});

	it('is shown only its communities and the accounts within them, and cannot lift its scope', async () => {
		const data = (await usersLoad(as('/admin') as never)) as {
			users: { username: string }[];
			communities: string[];
			tokens: { username: string }[];
		};
		// xinren (八一社区) and itself; not admin (the whole street), nor 云南路社区.
		expect(data.users.map((u) => u.username).sort()).toEqual(['bayi-admin', 'xinren']);
		expect(data.communities).toEqual(['八一社区']);
		expect(data.tokens.every((t) => t.username === 'xinren')).toBe(true);
		expect(JSON.stringify(data)).not.toContain('云南路社区');

		const lift = await userActions.update(
			as('/admin?/update', [
				['id', String(scopedId)],
				['role', 'admin'],
				['scopeMode', 'all']
			]) as never
		);
		expect(isActionFailure(lift)).toBe(true);
		expect(lift).toMatchObject({
			data: { message: expect.stringMatching(/不能修改自己的社区范围/) }
		});
		const grant = await userActions.create(
			as('/admin?/create', [
				['username', 'wider'],
				['role', 'viewer'],
				['scopeMode', 'all'],
				['password', '']
			]) as never
		);
		expect(isActionFailure(grant)).toBe(true);
	});

	it('sees the audit log of its accounts only', async () => {
		const data = (await auditLoad({
			url: new URL('http://localhost/admin/audit'),
			locals: scopedLocals()
		} as never)) as { rows: { actor: string }[]; actors: string[] };
		expect(data.rows.length).toBeGreaterThan(0);
		expect(new Set(data.rows.map((r) => r.actor))).toEqual(new Set(['bayi-admin']));
		expect(data.actors).toEqual(['bayi-admin']);
	});

	it('has neither the taxonomy nor a copy of the database (403)', async () => {
		expect(await status(() => taxonomyLoad(as('/admin/taxonomy') as never))).toBe(403);
		expect(
			await status(() =>
				taxonomyActions.saveStatus(
					as('/admin/taxonomy?/saveStatus', [
						['code', 'pending'],
						['labelZh', '待处理'],
						['labelEn', 'Pending']
					]) as never
				)
			)
		).toBe(403);
		const backup = await BACKUP(as('/api/v1/admin/backup') as never);
		expect(backup.status).toBe(403);
		expect(((await backup.json()) as { error: string }).error).toMatch(/全街道/);
	});
});
