// What /admin does to accounts and tokens, and what each change leaves in the audit log.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
	createSession,
	generateToken,
	validateApiToken,
	validateSessionToken
} from '../auth/session';
import { findUserRow, getUser } from '../auth/users';
import { verifyPassword } from '../auth/password';
import {
	communityChoices,
	createAccount,
	issueToken,
	resetAccountPassword,
	revokeToken,
	scopeFromForm,
	setAccountDisabled,
	updateAccount,
	type AdminContext
} from './accounts';
import { refusalMessage } from './admin-error';
import { adminContext, auditEntries, insertProblems } from './test-support';

let ctx: AdminContext;
beforeEach(async () => {
	ctx = await adminContext();
});
afterEach(() => ctx.db.close());

const viewer = (over: Partial<Parameters<typeof createAccount>[1]> = {}) =>
	createAccount(ctx, {
		username: 'chakan',
		displayName: '查看员',
		role: 'viewer',
		scope: ['云南路社区'],
		password: '',
		...over
	});

describe('creating an account', () => {
	it('generates a password when none is typed, returns it once, and audits without it', async () => {
		const { user, generatedPassword } = await viewer();
		expect(user).toMatchObject({ username: 'chakan', role: 'viewer', scope: ['云南路社区'] });
		expect(generatedPassword).toMatch(/^[a-z2-9]{4}(-[a-z2-9]{4}){3}$/);
		const row = await findUserRow(ctx.db, 'chakan');
		expect(await verifyPassword(row!.passwordHash, generatedPassword!)).toBe(true);
		const [entry] = await auditEntries(ctx.db);
		expect(entry).toEqual({
			actor: 'boss',
			address: '10.1.2.3',
			action: 'user.create',
			target: 'chakan',
			detail: {
				role: 'viewer',
				scope: ['云南路社区'],
				displayName: '查看员',
				passwordGenerated: true
			},
			result: 'ok'
		});
		expect(JSON.stringify(entry)).not.toContain(generatedPassword);
	});

	it('takes a typed password, and audits a refusal with its reason', async () => {
		const typed = await viewer({ username: 'fenxi', role: 'analyst', password: 'typed-pass-1' });
		expect(typed.generatedPassword).toBeNull();
		const err = await viewer({ username: 'fenxi' }).catch((e: unknown) => e);
		expect(refusalMessage(err)).toMatch(/已经存在/);
		const entries = await auditEntries(ctx.db);
		expect(entries.map((e) => [e.action, e.target, e.result])).toEqual([
			['user.create', 'fenxi', 'ok'],
			['user.create', 'fenxi', 'failed']
		]);
		expect(entries[1].detail).toEqual({ reason: '用户名“fenxi”已经存在。' });
		expect(JSON.stringify(entries)).not.toContain('typed-pass-1');
	});
});

