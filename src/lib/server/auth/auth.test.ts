// Accounts, sessions, API tokens and login throttling over a real in-memory DuckDB, with a fake
// clock where time matters.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LedgerDatabase } from '../db/database';
import { hashPassword, passwordProblem, verifyPassword } from './password';
import { LoginLimiter, waitMessage } from './rate-limit';
import {
	createSession,
	generateToken,
	hashToken,
	invalidateSession,
	invalidateUserSessions,
	issueApiToken,
	revokeApiToken,
	SESSION_DAYS,
	validateApiToken,
	validateSessionToken,
	type Clock
} from './session';
import { createUser, ensureFirstAdmin, listUsers, setPassword, updateUser } from './users';

const DAY = 86_400_000;
let db: LedgerDatabase;
beforeEach(async () => {
	db = await LedgerDatabase.open(':memory:');
});
afterEach(() => db.close());

function fakeClock(start = Date.UTC(2026, 0, 1)): Clock & { advance: (ms: number) => void } {
	let now = start;
	return { now: () => now, advance: (ms) => (now += ms) };
}

describe('passwords', () => {
	it('are hashed with argon2id at 19 MiB, t=2, p=1 and verified', async () => {
		const hash = await hashPassword('正确的马电池钉');
		expect(hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
		expect(await verifyPassword(hash, '正确的马电池钉')).toBe(true);
		expect(await verifyPassword(hash, '错误的')).toBe(false);
		expect(await verifyPassword('not a hash', 'x')).toBe(false);
	});

	it('must be long enough and not the username', () => {
		expect(passwordProblem('short')).toMatch(/至少要 8 个字符/);
		expect(passwordProblem('wanghong', 'WangHong')).toMatch(/不能与用户名相同/);
		expect(passwordProblem('long enough')).toBeNull();
	});
});

describe('users', () => {
	it('creates the first admin once, with the password given or a generated one', async () => {
		const first = await ensureFirstAdmin(db, {});
		expect(first?.username).toBe('admin');
		expect(first?.password).toMatch(/^[a-z2-9]{4}(-[a-z2-9]{4}){3}$/);
		expect(await ensureFirstAdmin(db, {})).toBeNull();
		const other = await LedgerDatabase.open(':memory:');
		expect(await ensureFirstAdmin(other, { password: 'from-the-env-1' })).toEqual({
			username: 'admin',
			password: null
		});
		other.close();
	});

	it('refuses a taken name, a bad role, and removing the last admin', async () => {
		const admin = await createUser(db, {
			username: 'admin',
			password: 'admin-pass-1',
			role: 'admin'
		});
		await expect(
			createUser(db, { username: 'admin', password: 'another-1', role: 'viewer' })
		).rejects.toThrow(/已经存在/);
		await expect(
			createUser(db, { username: 'x1', password: 'another-1', role: 'boss' })
		).rejects.toThrow(/角色只能是/);
		await expect(updateUser(db, admin.id, { role: 'viewer' })).rejects.toThrow(/至少要保留一个/);
		await expect(updateUser(db, admin.id, { disabled: true })).rejects.toThrow(/至少要保留一个/);
	});

	it('keeps a scope as a list, an empty scope as empty, and no scope as null', async () => {
		await createUser(db, {
			username: 'aa',
			password: 'password-1',
			role: 'viewer',
			scope: [' 云南路社区 ', '云南路社区']
		});
		await createUser(db, { username: 'bb', password: 'password-1', role: 'viewer', scope: [] });
		await createUser(db, { username: 'cc', password: 'password-1', role: 'viewer' });
		expect((await listUsers(db)).map((u) => u.scope)).toEqual([['云南路社区'], [], null]);
	});
});

describe('sessions', () => {
	it('stores only the SHA-256 of the token and finds the user by the token', async () => {
		const user = await createUser(db, {
			username: 'wang',
			password: 'password-1',
			role: 'analyst',
			scope: ['云南路社区']
		});
		const token = generateToken();
		await createSession(db, token, user.id);
		const [{ id }] = await db.all<{ id: string }>('SELECT id FROM sessions');
		expect(id).toBe(hashToken(token));
		expect(id).not.toContain(token);
		const found = await validateSessionToken(db, token);
		expect(found?.principal).toMatchObject({
			username: 'wang',
			role: 'analyst',
			scope: ['云南路社区'],
			via: 'session'
		});
		expect(await validateSessionToken(db, generateToken())).toBeNull();
	});

	it('renews when less than half is left, and expires (and is deleted) after 30 idle days', async () => {
		const clock = fakeClock();
		const user = await createUser(db, { username: 'wang', password: 'password-1', role: 'viewer' });
		const token = generateToken();
		const session = await createSession(db, token, user.id, { clock });
		clock.advance(10 * DAY);
		expect(await validateSessionToken(db, token, clock)).toMatchObject({
			session: { expiresAt: session.expiresAt },
			renewed: false
		});
		clock.advance(6 * DAY); // 14 days left: renewed to 30 from now
		expect(await validateSessionToken(db, token, clock)).toMatchObject({
			session: { expiresAt: clock.now() + SESSION_DAYS * DAY },
			renewed: true
		});
		clock.advance(SESSION_DAYS * DAY);
		expect(await validateSessionToken(db, token, clock)).toBeNull();
		expect(await db.all('SELECT * FROM sessions')).toEqual([]);
	});

	it('ends on logout, on sign-out everywhere, and when the user is disabled', async () => {
		await createUser(db, { username: 'admin', password: 'admin-pass-1', role: 'admin' });
		const user = await createUser(db, { username: 'wang', password: 'password-1', role: 'viewer' });
		const [a, b, c] = [generateToken(), generateToken(), generateToken()];
		for (const t of [a, b, c]) await createSession(db, t, user.id);
		await invalidateSession(db, hashToken(a));
		expect(await validateSessionToken(db, a)).toBeNull();
		await updateUser(db, user.id, { disabled: true });
		expect(await validateSessionToken(db, b)).toBeNull();
		await updateUser(db, user.id, { disabled: false });
		await setPassword(db, user.id, 'new-password-2');
		await invalidateUserSessions(db, user.id);
		expect(await validateSessionToken(db, c)).toBeNull();
	});
});

describe('API tokens', () => {
	it('act as their user until revoked, and are stored hashed', async () => {
		const user = await createUser(db, {
			username: 'script',
			password: 'password-1',
			role: 'analyst'
		});
		const { id, token } = await issueApiToken(db, {
			userId: user.id,
			name: '每周导入',
			createdBy: 'admin'
		});
		expect(token).toMatch(/^pl_[a-z2-7]{32}$/);
		const [{ token_hash }] = await db.all<{ token_hash: string }>(
			'SELECT token_hash FROM api_tokens'
		);
		expect(token_hash).toBe(hashToken(token));
		expect(await validateApiToken(db, token)).toMatchObject({ username: 'script', via: 'token' });
		expect(await revokeApiToken(db, id)).toBe(true);
		expect(await validateApiToken(db, token)).toBeNull();
		expect(await revokeApiToken(db, id)).toBe(false);
		expect(await validateApiToken(db, 'pl_' + generateToken())).toBeNull();
	});

	it('serve many requests at once with one token (a script running in parallel)', async () => {
		const user = await createUser(db, { username: 'dash', password: 'password-1', role: 'viewer' });
		const { token } = await issueApiToken(db, {
			userId: user.id,
			name: '看板',
			createdBy: 'admin'
		});
		const all = await Promise.all(Array.from({ length: 24 }, () => validateApiToken(db, token)));
		expect(all.map((p) => p?.username)).toEqual(Array(24).fill('dash'));
		const [{ used }] = await db.all<{ used: boolean }>(
			'SELECT last_used_at IS NOT NULL AS used FROM api_tokens'
		);
		expect(used).toBe(true);
	});
});

describe('login throttling', () => {
	it('refuses an account after 5 failures for 15 minutes, then lets it try again', () => {
		const clock = fakeClock();
		const limiter = new LoginLimiter(clock);
		for (let i = 0; i < 5; i++) {
			expect(limiter.waitMs('wang', '10.0.0.1')).toBe(0);
			limiter.failed('wang', '10.0.0.1');
			clock.advance(1000);
		}
		expect(limiter.waitMs('WANG', '10.0.0.9')).toBe(15 * 60_000 - 5000);
		expect(waitMessage(limiter.waitMs('wang', '10.0.0.9'))).toBe(
			'登录失败次数过多，请 15 分钟后再试。'
		);
		expect(limiter.waitMs('li', '10.0.0.9')).toBe(0); // other accounts are not affected
		clock.advance(15 * 60_000);
		expect(limiter.waitMs('wang', '10.0.0.1')).toBe(0);
	});

	it('refuses an address that tries many accounts', () => {
		const clock = fakeClock();
		const limiter = new LoginLimiter(clock);
		for (let i = 0; i < 20; i++) limiter.failed(`user${i}`, '10.0.0.66');
		expect(limiter.waitMs('someone-new', '10.0.0.66')).toBeGreaterThan(0);
		expect(limiter.waitMs('someone-new', '10.0.0.1')).toBe(0);
	});

	it('clears an account after a success', () => {
		const limiter = new LoginLimiter(fakeClock());
		for (let i = 0; i < 4; i++) limiter.failed('wang', 'a');
		limiter.succeeded('wang');
		limiter.failed('wang', 'a');
		expect(limiter.waitMs('wang', 'b')).toBe(0);
	});
});
