import { error } from '@sveltejs/kit';
import { loadFilterOptions } from '$lib/server/dashboard/filter-options';
import { listProblems, parseListOptions } from '$lib/server/dashboard/problem-list';
import { webDatabase } from '$lib/server/web-database';
import type { PageServerLoad } from './$types';
import { requireAccess } from '$lib/server/auth/guard';
import { parseScopedFilters } from '$lib/server/auth/scoped-filters';

export const load: PageServerLoad = async ({ url, locals }) => {
	const { scope } = requireAccess({ url, locals }, 'read');
	const parsed = parseScopedFilters(url.searchParams, scope);
	if (!parsed.ok) error(parsed.status, parsed.message);
	const list = parseListOptions(url.searchParams);
	if (!list.ok) error(400, list.message);
	const db = await webDatabase();
	const [problems, options] = await Promise.all([
		listProblems(db, parsed.filters, list.options, { scope }),
		loadFilterOptions(db, scope)
	]);
	return { filters: parsed.filters, listOptions: list.options, problems, options };
};
