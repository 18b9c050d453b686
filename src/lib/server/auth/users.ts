// Accounts: create, find, change password, role, scope, disable. Used by the login page, /admin,
// the `ledger user` commands and the first-run admin. Every refusal is an AccountError in Chinese.
import { randomBytes } from 'node:crypto';
import type { LedgerDatabase } from '../db/database';
import { ROLES, type Role } from '../../domain/roles';
import { hashPassword, passwordProblem } from './password';

export class AccountError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'AccountError';
	}
}

export interface User {
	id: number;
	username: string;
	displayName: string | null;
	role: Role;
	scope: string[] | null;
	disabled: boolean;
	createdAt: string;
}

interface UserRow extends User {
	passwordHash: string;
}

const USERNAME = /^[\p{L}\p{N}_.@-]{2,50}$/u;

const SELECT = `SELECT id, username, display_name AS "displayName", role, scope, disabled,
	strftime(created_at, '%Y-%m-%d %H:%M') AS "createdAt", password_hash AS "passwordHash" FROM users`;

function publicUser(row: UserRow): User {
	const { id, username, displayName, role, scope, disabled, createdAt } = row;
	return { id, username, displayName, role, scope, disabled, createdAt };
}

export function checkUsername(username: string): string {
	const name = username.trim();
	if (!USERNAME.test(name)) {
		throw new AccountError('用户名为 2–50 个字符，只能包含文字、数字和 _ . @ -。');
	}
	return name;
}

function checkRole(role: string): Role {
	if (!(ROLES as readonly string[]).includes(role)) {
		throw new AccountError(`角色只能是 ${ROLES.join('、')}。`);
	}
	return role as Role;
}

/** A scope as stored: null (whole street) or a list of community names, trimmed, no repeats. */
export function normaliseScope(scope: string[] | null): string[] | null {
	if (scope === null) return null;
	return [...new Set(scope.map((s) => s.trim()).filter(Boolean))].slice(0, 200);
}

export async function findUserRow(db: LedgerDatabase, username: string): Promise<UserRow | null> {
	const [row] = await db.all<UserRow>(`${SELECT} WHERE username = $1`, [username.trim()]);
	return row ?? null;
}

export async function getUser(db: LedgerDatabase, id: number): Promise<User | null> {
	const [row] = await db.all<UserRow>(`${SELECT} WHERE id = $1`, [id]);
	return row ? publicUser(row) : null;
}

export async function listUsers(db: LedgerDatabase): Promise<User[]> {
	return (await db.all<UserRow>(`${SELECT} ORDER BY id`)).map(publicUser);
}

export async function countUsers(db: LedgerDatabase): Promise<number> {
	const [{ n }] = await db.all<{ n: number }>('SELECT count(*)::INTEGER AS n FROM users');
	return n;
}

export async function createUser(
	db: LedgerDatabase,
	input: {
		username: string;
		password: string;
		role: string;
		scope?: string[] | null;
		displayName?: string | null;
	}
): Promise<User> {
	const username = checkUsername(input.username);
	const role = checkRole(input.role);
	const problem = passwordProblem(input.password, username);
	if (problem) throw new AccountError(problem);
	if (await findUserRow(db, username)) throw new AccountError(`用户名“${username}”已经存在。`);
	const hash = await hashPassword(input.password);
	const scope = normaliseScope(input.scope ?? null);
	await db.all(
		`INSERT INTO users (username, display_name, password_hash, role, scope)
		 VALUES ($1, $2, $3, $4, $5::JSON::VARCHAR[])`,
		[
			username,
			input.displayName?.trim() || null,
			hash,
			role,
			scope === null ? null : JSON.stringify(scope)
		]
	);
	const created = await findUserRow(db, username);
	if (!created) throw new Error(`user ${username} was not created`);
	return publicUser(created);
}

export async function setPassword(db: LedgerDatabase, id: number, password: string): Promise<void> {
	const user = await getUser(db, id);
	if (!user) throw new AccountError('没有这个用户。');
	const problem = passwordProblem(password, user.username);
	if (problem) throw new AccountError(problem);
	await db.all(
		'UPDATE users SET password_hash = $1, password_changed_at = current_timestamp WHERE id = $2',
		[await hashPassword(password), id]
	);
}

export async function updateUser(
	db: LedgerDatabase,
	id: number,
	change: {
		role?: string;
		scope?: string[] | null;
		disabled?: boolean;
		displayName?: string | null;
	}
): Promise<User> {
	const user = await getUser(db, id);
	if (!user) throw new AccountError('没有这个用户。');
	const role = change.role === undefined ? user.role : checkRole(change.role);
	const disabled = change.disabled ?? user.disabled;
	if (user.role === 'admin' && (role !== 'admin' || disabled)) {
		const [{ n }] = await db.all<{ n: number }>(
			"SELECT count(*)::INTEGER AS n FROM users WHERE role = 'admin' AND NOT disabled AND id <> $1",
			[id]
		);
		if (n === 0) throw new AccountError('至少要保留一个可用的管理员账号。');
	}
	const scope = change.scope === undefined ? user.scope : normaliseScope(change.scope);
	await db.all(
		`UPDATE users SET role = $1, scope = $2::JSON::VARCHAR[], disabled = $3, display_name = $4 WHERE id = $5`,
		[
			role,
			scope === null ? null : JSON.stringify(scope),
			disabled,
			change.displayName === undefined ? user.displayName : change.displayName?.trim() || null,
			id
		]
	);
	return (await getUser(db, id))!;
}

/** A password that is easy to type from a printout: 4 groups of 4 unambiguous characters. */
export function generatePassword(): string {
	const alphabet = 'abcdefghjkmnpqrstuvwxyz23456789';
	const bytes = randomBytes(16);
	const chars = [...bytes].map((b) => alphabet[b % alphabet.length]);
	return [0, 4, 8, 12].map((i) => chars.slice(i, i + 4).join('')).join('-');
}

/**
 * The first run: with no account at all, creates `admin` with LEDGER_ADMIN_PASSWORD or a generated
 * password, and returns the generated one (to be printed once); null when accounts exist.
 */
export async function ensureFirstAdmin(
	db: LedgerDatabase,
	env: { password?: string; username?: string } = {}
): Promise<{ username: string; password: string | null } | null> {
	if ((await countUsers(db)) > 0) return null;
	const username = env.username || 'admin';
	const password = env.password || generatePassword();
	await createUser(db, { username, password, role: 'admin', displayName: '管理员' });
	return { username, password: env.password ? null : password };
}
