import { error } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { getProblem } from '$lib/server/dashboard/problem-list';
import { webDatabase } from '$lib/server/web-database';
import type { PageServerLoad } from './$types';
import { requireAccess } from '$lib/server/auth/guard';

export const load: PageServerLoad = async ({ params, url, locals }) => {
	requireAccess({ url, locals }, 'read');
	const detail = await getProblem(await webDatabase(), params.id);
	if (!detail) error(404, m.problem_not_found());
	return { detail };
};