describe('changing an account', () => {
	it('records role, scope and name before and after', async () => {
		const { user } = await viewer();
		await updateAccount(ctx, user.id, { role: 'analyst', scope: null, displayName: '分析员' });
		expect(await getUser(ctx.db, user.id)).toMatchObject({
			role: 'analyst',
			scope: null,
			displayName: '分析员'
		});
		const entry = (await auditEntries(ctx.db)).at(-1)!;
		expect(entry).toMatchObject({ action: 'user.update', target: 'chakan', result: 'ok' });
		expect(entry.detail).toEqual({
			before: { role: 'viewer', scope: ['云南路社区'], displayName: '查看员', disabled: false },
			after: { role: 'analyst', scope: null, displayName: '分析员', disabled: false }
		});
	});

	it('refuses to demote or disable the acting admin, and the last admin', async () => {
		const self = ctx.actor.userId;
		await expect(
			updateAccount(ctx, self, { role: 'viewer', scope: null, displayName: null })
		).rejects.toThrow(/不能取消自己的管理员角色/);
		await expect(setAccountDisabled(ctx, self, true)).rejects.toThrow(/不能停用自己的账号/);
		// Another admin acting on the only remaining admin is refused by updateUser itself.
		const { user: other } = await viewer({ username: 'admin2', role: 'admin' });
		await setAccountDisabled(ctx, other.id, true);
		const asOther = { ...ctx, actor: { ...ctx.actor, userId: other.id, username: 'admin2' } };
		await expect(setAccountDisabled(asOther, self, true)).rejects.toThrow(/至少要保留一个/);
		expect((await getUser(ctx.db, self))?.disabled).toBe(false);
		const refused = (await auditEntries(ctx.db)).filter((e) => e.result === 'failed');
		expect(refused.map((e) => e.action)).toEqual(['user.update', 'user.update', 'user.update']);
	});

	it('disabling signs the user out and stops their tokens; enabling lets them back', async () => {
		const { user } = await viewer();
		const session = generateToken();
		await createSession(ctx.db, session, user.id);
		const { token } = await issueToken(ctx, user.id, '脚本');
		await setAccountDisabled(ctx, user.id, true);
		expect(await validateSessionToken(ctx.db, session)).toBeNull();
		expect(await validateApiToken(ctx.db, token)).toBeNull();
		await setAccountDisabled(ctx, user.id, false);
		expect(await validateApiToken(ctx.db, token)).toMatchObject({ username: 'chakan' });
		const updates = (await auditEntries(ctx.db)).filter((e) => e.action === 'user.update');
		expect(updates.map((e) => e.detail)).toEqual([
			{ before: { disabled: false }, after: { disabled: true } },
			{ before: { disabled: true }, after: { disabled: false } }
		]);
	});

	it('resets a password: a new one shown once, the old one refused, signed out everywhere', async () => {
		const { user } = await viewer({ password: 'old-password-1' });
		const session = generateToken();
		await createSession(ctx.db, session, user.id);
		const fresh = await resetAccountPassword(ctx, user.id);
		const row = await findUserRow(ctx.db, 'chakan');
		expect(await verifyPassword(row!.passwordHash, fresh)).toBe(true);
		expect(await verifyPassword(row!.passwordHash, 'old-password-1')).toBe(false);
		expect(await validateSessionToken(ctx.db, session)).toBeNull();
		await expect(resetAccountPassword(ctx, ctx.actor.userId)).rejects.toThrow(/账号/);
		const resets = (await auditEntries(ctx.db)).filter((e) => e.action === 'user.password_reset');
		expect(resets.map((e) => [e.target, e.result])).toEqual([
			['chakan', 'ok'],
			['boss', 'failed']
		]);
		expect(JSON.stringify(resets)).not.toContain(fresh);
	});
});

describe('API tokens', () => {
	it('are issued for a user, work as Bearer until revoked, and both are audited', async () => {
		const { user } = await viewer({ username: 'script', role: 'analyst', scope: null });
		const issued = await issueToken(ctx, user.id, '  每周导入  ');
		expect(issued).toMatchObject({ username: 'script', name: '每周导入' });
		expect(await validateApiToken(ctx.db, issued.token)).toMatchObject({
			username: 'script',
			role: 'analyst',
			via: 'token'
		});
		await revokeToken(ctx, issued.id);
		expect(await validateApiToken(ctx.db, issued.token)).toBeNull();
		await expect(revokeToken(ctx, issued.id)).rejects.toThrow(/已经撤销/);
		const entries = (await auditEntries(ctx.db)).filter((e) => e.action.startsWith('token.'));
		expect(entries).toEqual([
			expect.objectContaining({
				action: 'token.issue',
				target: 'script',
				detail: { tokenId: issued.id, name: '每周导入', role: 'analyst' },
				result: 'ok'
			}),
			expect.objectContaining({
				action: 'token.revoke',
				target: 'script',
				detail: { tokenId: issued.id, name: '每周导入' },
				result: 'ok'
			}),
			expect.objectContaining({ action: 'token.revoke', result: 'failed' })
		]);
		expect(JSON.stringify(entries)).not.toContain(issued.token);
	});

	it('need a purpose, and are not issued for a disabled account', async () => {
		const { user } = await viewer();
		await expect(issueToken(ctx, user.id, '  ')).rejects.toThrow(/用途/);
		await setAccountDisabled(ctx, user.id, true);
		await expect(issueToken(ctx, user.id, '脚本')).rejects.toThrow(/已停用/);
		await expect(revokeToken(ctx, 999)).rejects.toThrow(/没有这个令牌/);
	});
});

describe('scopes', () => {
	it('come from the form as the whole street, none, or the checked communities', () => {
		const form = (entries: [string, string][]) => {
			const f = new FormData();
			for (const [k, v] of entries) f.append(k, v);
			return f;
		};
		expect(scopeFromForm(form([['scopeMode', 'all']]))).toBeNull();
		expect(scopeFromForm(form([['scopeMode', 'none']]))).toEqual([]);
		expect(
			scopeFromForm(
				form([
					['scopeMode', 'some'],
					['communities', '云南路社区'],
					['communities', '八一社区']
				])
			)
		).toEqual(['云南路社区', '八一社区']);
		expect(() => scopeFromForm(form([['scopeMode', 'some']]))).toThrow(/至少勾选一个社区/);
		expect(() => scopeFromForm(form([]))).toThrow(/请选择可查看的范围/);
	});

	it('offer the communities in the data and those already in a scope', async () => {
		await insertProblems(ctx.db, [
			{
				community: '云南路社区',
				problemId: 'a',
				theme: 'safety',
				source: 'file',
				description: 'x'
			},
			{ community: '八一社区', problemId: 'b', theme: 'safety', source: 'file', description: 'y' }
		]);
		await viewer({ scope: ['未导入社区'] });
		expect(await communityChoices(ctx.db, ctx.actor)).toEqual(
			['云南路社区', '八一社区', '未导入社区'].sort((a, b) => a.localeCompare(b, 'zh-CN'))
		);
	});
});

