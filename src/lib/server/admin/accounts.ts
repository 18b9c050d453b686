// What /admin does to accounts and API tokens: create, change role, scope and name, disable, reset
// a password, issue and revoke tokens. Each change is written to the audit log with the acting
// admin and address, and so is each refusal (result 'failed'). Called by src/routes/admin.
import type { LedgerDatabase } from '../db/database';
import type { Principal } from '../../domain/roles';
import { audit, type AuditAction } from '../audit/audit';
import { invalidateUserSessions, issueApiToken, revokeApiToken } from '../auth/session';
import {
	AccountError,
	createUser,
	generatePassword,
	getUser,
	setPassword,
	updateUser,
	type User
} from '../auth/users';
import { AdminError } from './admin-error';

/** Who is acting, and from where: every audit entry of this module carries both. */
export interface AdminContext {
	db: LedgerDatabase;
	actor: Principal;
	address: string;
}

/** The parts of an account an audit entry records before and after a change. */
function snapshot(user: User) {
	return {
		role: user.role,
		scope: user.scope,
		displayName: user.displayName,
		disabled: user.disabled
	};
}

/**
 * Runs `work`, then appends the audit entry: 'ok' with the detail `work` returns, or 'failed' with
 * the reason when it refuses (AccountError or AdminError), which is then thrown on.
 */
async function audited<T>(
	ctx: AdminContext,
	action: AuditAction,
	target: string | null,
	work: () => Promise<{ value: T; target?: string; detail?: Record<string, unknown> }>
): Promise<T> {
	const entry = { actor: ctx.actor, address: ctx.address, action };
	let outcome: Awaited<ReturnType<typeof work>>;
	try {
		outcome = await work();
	} catch (err) {
		if (err instanceof AccountError || err instanceof AdminError) {
			await audit(ctx.db, { ...entry, target, detail: { reason: err.message }, result: 'failed' });
		}
		throw err;
	}
	await audit(ctx.db, {
		...entry,
		target: outcome.target ?? target,
		detail: outcome.detail,
		result: 'ok'
	});
	return outcome.value;
}

async function existingUser(db: LedgerDatabase, id: number): Promise<User> {
	const user = Number.isInteger(id) ? await getUser(db, id) : null;
	if (!user) throw new AdminError('没有这个用户，可能已被删除。请刷新页面。');
	return user;
}

/** An admin cannot lock themself out mid-page; another admin can do it. */
function notSelf(ctx: AdminContext, user: User, message: string): void {
	if (user.id === ctx.actor.userId) throw new AdminError(`${message}请让另一位管理员操作。`);
}

export interface NewAccount {
	username: string;
	displayName: string | null;
	role: string;
	scope: string[] | null;
	/** Typed by the admin; empty means generate one (and show it once). */
	password: string;
}

/** Creates an account; `generatedPassword` is set only when the admin left the password empty. */
export async function createAccount(
	ctx: AdminContext,
	input: NewAccount
): Promise<{ user: User; generatedPassword: string | null }> {
	return audited(ctx, 'user.create', input.username.trim() || null, async () => {
		const generatedPassword = input.password === '' ? generatePassword() : null;
		const user = await createUser(ctx.db, {
			username: input.username,
			displayName: input.displayName,
			role: input.role,
			scope: input.scope,
			password: generatedPassword ?? input.password
		});
		return {
			value: { user, generatedPassword },
			target: user.username,
			detail: {
				role: user.role,
				scope: user.scope,
				displayName: user.displayName,
				passwordGenerated: generatedPassword !== null
			}
		};
	});
}

/** Changes role, scope and display name; the audit entry holds them before and after. */
export async function updateAccount(
	ctx: AdminContext,
	id: number,
	change: { role: string; scope: string[] | null; displayName: string | null }
): Promise<User> {
	const before = await existingUser(ctx.db, id);
	return audited(ctx, 'user.update', before.username, async () => {
		if (change.role !== 'admin') notSelf(ctx, before, '不能取消自己的管理员角色，');
		const after = await updateUser(ctx.db, id, change);
		return { value: after, detail: { before: snapshot(before), after: snapshot(after) } };
	});
}

