// /account and /logout over a real in-memory DuckDB: changing the password signs out every other
// device and keeps this one; signing out ends the session; both are audited.
import { isRedirect } from '@sveltejs/kit';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LedgerDatabase } from '$lib/server/db/database';
import { verifyPassword } from '$lib/server/auth/password';
import {
	createSession,
	generateToken,
	hashToken,
	SESSION_COOKIE,
	validateSessionToken
} from '$lib/server/auth/session';
import { createUser, findUserRow } from '$lib/server/auth/users';
import type { Principal } from '$lib/domain/roles';
import { actions } from './+page.server';
import { actions as logoutActions } from '../logout/+page.server';

const state = vi.hoisted(() => ({ db: undefined as LedgerDatabase | undefined }));
vi.mock('$lib/server/web-database', () => ({ webDatabase: async () => state.db }));

let principal: Principal;
let here: string;
let elsewhere: string;
const jar = new Map<string, string>();
const cookies = {
	get: (name: string) => jar.get(name),
	set: (name: string, value: string) => void jar.set(name, value),
	delete: (name: string) => void jar.delete(name)
};

beforeEach(async () => {
	state.db = await LedgerDatabase.open(':memory:');
	const user = await createUser(state.db, {
		username: 'wang',
		password: 'old-pass-1',
		role: 'viewer'
	});
	principal = {
		userId: user.id,
		username: 'wang',
		displayName: null,
		role: 'viewer',
		scope: null,
		via: 'session'
	};
	here = generateToken();
	elsewhere = generateToken();
	await createSession(state.db, here, user.id);
	await createSession(state.db, elsewhere, user.id);
	jar.clear();
	jar.set(SESSION_COOKIE, here);
});
afterEach(() => state.db?.close());

function event(path: string, form: Record<string, string>) {
	const body = new FormData();
	for (const [k, v] of Object.entries(form)) body.set(k, v);
	const url = new URL(`http://localhost${path}`);
	return {
		url,
		request: new Request(url, { method: 'POST', body }),
		locals: { theme: 'light', principal, sessionId: hashToken(here), address: '10.0.0.8' },
		cookies
	} as never;
}

const audits = () =>
	state.db!.all<{ action: string; result: string }>(
		'SELECT action, result FROM audit_log ORDER BY id'
	);

describe('/account: change password', () => {
	it('needs the current password, and says so', async () => {
		const result = await actions.password(
			event('/account', { current: 'wrong', next: 'new-pass-22', confirm: 'new-pass-22' })
		);
		expect(result).toMatchObject({ status: 400, data: { message: '当前密码不正确。' } });
		expect(await audits()).toEqual([{ action: 'password.change', result: 'failed' }]);
	});

	it('changes it, signs out the other devices, keeps this browser signed in with a new session', async () => {
		const result = await actions.password(
			event('/account', { current: 'old-pass-1', next: 'new-pass-22', confirm: 'new-pass-22' })
		);
		expect(result).toEqual({ changed: true });
		const user = await findUserRow(state.db!, 'wang');
		expect(await verifyPassword(user!.passwordHash, 'new-pass-22')).toBe(true);
		expect(await validateSessionToken(state.db!, elsewhere)).toBeNull();
		expect(await validateSessionToken(state.db!, here)).toBeNull();
		expect(jar.get(SESSION_COOKIE)).not.toBe(here);
		expect(await validateSessionToken(state.db!, jar.get(SESSION_COOKIE)!)).not.toBeNull();
		expect(await audits()).toEqual([{ action: 'password.change', result: 'ok' }]);
	});
});

describe('/logout', () => {
	it('ends this session only, clears the cookie, audits, and goes to the login page', async () => {
		let thrown: unknown;
		try {
			await logoutActions.default(event('/logout', {}));
		} catch (err) {
			thrown = err;
		}
		expect(isRedirect(thrown) && thrown.location).toBe('/login?signedOut=1');
		expect(await validateSessionToken(state.db!, here)).toBeNull();
		expect(await validateSessionToken(state.db!, elsewhere)).not.toBeNull();
		expect(jar.has(SESSION_COOKIE)).toBe(false);
		expect(await audits()).toEqual([{ action: 'logout', result: 'ok' }]);
	});
});
