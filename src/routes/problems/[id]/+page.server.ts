import { error } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { getProblem } from '$lib/server/dashboard/problem-list';
import { webDatabase } from '$lib/server/web-database';
import type { PageServerLoad } from './$types';
import { requireAccess } from '$lib/server/auth/guard';

export const load: PageServerLoad = async ({ params, url, locals }) => {
	const { scope } = requireAccess({ url, locals }, 'read');
	// A problem outside the account's scope is not found, as if it did not exist.
	const detail = await getProblem(await webDatabase(), params.id, { scope });
	if (!detail) error(404, m.problem_not_found());
	return { detail };
};
