// Signing in with a username and password: throttled per account and per address, audited either
// way, with the same work (an argon2 verify) whether or not the account exists or is disabled.
import type { LedgerDatabase } from '../db/database';
import { audit } from '../audit/audit';
import { hashPassword, verifyPassword } from './password';
import { LoginLimiter, waitMessage } from './rate-limit';
import { createSession, generateToken, type Session } from './session';
import { findUserRow } from './users';

export const WRONG_CREDENTIALS = '用户名或密码不正确。';
export const DISABLED = '这个账号已被停用，请联系管理员。';

const limiter = new LoginLimiter();
let dummyHash: Promise<string> | undefined;

export type LoginOutcome =
	{ ok: true; token: string; session: Session; username: string } | { ok: false; message: string };

export async function logIn(
	db: LedgerDatabase,
	input: { username: string; password: string; address: string },
	rateLimiter: LoginLimiter = limiter
): Promise<LoginOutcome> {
	const username = input.username.trim();
	const wait = rateLimiter.waitMs(username, input.address);
	if (wait > 0) {
		await audit(db, {
			actor: { userId: null, username },
			address: input.address,
			action: 'login',
			detail: { reason: 'throttled' },
			result: 'refused'
		});
		return { ok: false, message: waitMessage(wait) };
	}
	const user = username ? await findUserRow(db, username) : null;
	dummyHash ??= hashPassword('no such account, same work');
	const valid = await verifyPassword(user?.passwordHash ?? (await dummyHash), input.password);
	if (!user || !valid || user.disabled) {
		if (!user || !valid) rateLimiter.failed(username, input.address);
		// A disabled account gets one answer whatever the password (after the same verify), so
		// the answer cannot be used to test guesses of its password.
		const reason = !user ? 'unknown_user' : user.disabled ? 'disabled' : 'wrong_password';
		await audit(db, {
			actor: user ? { userId: user.id, username: user.username } : { userId: null, username },
			address: input.address,
			action: 'login',
			detail: { reason },
			result: 'failed'
		});
		return { ok: false, message: user?.disabled ? DISABLED : WRONG_CREDENTIALS };
	}
	rateLimiter.succeeded(username);
	const token = generateToken();
	const session = await createSession(db, token, user.id, { address: input.address });
	await audit(db, {
		actor: { userId: user.id, username: user.username },
		address: input.address,
		action: 'login',
		result: 'ok'
	});
	return { ok: true, token, session, username: user.username };
}
