import { fail } from '@sveltejs/kit';
import { audit } from '$lib/server/audit/audit';
import { requireAccess } from '$lib/server/auth/guard';
import { passwordProblem, verifyPassword } from '$lib/server/auth/password';
import { createSession, generateToken, invalidateUserSessions } from '$lib/server/auth/session';
import { setSessionCookie } from '$lib/server/auth/session-cookie';
import { findUserRow, setPassword } from '$lib/server/auth/users';
import { webDatabase } from '$lib/server/web-database';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => {
	const principal = requireAccess(event, 'signed-in');
	return {
		account: {
			username: principal.username,
			displayName: principal.displayName,
			role: principal.role,
			scope: principal.scope
		}
	};
};

export const actions: Actions = {
	password: async (event) => {
		const principal = requireAccess(event, 'signed-in');
		const form = await event.request.formData();
		const current = String(form.get('current') ?? '');
		const next = String(form.get('next') ?? '');
		const confirm = String(form.get('confirm') ?? '');
		const db = await webDatabase();
		const user = await findUserRow(db, principal.username);
		const refuse = async (message: string) => {
			await audit(db, {
				actor: principal,
				address: event.locals.address,
				action: 'password.change',
				detail: { reason: message },
				result: 'failed'
			});
			return fail(400, { message });
		};
		if (!user || !(await verifyPassword(user.passwordHash, current)))
			return refuse('当前密码不正确。');
		if (next !== confirm) return refuse('两次输入的新密码不一致。');
		const problem = passwordProblem(next, user.username);
		if (problem) return refuse(problem);
		await setPassword(db, user.id, next);
		// Every other device is signed out; this one gets a fresh session.
		await invalidateUserSessions(db, user.id);
		const token = generateToken();
		const session = await createSession(db, token, user.id, { address: event.locals.address });
		setSessionCookie(event.cookies, token, session.expiresAt);
		await audit(db, {
			actor: principal,
			address: event.locals.address,
			action: 'password.change',
			result: 'ok'
		});
		return { changed: true };
	}
};
