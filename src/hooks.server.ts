import { json, text, type Handle, type HandleServerError, type ServerInit } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { paraglideMiddleware } from '$lib/paraglide/server';
import { gzipIfAccepted } from '$lib/server/compress';
import { CROSS_SITE_MESSAGE, isCrossSite } from '$lib/server/http/same-origin';
import { readTheme, THEME_COOKIE } from '$lib/server/theme';
import { webDatabase } from '$lib/server/web-database';

// Open (and migrate) the database at start-up, so a locked or broken file stops the server at once
// instead of failing the first request.
export const init: ServerInit = async () => {
	await webDatabase();
};

export const handle: Handle = ({ event, resolve }) => {
	if (isCrossSite(event.request)) {
		return event.url.pathname.startsWith('/api/')
			? json({ error: CROSS_SITE_MESSAGE }, { status: 403 })
			: text(CROSS_SITE_MESSAGE, { status: 403 });
	}
	return paraglideMiddleware(event.request, async ({ request, locale }) => {
		event.request = request;
		event.locals.theme = readTheme(event.cookies.get(THEME_COOKIE));
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
