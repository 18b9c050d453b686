// Who is asking: a Bearer API token, else the session cookie (renewed when due). Run by the handle
// hook for every request; the result lands in event.locals.
import type { Cookies } from '@sveltejs/kit';
import type { Principal } from '../../domain/roles';
import type { LedgerDatabase } from '../db/database';
import { SESSION_COOKIE, validateApiToken, validateSessionToken } from './session';
import { clearSessionCookie, setSessionCookie } from './session-cookie';

export async function authenticate(
	db: LedgerDatabase,
	request: Request,
	cookies: Cookies
): Promise<{ principal: Principal | null; sessionId: string | null }> {
	const bearer = /^Bearer\s+(\S+)$/i.exec(request.headers.get('authorization') ?? '')?.[1];
	if (bearer) return { principal: await validateApiToken(db, bearer), sessionId: null };
	const token = cookies.get(SESSION_COOKIE);
	if (!token) return { principal: null, sessionId: null };
	const found = await validateSessionToken(db, token);
	if (!found) {
		clearSessionCookie(cookies);
		return { principal: null, sessionId: null };
	}
	// The cookie was set with the session's expiry; it is sent again only when that moves.
	if (found.renewed) setSessionCookie(cookies, token, found.session.expiresAt);
	return { principal: found.principal, sessionId: found.session.id };
}
