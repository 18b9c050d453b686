// GET /api/v1/problems?<filter parameters>&sort=&dir=&page=&pageSize=: one sorted page of problems,
// as the problem list shows it. Thin over $lib/server/dashboard/problem-list.
import { json } from '@sveltejs/kit';
import { listProblems, parseListOptions } from '$lib/server/dashboard/problem-list';
import { webDatabase } from '$lib/server/web-database';
import type { RequestHandler } from './$types';
import { requireAccess } from '$lib/server/auth/guard';
import { parseScopedFilters } from '$lib/server/auth/scoped-filters';

export const GET: RequestHandler = async ({ url, locals }) => {
	const { scope } = requireAccess({ url, locals }, 'read');
	const parsed = parseScopedFilters(url.searchParams, scope);
	if (!parsed.ok) return json({ error: parsed.message }, { status: parsed.status });
	const options = parseListOptions(url.searchParams);
	if (!options.ok) return json({ error: options.message }, { status: 400 });
	return json(await listProblems(await webDatabase(), parsed.filters, options.options, { scope }));
};
