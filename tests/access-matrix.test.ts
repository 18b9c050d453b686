// The role × route matrix: every page load, form action and endpoint of src/routes, found on disk,
// is called as anonymous, viewer, scoped viewer, analyst, admin and scoped admin, and must refuse
// exactly those that ROUTE_ACCESS says may not use it — by its own check, not only the handle
// hook's. A route on disk without an entry in ROUTE_ACCESS (or an entry without a route) fails.
import fs from 'node:fs';
import path from 'node:path';
import { isHttpError, isRedirect } from '@sveltejs/kit';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Principal } from '../src/lib/domain/roles';
import { decide, ROUTE_ACCESS } from '../src/lib/server/auth/guard';
import {
	ADMIN,
	ANALYST,
	localsFor,
	scopedViewer,
	VIEWER
} from '../src/lib/server/auth/test-principals';
import { LedgerDatabase } from '../src/lib/server/db/database';
import { readSettings } from '../src/lib/server/env';
import { ApiError } from '../src/lib/server/http/api-error';
import { StagingArea } from '../src/lib/server/uploads/staging';

const state = vi.hoisted(() => ({ db: undefined as LedgerDatabase | undefined }));
vi.mock('$lib/server/web-database', () => ({ webDatabase: async () => state.db }));
vi.mock('$lib/server/uploads/context', () => ({
	uploadContext: async () => {
		const settings = {
			...readSettings({ LEDGER_DATA_DIR: 'test-results/matrix' }),
			dbPath: ':memory:'
		};
		return { db: state.db, settings, staging: new StagingArea(settings.stagingDir) };
	}
}));

beforeAll(async () => {
	state.db = await LedgerDatabase.open(':memory:');
});
afterAll(() => state.db?.close());

const ROUTES_DIR = path.resolve('src/routes');
const HANDLER_FILES = ['+page.server.ts', '+server.ts', '+page.svelte'];

/** Route ids from the files on disk, as SvelteKit names them. */
function routesOnDisk(): Map<string, string[]> {
	const routes = new Map<string, string[]>();
	const walk = (dir: string) => {
		for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
			const full = path.join(dir, entry.name);
			if (entry.isDirectory()) walk(full);
			else if (HANDLER_FILES.includes(entry.name)) {
				const rel = path.relative(ROUTES_DIR, dir).split(path.sep).join('/');
				const id = rel === '' ? '/' : `/${rel}`;
				routes.set(id, [...(routes.get(id) ?? []), entry.name]);
			}
		}
	};
	walk(ROUTES_DIR);
	return routes;
}

const modules = import.meta.glob<Record<string, unknown>>([
	'../src/routes/**/+page.server.ts',
	'../src/routes/**/+server.ts'
]);

const WHO: [string, Principal | null][] = [
	['anonymous', null],
	['viewer', VIEWER],
	['scoped viewer', scopedViewer(['云南路社区'])],
	['analyst', ANALYST],
	['admin', ADMIN],
	// A community's own admin: the admin pages, but not what covers every community (issue 15).
	['scoped admin', { ...ADMIN, userId: 9, username: 'scoped-admin', scope: ['云南路社区'] }]
];

/** Sample values for route parameters. */
const PARAMS: Record<string, string> = { id: '1', community: '云南路社区' };

function paramsOf(routeId: string): Record<string, string> {
	const params: Record<string, string> = {};
	for (const [, name] of routeId.matchAll(/\[(\w+)(?:=\w+)?\]/g))
		params[name] = PARAMS[name] ?? '1';
	return params;
}

function urlOf(routeId: string): URL {
	const pathname = routeId.replace(/\[(\w+)(?:=\w+)?\]/g, (_, name: string) =>
		encodeURIComponent(PARAMS[name] ?? '1')
	);
	return new URL(`http://localhost${pathname}`);
}

type Outcome = 'allowed' | 'login' | 'refused';

async function outcomeOf(call: () => unknown): Promise<Outcome> {
	try {
		const result = await call();
		if (result instanceof Response && (result.status === 401 || result.status === 403))
			return 'refused';
		return 'allowed';
	} catch (err) {
		// The sign-in redirect; `/login?signedOut=1` is where a successful sign-out goes.
		if (isRedirect(err)) return /^\/login(\?next=|$)/.test(err.location) ? 'login' : 'allowed';
		if (isHttpError(err) && (err.status === 401 || err.status === 403)) return 'refused';
		if (err instanceof ApiError && (err.status === 401 || err.status === 403)) return 'refused';
		return 'allowed'; // refused for another reason (a missing form field, an unknown id…)
	}
}

function expected(routeId: string, principal: Principal | null, isApi: boolean): Outcome {
	const decision = decide(routeId, principal);
	if (decision.ok) return 'allowed';
	return decision.login && !isApi ? 'login' : 'refused';
}

function event(routeId: string, principal: Principal | null, method: string) {
	const url = urlOf(routeId);
	const body = method === 'GET' || method === 'HEAD' ? undefined : new FormData();
	return {
		url,
		params: paramsOf(routeId),
		route: { id: routeId },
		locals: localsFor(principal),
		request: new Request(url, { method, body }),
		cookies: { get: () => undefined, getAll: () => [], set() {}, delete() {}, serialize: () => '' },
		getClientAddress: () => '127.0.0.1',
		setHeaders() {},
		parent: async () => ({ theme: 'light', user: null }),
		depends() {},
		untrack: <T>(fn: () => T) => fn(),
		fetch
	};
}

describe('role × route matrix', () => {
	const onDisk = routesOnDisk();

	it('has an access entry for every route on disk, and a route for every entry', () => {
		expect([...onDisk.keys()].sort()).toEqual(Object.keys(ROUTE_ACCESS).sort());
	});

	for (const [file, load] of Object.entries(modules)) {
		const dir = path.dirname(path.resolve('tests', file));
		const rel = path.relative(ROUTES_DIR, dir).split(path.sep).join('/');
		const routeId = rel === '' ? '/' : `/${rel}`;
		const isApi = routeId.startsWith('/api/');

		describe(routeId, () => {
			for (const [who, principal] of WHO) {
				it(`as ${who}: ${expected(routeId, principal, isApi)}`, async () => {
					const mod = await load();
					const calls: [string, () => unknown][] = [];
					for (const method of ['GET', 'POST', 'PUT', 'DELETE'] as const) {
						const handler = mod[method] as ((e: unknown) => unknown) | undefined;
						if (handler) calls.push([method, () => handler(event(routeId, principal, method))]);
					}
					const pageLoad = mod.load as ((e: unknown) => unknown) | undefined;
					if (pageLoad) calls.push(['load', () => pageLoad(event(routeId, principal, 'GET'))]);
					const actions = (mod.actions ?? {}) as Record<string, (e: unknown) => unknown>;
					for (const [name, action] of Object.entries(actions))
						calls.push([`action ${name}`, () => action(event(routeId, principal, 'POST'))]);
					expect(calls.length).toBeGreaterThan(0);
					const want = expected(routeId, principal, isApi);
					for (const [name, call] of calls) {
						// A public route is never refused; a form action refuses with 401/403/login.
						const got = await outcomeOf(call);
						const acceptable =
							want === 'allowed'
								? ['allowed']
								: name.startsWith('action')
									? ['login', 'refused']
									: [want];
						expect(acceptable, `${name} ${routeId} as ${who}`).toContain(got);
					}
				});
			}
		});
	}
});
