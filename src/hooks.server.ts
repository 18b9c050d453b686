import {
	json,
	redirect,
	text,
	type Handle,
	type HandleServerError,
	type ServerInit
} from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { paraglideMiddleware } from '$lib/paraglide/server';
import { authenticate } from '$lib/server/auth/authenticate';
import { decide, loginUrl, ROUTE_ACCESS } from '$lib/server/auth/guard';
import { ensureFirstAdmin } from '$lib/server/auth/users';
import { gzipIfAccepted } from '$lib/server/compress';
import { readSettings } from '$lib/server/env';
import {
	bodyTooLargeMessage,
	cappedRequest,
	FORM_BODY_LIMIT,
	PUBLIC_FORM_BODY_LIMIT
} from '$lib/server/http/body-cap';
import { MAX_URL_BYTES, URL_TOO_LONG_MESSAGE } from '$lib/server/http/front-door';
import { CROSS_SITE_MESSAGE, isCrossSite } from '$lib/server/http/same-origin';
import { readTheme, THEME_COOKIE } from '$lib/server/theme';
import { DatabaseLockedError } from '$lib/server/db/database';
import { closeWebDatabase, webDatabase } from '$lib/server/web-database';

// Open (and migrate) the database at start-up, so a locked or broken file stops the server at once
// instead of failing the first request; on an empty database, create the first admin.
export const init: ServerInit = async () => {
	const db = await webDatabase().catch((err: unknown) => {
		if (!(err instanceof DatabaseLockedError)) throw err;
		// A second server on the same file: say so and stop, rather than a stack trace.
		console.error(`\n${err.serverMessage}\n`);
		process.exit(2);
	});
	// adapter-node emits this after SIGTERM/SIGINT once the in-flight requests are answered
	// (https://svelte.dev/docs/kit/adapter-node#Graceful-shutdown).
	process.once('sveltekit:shutdown', () => {
		closeWebDatabase().catch((err: unknown) => {
			console.error('关闭数据库时出错：', err);
			process.exitCode = 1;
		});
	});
	const settings = readSettings();
	const created = await ensureFirstAdmin(db, { password: settings.adminPassword ?? undefined });
	if (created?.password) {
		console.log(
			`\n已创建管理员账号“${created.username}”，初始密码（只显示这一次）：${created.password}\n` +
				'请登录后在“账号”页修改密码。也可以用 npm run ledger -- user passwd admin 重设。\n'
		);
	} else if (created) {
		console.log(`\n已创建管理员账号“${created.username}”，密码取自 LEDGER_ADMIN_PASSWORD。\n`);
	}
};

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function clientAddress(event: Parameters<Handle>[0]['event']): string {
	try {
		return event.getClientAddress();
	} catch {
		return 'unknown';
	}
}

export const handle: Handle = async ({ event, resolve }) => {
	const isApi = event.url.pathname.startsWith('/api/');
	// The built server's front door (src/cli/serve.ts) refuses both already; this covers vite.
	if (Buffer.byteLength(event.url.pathname + event.url.search) > MAX_URL_BYTES) {
		return isApi
			? json({ error: URL_TOO_LONG_MESSAGE }, { status: 414 })
			: text(URL_TOO_LONG_MESSAGE, { status: 414 });
	}
	if (isCrossSite(event.request)) {
		return isApi
			? json({ error: CROSS_SITE_MESSAGE }, { status: 403 })
			: text(CROSS_SITE_MESSAGE, { status: 403 });
	}
	event.locals.address = clientAddress(event);
	const auth = await authenticate(await webDatabase(), event.request, event.cookies);
	event.locals.principal = auth.principal;
	event.locals.sessionId = auth.sessionId;
	// Every route is checked here against ROUTE_ACCESS (a route missing from it is refused), and
	// again by its own load, action or endpoint.
	const decision = decide(event.route.id, auth.principal);
	if (!decision.ok) {
		if (isApi) return json({ error: decision.message }, { status: decision.status });
		if (decision.login) redirect(303, loginUrl(event.url));
	}
	if (decision.ok && !isApi && !SAFE_METHODS.has(event.request.method)) {
		// Page form posts: read under a few KB before any action parses them (the API's JSON
		// bodies are capped by readJson, uploads by their own streaming reader).
		const limit =
			ROUTE_ACCESS[event.route.id ?? ''] === 'public' ? PUBLIC_FORM_BODY_LIMIT : FORM_BODY_LIMIT;
		const capped = await cappedRequest(event.request, limit);
		if (!capped) {
			// The rest is read and dropped meanwhile, so the browser gets this answer, not a reset.
			return text(bodyTooLargeMessage(limit), { status: 413 });
		}
		event.request = capped;
	}
	return paraglideMiddleware(event.request, async ({ request, locale }) => {
		event.request = request;
		event.locals.theme = readTheme(event.cookies.get(THEME_COOKIE));
		if (!decision.ok) {
			// The error page, in the page's language (the hook cannot throw error() itself).
			return text(decision.message, { status: decision.status });
		}
		const response = await resolve(event, {
			transformPageChunk: ({ html }) =>
				html.replace('%paraglide.lang%', locale).replace('%ledger.theme%', event.locals.theme)
		});
		return gzipIfAccepted(event.request, response);
	});
};

// Unexpected errors: the details go to the log under a short id; the user sees only the id.
export const handleError: HandleServerError = ({ error, event, status, message }) => {
	if (status === 404) return { message: m.error_not_found() };
	if (status < 500) return { message };
	const id = crypto.randomUUID().slice(0, 8);
	console.error(`[error ${id}] ${event.request.method} ${event.url.pathname}`, error);
	return { message: m.error_internal({ id }), id };
};
