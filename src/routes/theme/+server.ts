import { redirect } from '@sveltejs/kit';
import { sameOriginPath } from '$lib/server/http/safe-redirect';
import { readTheme, THEME_COOKIE } from '$lib/server/theme';
import type { RequestHandler } from './$types';

// GET /theme?set=dark&back=/problems — a plain link, so switching works without JavaScript.
export const GET: RequestHandler = ({ url, cookies }) => {
	const theme = readTheme(url.searchParams.get('set') ?? undefined);
	cookies.set(THEME_COOKIE, theme, {
		path: '/',
		maxAge: 60 * 60 * 24 * 365,
		httpOnly: false,
		sameSite: 'lax'
	});
	redirect(303, sameOriginPath(url.searchParams.get('back')));
};