describe('an admin with a community scope (issue 15)', () => {
	/** boss (the whole street) makes 云南路社区's own admin, and accounts inside and outside it. */
	async function scopedAdmin() {
		const { user: admin } = await viewer({ username: 'yunnan-admin', role: 'admin' });
		const { user: inside } = await viewer({ username: 'yunnan-viewer' });
		const { user: outside } = await viewer({ username: 'shouzhang', scope: ['寿张路社区'] });
		const { user: street } = await viewer({ username: 'street', role: 'analyst', scope: null });
		const scoped: AdminContext = {
			...ctx,
			actor: { ...ctx.actor, userId: admin.id, username: admin.username, scope: ['云南路社区'] }
		};
		return { admin, inside, outside, street, scoped };
	}

	it('cannot lift, widen or otherwise change its own scope', async () => {
		const { admin, scoped } = await scopedAdmin();
		for (const scope of [null, ['云南路社区', '寿张路社区'], []]) {
			await expect(
				updateAccount(scoped, admin.id, { role: 'admin', scope, displayName: null })
			).rejects.toThrow(/不能修改自己的社区范围/);
		}
		// Its name it may change, with the scope as it is.
		await updateAccount(scoped, admin.id, {
			role: 'admin',
			scope: ['云南路社区'],
			displayName: '云南路管理员'
		});
		expect(await getUser(ctx.db, admin.id)).toMatchObject({
			scope: ['云南路社区'],
			displayName: '云南路管理员'
		});
		// Nor does the whole street's admin change its own (it could only narrow it, then be stuck).
		await expect(
			updateAccount(ctx, ctx.actor.userId, {
				role: 'admin',
				scope: ['云南路社区'],
				displayName: null
			})
		).rejects.toThrow(/不能修改自己的社区范围/);
	});

	it('grants no scope beyond its own, and manages only the accounts within it', async () => {
		const { inside, outside, street, scoped } = await scopedAdmin();
		await expect(
			createAccount(scoped, {
				username: 'wide',
				displayName: null,
				role: 'analyst',
				scope: null,
				password: ''
			})
		).rejects.toThrow(/只能管理云南路社区范围内的账号/);
		await expect(
			updateAccount(scoped, inside.id, { role: 'viewer', scope: null, displayName: null })
		).rejects.toThrow(/不能授予全街道或其他社区的范围/);
		expect((await getUser(ctx.db, inside.id))?.scope).toEqual(['云南路社区']);
		// Accounts outside its communities are not there for it.
		for (const other of [outside, street]) {
			await expect(
				updateAccount(scoped, other.id, {
					role: 'viewer',
					scope: ['云南路社区'],
					displayName: null
				})
			).rejects.toThrow(/没有这个用户/);
			await expect(setAccountDisabled(scoped, other.id, true)).rejects.toThrow(/没有这个用户/);
			await expect(resetAccountPassword(scoped, other.id)).rejects.toThrow(/没有这个用户/);
			await expect(issueToken(scoped, other.id, '脚本')).rejects.toThrow(/没有这个用户/);
		}
		const theirs = await issueToken(ctx, street.id, '全街道脚本');
		await expect(revokeToken(scoped, theirs.id)).rejects.toThrow(/没有这个令牌/);
		// Within its communities it administers as any admin.
		const made = await createAccount(scoped, {
			username: 'yunnan-analyst',
			displayName: null,
			role: 'analyst',
			scope: ['云南路社区'],
			password: ''
		});
		expect(made.user.scope).toEqual(['云南路社区']);
		await setAccountDisabled(scoped, inside.id, true);
		expect((await getUser(ctx.db, inside.id))?.disabled).toBe(true);
		// It is offered only its own communities to grant.
		await insertProblems(ctx.db, [
			{ community: '寿张路社区', problemId: 'X', theme: 'other', source: 'file', description: '甲' }
		]);
		expect(await communityChoices(ctx.db, scoped.actor)).toEqual(['云南路社区']);
	});
});
