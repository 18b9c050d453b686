import { error } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { getProblem } from '$lib/server/dashboard/problem-list';
import { webDatabase } from '$lib/server/web-database';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params }) => {
	const detail = await getProblem(await webDatabase(), params.id);
	if (!detail) error(404, m.problem_not_found());
	return { detail };
};
