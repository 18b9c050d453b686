import { afterEach, describe, expect, it } from 'vitest';
import { setSessionCookie } from './session-cookie';
import { SESSION_COOKIE } from './session';

const saved = process.env.LEDGER_COOKIE_SECURE;
afterEach(() => {
	if (saved === undefined) delete process.env.LEDGER_COOKIE_SECURE;
	else process.env.LEDGER_COOKIE_SECURE = saved;
});

function captured(): { name: string; value: string; options: Record<string, unknown> }[] {
	const calls: { name: string; value: string; options: Record<string, unknown> }[] = [];
	setSessionCookie(
		{
			set: (name: string, value: string, options: Record<string, unknown>) =>
				calls.push({ name, value, options })
		} as never,
		'token-value',
		Date.UTC(2026, 11, 26)
	);
	return calls;
}

describe('the session cookie', () => {
	it('is HttpOnly, SameSite=Lax, Path=/ and Secure by default, expiring with the session', () => {
		delete process.env.LEDGER_COOKIE_SECURE;
		expect(captured()).toEqual([
			{
				name: SESSION_COOKIE,
				value: 'token-value',
				options: {
					path: '/',
					httpOnly: true,
					sameSite: 'lax',
					secure: true,
					expires: new Date(Date.UTC(2026, 11, 26))
				}
			}
		]);
	});

	it('drops Secure only when the deployment says it runs on plain HTTP', () => {
		process.env.LEDGER_COOKIE_SECURE = 'false';
		expect(captured()[0].options.secure).toBe(false);
	});
});
