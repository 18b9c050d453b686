import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LedgerDatabase } from '../db/database';
import { DISABLED, logIn, WRONG_CREDENTIALS } from './login';
import { LoginLimiter } from './rate-limit';
import { validateSessionToken } from './session';
import { createUser, updateUser } from './users';

const { verified } = vi.hoisted(() => ({ verified: vi.fn() }));
vi.mock('./password', async (actual) => {
	const real = await actual<typeof import('./password')>();
	return {
		...real,
		verifyPassword: (hash: string, password: string) => {
			verified();
			return real.verifyPassword(hash, password);
		}
	};
});

let db: LedgerDatabase;
beforeEach(async () => {
	db = await LedgerDatabase.open(':memory:');
	await createUser(db, { username: 'admin', password: 'admin-pass-1', role: 'admin' });
	await createUser(db, { username: 'wang', password: 'wang-pass-1', role: 'viewer' });
});
afterEach(() => db.close());

const auditRows = () =>
	db.all<{ actor: string; action: string; result: string; reason: string | null; address: string }>(
		`SELECT actor, action, result, detail->>'reason' AS reason, address FROM audit_log ORDER BY id`
	);

describe('logIn', () => {
	it('opens a session for the right password, and audits it with the address', async () => {
		const outcome = await logIn(
			db,
			{ username: ' wang ', password: 'wang-pass-1', address: '10.0.0.7' },
			new LoginLimiter()
		);
		expect(outcome.ok).toBe(true);
		if (!outcome.ok) return;
		expect((await validateSessionToken(db, outcome.token))?.principal.username).toBe('wang');
		expect(await auditRows()).toEqual([
			{ actor: 'wang', action: 'login', result: 'ok', reason: null, address: '10.0.0.7' }
		]);
	});

	it('says the same for an unknown user and a wrong password, and audits both as failed', async () => {
		const limiter = new LoginLimiter();
		const unknown = await logIn(db, { username: 'nobody', password: 'x', address: 'a' }, limiter);
		const wrong = await logIn(db, { username: 'wang', password: 'nope', address: 'a' }, limiter);
		expect(unknown).toEqual({ ok: false, message: WRONG_CREDENTIALS });
		expect(wrong).toEqual({ ok: false, message: WRONG_CREDENTIALS });
		expect((await auditRows()).map((r) => [r.actor, r.result, r.reason])).toEqual([
			['nobody', 'failed', 'unknown_user'],
			['wang', 'failed', 'wrong_password']
		]);
	});

	it('answers a disabled account the same whatever the password, after the same hash check', async () => {
		const [wang] = await db.all<{ id: number }>("SELECT id FROM users WHERE username = 'wang'");
		await updateUser(db, wang.id, { disabled: true });
		const attempt = (password: string) =>
			logIn(db, { username: 'wang', password, address: 'a' }, new LoginLimiter());
		verified.mockClear();
		expect(await attempt('wang-pass-1')).toEqual({ ok: false, message: DISABLED });
		expect(await attempt('wrong-guess')).toEqual({ ok: false, message: DISABLED });
		// An argon2 verify either way, so the answer's timing says nothing about the password.
		expect(verified).toHaveBeenCalledTimes(2);
		expect((await auditRows()).map((r) => [r.result, r.reason])).toEqual([
			['failed', 'disabled'],
			['failed', 'disabled']
		]);
	});

	it('stops trying after five failures, even with the right password, and audits the refusal', async () => {
		const limiter = new LoginLimiter();
		for (let i = 0; i < 5; i++)
			await logIn(db, { username: 'wang', password: 'bad', address: 'a' }, limiter);
		const blocked = await logIn(
			db,
			{ username: 'wang', password: 'wang-pass-1', address: 'a' },
			limiter
		);
		expect(blocked).toEqual({ ok: false, message: '登录失败次数过多，请 15 分钟后再试。' });
		expect((await auditRows()).at(-1)).toMatchObject({ result: 'refused', reason: 'throttled' });
	});
});
