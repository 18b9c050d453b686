import { redirect } from '@sveltejs/kit';
import { audit } from '$lib/server/audit/audit';
import { requireAccess } from '$lib/server/auth/guard';
import { invalidateSession } from '$lib/server/auth/session';
import { clearSessionCookie } from '$lib/server/auth/session-cookie';
import { webDatabase } from '$lib/server/web-database';
import type { Actions, PageServerLoad } from './$types';

// Signing out changes state, so it is a POST (the form in the header); a GET just goes home.
export const load: PageServerLoad = (event) => {
	requireAccess(event, 'signed-in');
	redirect(303, '/');
};

export const actions: Actions = {
	default: async (event) => {
		const principal = requireAccess(event, 'signed-in');
		const db = await webDatabase();
		if (event.locals.sessionId) await invalidateSession(db, event.locals.sessionId);
		clearSessionCookie(event.cookies);
		await audit(db, {
			actor: principal,
			address: event.locals.address,
			action: 'logout',
			result: 'ok'
		});
		redirect(303, '/login?signedOut=1');
	}
};