/** Disables (and signs out everywhere, tokens included) or enables an account. */
export async function setAccountDisabled(
	ctx: AdminContext,
	id: number,
	disabled: boolean
): Promise<User> {
	const before = await existingUser(ctx.db, id);
	return audited(ctx, 'user.update', before.username, async () => {
		if (disabled) notSelf(ctx, before, '不能停用自己的账号，');
		const after = await updateUser(ctx.db, id, { disabled });
		// A disabled user's sessions and tokens are refused anyway; the sessions go at once.
		if (disabled) await invalidateUserSessions(ctx.db, id);
		return {
			value: after,
			detail: { before: { disabled: before.disabled }, after: { disabled: after.disabled } }
		};
	});
}

/** A new generated password (returned, to be shown once); the user is signed out everywhere. */
export async function resetAccountPassword(ctx: AdminContext, id: number): Promise<string> {
	const user = await existingUser(ctx.db, id);
	return audited(ctx, 'user.password_reset', user.username, async () => {
		// Resetting one's own would sign this admin out mid-page; /account changes it with the old one.
		if (user.id === ctx.actor.userId) {
			throw new AdminError('修改自己的密码请到“账号”页。');
		}
		const password = generatePassword();
		await setPassword(ctx.db, id, password);
		await invalidateUserSessions(ctx.db, id);
		return { value: password, detail: { signedOutEverywhere: true } };
	});
}

export interface IssuedToken {
	id: number;
	token: string;
	username: string;
	name: string;
}

/** An API token acting as `userId`, named for its use; the token itself is returned only here. */
export async function issueToken(
	ctx: AdminContext,
	userId: number,
	name: string
): Promise<IssuedToken> {
	const user = await existingUser(ctx.db, userId);
	return audited(ctx, 'token.issue', user.username, async () => {
		if (user.disabled) throw new AdminError(`账号“${user.username}”已停用，不能为它签发令牌。`);
		const cleanName = name.trim().slice(0, 100);
		if (!cleanName) throw new AdminError('请写明令牌的用途，例如“每周导入脚本”。');
		const { id, token } = await issueApiToken(ctx.db, {
			userId: user.id,
			name: cleanName,
			createdBy: ctx.actor.username
		});
		return {
			value: { id, token, username: user.username, name: cleanName },
			detail: { tokenId: id, name: cleanName, role: user.role }
		};
	});
}

/** Revokes a token at once: the next request that carries it is refused. */
export async function revokeToken(ctx: AdminContext, id: number): Promise<void> {
	const [token] = Number.isInteger(id)
		? await ctx.db.all<{ name: string; username: string; revoked: boolean }>(
				`SELECT t.name, u.username, t.revoked_at IS NOT NULL AS revoked
				 FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE t.id = $1`,
				[id]
			)
		: [];
	if (!token) throw new AdminError('没有这个令牌。请刷新页面。');
	await audited(ctx, 'token.revoke', token.username, async () => {
		if (token.revoked || !(await revokeApiToken(ctx.db, id))) {
			throw new AdminError('这个令牌已经撤销过了。');
		}
		return { value: undefined, detail: { tokenId: id, name: token.name } };
	});
}

/**
 * The communities a scope can name: those in the data, and those already in someone's scope (a
 * community whose files are not loaded yet must not drop out of a scope when it is edited).
 */
export async function communityChoices(db: LedgerDatabase): Promise<string[]> {
	const rows = await db.all<{ community: string }>(
		`SELECT DISTINCT community FROM problems
		 UNION SELECT DISTINCT unnest(scope) FROM users WHERE scope IS NOT NULL`
	);
	return rows.map((r) => r.community).sort((a, b) => a.localeCompare(b, 'zh-CN'));
}

/**
 * A scope from the admin form: `scopeMode` all (the whole street, null), none ([]) or some (the
 * checked `communities`, at least one).
 */
export function scopeFromForm(form: FormData): string[] | null {
	const mode = String(form.get('scopeMode') ?? '');
	if (mode === 'all') return null;
	if (mode === 'none') return [];
	if (mode === 'some') {
		const chosen = form
			.getAll('communities')
			.map((v) => String(v).trim())
			.filter(Boolean);
		if (chosen.length === 0) {
			throw new AdminError('选择了“指定社区”，请至少勾选一个社区；不能查看任何社区请选“无”。');
		}
		return chosen;
	}
	throw new AdminError('请选择可查看的范围：全街道、指定社区或无。');
}
