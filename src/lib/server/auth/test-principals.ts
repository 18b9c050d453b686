// Principals for tests that call a load or an endpoint directly: what the handle hook would have
// put in event.locals for each kind of account.
import type { Principal } from '../../domain/roles';

export const ADMIN: Principal = {
	userId: 1,
	username: 'admin',
	displayName: null,
	role: 'admin',
	scope: null,
	via: 'session'
};
export const ANALYST: Principal = { ...ADMIN, userId: 2, username: 'fenxi', role: 'analyst' };
export const VIEWER: Principal = { ...ADMIN, userId: 3, username: 'chakan', role: 'viewer' };

export function scopedViewer(scope: string[]): Principal {
	return { ...VIEWER, userId: 4, username: 'scoped', scope };
}

/** event.locals as the hook fills it. */
export function localsFor(principal: Principal | null): App.Locals {
	return { theme: 'light', principal, sessionId: null, address: '127.0.0.1' };
}
