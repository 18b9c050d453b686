// The session cookie's attributes in one place: HttpOnly, SameSite=Lax, Path=/, Secure unless the
// deployment says it runs on plain HTTP (LEDGER_COOKIE_SECURE=false).
import type { Cookies } from '@sveltejs/kit';
import { readSettings } from '../env';
import { SESSION_COOKIE } from './session';

export function setSessionCookie(cookies: Cookies, token: string, expiresAt: number): void {
	cookies.set(SESSION_COOKIE, token, {
		path: '/',
		httpOnly: true,
		sameSite: 'lax',
		secure: readSettings().cookieSecure,
		expires: new Date(expiresAt)
	});
}

export function clearSessionCookie(cookies: Cookies): void {
	cookies.delete(SESSION_COOKIE, { path: '/', secure: readSettings().cookieSecure });
}
