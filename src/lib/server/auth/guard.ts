// Who may reach which route. ROUTE_ACCESS lists every route of src/routes by its id; the handle hook
// refuses a request to a route missing from it (fail closed), and every load, action and endpoint
// also calls requireAccess itself, so a route is protected even if the hook's table were wrong.
// tests/access-matrix.test.ts builds its matrix from this table and from the route files on disk.
import { error, redirect, type RequestEvent } from '@sveltejs/kit';
import { ApiError } from '../http/api-error';
import { can, type Permission, type Principal } from '../../domain/roles';

/**
 * 'street-admin': an admin of the whole street (no community scope), for what holds or changes every
 * community's data — the taxonomy, a copy of the database.
 */
export type Access = 'public' | 'signed-in' | Permission | 'street-admin';

/** Every route id and what it needs. A new route without an entry is refused, and fails a test. */
export const ROUTE_ACCESS: Record<string, Access> = {
	'/': 'read',
	'/problems': 'read',
	'/problems/[id]': 'read',
	'/compare': 'read',
	'/report': 'read',
	'/report/pdf': 'read',
	'/uploads': 'upload',
	'/login': 'public',
	'/logout': 'signed-in',
	'/account': 'signed-in',
	'/theme': 'public',
	'/admin': 'admin',
	'/admin/taxonomy': 'street-admin',
	'/admin/audit': 'admin',
	'/api/v1/stats': 'read',
	'/api/v1/problems': 'read',
	'/api/v1/problems/export': 'read',
	'/api/v1/compare': 'read',
	'/api/v1/compare/ranking': 'read',
	'/api/v1/report/brief': 'read',
	'/api/v1/tables/xlsx': 'read',
	'/api/v1/uploads': 'upload',
	'/api/v1/uploads/[id=integer]': 'upload',
	'/api/v1/uploads/[id=integer]/original': 'upload',
	'/api/v1/uploads/[id=integer]/rejects': 'upload',
	'/api/v1/uploads/[id=integer]/revert': 'upload',
	'/api/v1/uploads/staged/[id]': 'upload',
	'/api/v1/uploads/staged/[id]/commit': 'upload',
	'/api/v1/mapping-profiles': 'upload',
	'/api/v1/mapping-profiles/[community]': 'upload',
	'/api/v1/admin/backup': 'street-admin',
	'/api/v1/admin/themes': 'street-admin'
};

export const NOT_SIGNED_IN = '请先登录。';
export const NOT_ALLOWED = '您的账号没有权限访问这里。如需权限，请联系管理员。';
/** Why an admin with a community scope is refused what belongs to the whole street. */
export const STREET_ADMIN_ONLY =
	'这里的设置和数据属于全街道，有社区范围的管理员不能使用。如需操作，请联系全街道的管理员。';

/** Whether `principal` (signed in) has `access`, and if not, why. */
function refusal(principal: Principal, access: Exclude<Access, 'public'>): string | null {
	if (access === 'signed-in') return null;
	if (access === 'street-admin') {
		if (!can(principal.role, 'admin')) return NOT_ALLOWED;
		return principal.scope === null ? null : STREET_ADMIN_ONLY;
	}
	return can(principal.role, access) ? null : NOT_ALLOWED;
}

function isApi(event: Pick<RequestEvent, 'url'>): boolean {
	return event.url.pathname.startsWith('/api/');
}

/** The login page's address, coming back to where the user was. */
export function loginUrl(url: URL): string {
	const next = url.pathname + url.search;
	return next === '/' ? '/login' : `/login?next=${encodeURIComponent(next)}`;
}

export type AccessDecision =
	{ ok: true } | { ok: false; status: 401 | 403 | 404; message: string; login?: boolean };

/** The decision for a principal (or none) on a route id; pure, so the matrix test reuses it. */
export function decide(routeId: string | null, principal: Principal | null): AccessDecision {
	if (routeId === null) return { ok: true }; // no route: SvelteKit answers 404
	const access = ROUTE_ACCESS[routeId];
	if (access === undefined) return { ok: false, status: 404, message: '没有这个页面。' };
	if (access === 'public') return { ok: true };
	if (!principal) return { ok: false, status: 401, message: NOT_SIGNED_IN, login: true };
	const refused = refusal(principal, access);
	return refused === null ? { ok: true } : { ok: false, status: 403, message: refused };
}

/**
 * The signed-in principal allowed `access`, or a redirect to the login page (pages), a 401 (API)
 * or a 403. Every load, action and endpoint starts with it.
 */
export function requireAccess(
	event: Pick<RequestEvent, 'locals' | 'url'>,
	access: Exclude<Access, 'public'>
): Principal {
	const principal = event.locals.principal;
	if (!principal) {
		if (isApi(event)) throw new ApiError(401, NOT_SIGNED_IN);
		redirect(303, loginUrl(event.url));
	}
	const refused = refusal(principal, access);
	if (refused !== null) {
		if (isApi(event)) throw new ApiError(403, refused);
		error(403, refused);
	}
	return principal;
}

/** requireAccess(event, 'street-admin'): a scoped admin gets a 403 saying why. */
export function requireStreetAdmin(event: Pick<RequestEvent, 'locals' | 'url'>): Principal {
	return requireAccess(event, 'street-admin');
}
