import { fail, redirect } from '@sveltejs/kit';
import { logIn } from '$lib/server/auth/login';
import { setSessionCookie } from '$lib/server/auth/session-cookie';
import { sameOriginPath } from '$lib/server/http/safe-redirect';
import { webDatabase } from '$lib/server/web-database';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, url }) => {
	if (locals.principal) redirect(303, sameOriginPath(url.searchParams.get('next')));
	return {
		next: sameOriginPath(url.searchParams.get('next')),
		signedOut: url.searchParams.has('signedOut')
	};
};

export const actions: Actions = {
	default: async ({ request, cookies, locals }) => {
		const form = await request.formData();
		const username = String(form.get('username') ?? '');
		const password = String(form.get('password') ?? '');
		const next = sameOriginPath(String(form.get('next') ?? '/'));
		const outcome = await logIn(await webDatabase(), {
			username,
			password,
			address: locals.address
		});
		if (!outcome.ok) return fail(400, { username, message: outcome.message });
		setSessionCookie(cookies, outcome.token, outcome.session.expiresAt);
		redirect(303, next);
	}
};
