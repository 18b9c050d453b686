import { requireAccess } from '$lib/server/auth/guard';
import { listApiTokens } from '$lib/server/auth/session';
import { listUsers } from '$lib/server/auth/users';
import { webDatabase } from '$lib/server/web-database';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ url, locals }) => {
	requireAccess({ url, locals }, 'admin');
	const db = await webDatabase();
	const [users, tokens] = await Promise.all([listUsers(db), listApiTokens(db)]);
	return { users, tokens };
};
