// GET /api/v1/report/brief?<filter parameters>: the weekly brief as plain text (UTF-8), for pasting
// into a chat group. Without from/to it covers the seven days ending at the as-of date; with them,
// that period. Same figures and scope as the report (one generator, $lib/domain/report-text).
import { dashboardFilters } from '$lib/domain/filters';
import { weeklyBrief } from '$lib/domain/report-text';
import { requireAccess } from '$lib/server/auth/guard';
import { defaultAsOf } from '$lib/server/db/as-of';
import { readSettings } from '$lib/server/env';
import { ApiError, answering } from '$lib/server/http/api-error';
import { loadReportData, reportTextInput, weekEnding } from '$lib/server/report/report-data';
import { webDatabase } from '$lib/server/web-database';
import type { RequestHandler } from './$types';
import { parseScopedFilters } from '$lib/server/auth/scoped-filters';

export const GET: RequestHandler = ({ url, locals }) =>
	answering(async () => {
		const { scope } = requireAccess({ url, locals }, 'read');
		const parsed = parseScopedFilters(url.searchParams, scope);
		if (!parsed.ok) throw new ApiError(parsed.status, parsed.message);
		const settings = readSettings();
		const db = await webDatabase();
		const filters = dashboardFilters(parsed.filters);
		const asOf = filters.asOf ?? (await defaultAsOf(db, scope));
		const to = filters.to ?? asOf;
		const period = { from: filters.from ?? weekEnding(to).from, to };
		const data = await loadReportData(
			db,
			{ ...filters, ...period, asOf },
			{ scope, responseDays: settings.responseDays }
		);
		const text = weeklyBrief(reportTextInput(data), `${settings.defaultStreet}问题周报`);
		return new Response(text, {
			headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' }
		});
	});
