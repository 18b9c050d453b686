// What /admin does to accounts and API tokens: create, change role, scope and name, disable, reset
// a password, issue and revoke tokens. Each change is written to the audit log with the acting
// admin and address, and so is each refusal (result 'failed'). Called by src/routes/admin.
// An admin with a community scope (a community's own administrator) sees and manages only the
// accounts whose scope lies within its own, grants no scope beyond it, and no admin changes its
// own scope: an account never widens its own reach (issue 15; README "Accounts, roles and scope").
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

/**
 * Whether an account of `scope` lies within what `actor` administers: everything for the whole
 * street's admin; for a scoped admin, only accounts scoped within its own communities (an empty
 * scope, which sees nothing, is within every scope).
 */
export function administers(actor: Principal, scope: readonly string[] | null): boolean {
	if (actor.scope === null) return true;
	const own = actor.scope;
	return scope !== null && scope.every((c) => own.includes(c));
}

/** The accounts `actor` may see on /admin and in its audit log. */
export function administeredUsers(actor: Principal, users: User[]): User[] {
	return users.filter((u) => administers(actor, u.scope));
}

/** A scope `actor` may not give: the reason names only the actor's own communities. */
function beyondScope(actor: Principal): AdminError {
	const own = actor.scope ?? [];
	return new AdminError(
		own.length
			? `您的账号只能管理${own.join('、')}范围内的账号，不能授予全街道或其他社区的范围。`
			: '您的账号没有社区范围，不能授予任何社区的范围。'
	);
}

/** An account outside what the actor administers is not there for it, as if it did not exist. */
async function existingUser(ctx: AdminContext, id: number): Promise<User> {
	const user = Number.isInteger(id) ? await getUser(ctx.db, id) : null;
	if (!user || !administers(ctx.actor, user.scope)) {
		throw new AdminError('没有这个用户，可能已被删除。请刷新页面。');
	}
	return user;
}

const sameScope = (a: readonly string[] | null, b: readonly string[] | null): boolean =>
	a === null || b === null
		? a === b
		: a.length === b.length && [...a].sort().join('\u0000') === [...b].sort().join('\u0000');

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
		if (!administers(ctx.actor, input.scope)) throw beyondScope(ctx.actor);
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
	const before = await existingUser(ctx, id);
	return audited(ctx, 'user.update', before.username, async () => {
		if (change.role !== 'admin') notSelf(ctx, before, '不能取消自己的管理员角色，');
		if (!sameScope(before.scope, change.scope)) notSelf(ctx, before, '不能修改自己的社区范围，');
		if (!administers(ctx.actor, change.scope)) throw beyondScope(ctx.actor);
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
	const before = await existingUser(ctx, id);
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
	const user = await existingUser(ctx, id);
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
	const user = await existingUser(ctx, userId);
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
		? await ctx.db.all<{
				name: string;
				username: string;
				revoked: boolean;
				scope: string[] | null;
			}>(
				`SELECT t.name, u.username, t.revoked_at IS NOT NULL AS revoked, u.scope
				 FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE t.id = $1`,
				[id]
			)
		: [];
	if (!token || !administers(ctx.actor, token.scope)) {
		throw new AdminError('没有这个令牌。请刷新页面。');
	}
	await audited(ctx, 'token.revoke', token.username, async () => {
		if (token.revoked || !(await revokeApiToken(ctx.db, id))) {
			throw new AdminError('这个令牌已经撤销过了。');
		}
		return { value: undefined, detail: { tokenId: id, name: token.name } };
	});
}

/**
 * The communities a scope can name: those in the data, and those already in someone's scope (a
 * community whose files are not loaded yet must not drop out of a scope when it is edited); for a
 * scoped admin, its own.
 */
export async function communityChoices(db: LedgerDatabase, actor: Principal): Promise<string[]> {
	// A scoped admin may grant only its own communities, and is shown no other's name.
	if (actor.scope !== null) return [...actor.scope].sort((a, b) => a.localeCompare(b, 'zh-CN'));
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
