// GET /api/v1/stats?by=DIM[,DIM2]&<filter parameters>: problem counts by one or two dimensions, the
// same JSON as `ledger stats --json`. Thin over $lib/server/db/stats.
import { json } from '@sveltejs/kit';
import { parseFilters } from '$lib/domain/filters';
import { defaultAsOf } from '$lib/server/dashboard/overview-data';
import { countByFilters, parseDimensions } from '$lib/server/db/stats';
import { webDatabase } from '$lib/server/web-database';
import type { RequestHandler } from './$types';
import { requireAccess } from '$lib/server/auth/guard';

export const GET: RequestHandler = async ({ url, locals }) => {
	const { scope } = requireAccess({ url, locals }, 'read');
	const by = parseDimensions(url.searchParams.get('by'));
	if (!by.ok) return json({ error: by.message }, { status: 400 });
	const parsed = parseFilters(url.searchParams);
	if (!parsed.ok) return json({ error: parsed.message }, { status: 400 });
	const { filters } = parsed;
	const db = await webDatabase();
	// The as-of day only matters to the overdue filter; spare the query otherwise.
	const asOf = filters.asOf ?? (filters.overdue ? await defaultAsOf(db) : '1970-01-01');
	return json(await countByFilters(db, by.dims, filters, { asOf, scope }));
};
