import { redirect } from '@sveltejs/kit';
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
	const back = url.searchParams.get('back') ?? '/';
	// Only paths inside this app: never an open redirect.
	redirect(303, back.startsWith('/') && !back.startsWith('//') ? back : '/');
};
