// GET /api/v1/stats?by=DIM[,DIM2]&<filter parameters>: problem counts by one or two dimensions, the
// same JSON as `ledger stats --json`. Thin over $lib/server/db/stats.
import { json } from '@sveltejs/kit';
import { defaultAsOf } from '$lib/server/db/as-of';
import { countBy, parseDimensions } from '$lib/server/db/stats';
import { webDatabase } from '$lib/server/web-database';
import type { RequestHandler } from './$types';
import { requireAccess } from '$lib/server/auth/guard';
import { parseScopedFilters } from '$lib/server/auth/scoped-filters';

export const GET: RequestHandler = async ({ url, locals }) => {
	const { scope } = requireAccess({ url, locals }, 'read');
	const by = parseDimensions(url.searchParams.get('by'));
	if (!by.ok) return json({ error: by.message }, { status: 400 });
	const parsed = parseScopedFilters(url.searchParams, scope);
	if (!parsed.ok) return json({ error: parsed.message }, { status: parsed.status });
	const { filters } = parsed;
	const db = await webDatabase();
	// The as-of day only matters to the overdue filter and the open population.
	const needsAsOf = filters.overdue || filters.population === 'open';
	const asOf = filters.asOf ?? (needsAsOf ? await defaultAsOf(db, scope) : '1970-01-01');
	return json(await countBy(db, by.dims, filters, { asOf, scope }));
};
