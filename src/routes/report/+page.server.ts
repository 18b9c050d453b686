import { error } from '@sveltejs/kit';
import { OVERVIEW_CHARTS, overviewCharts } from '$lib/charts/overview-charts';
import { dashboardFilters, type Filters } from '$lib/domain/filters';
import { localToday } from '$lib/domain/period';
import { summaryParagraph, weeklyBrief } from '$lib/domain/report-text';
import { overviewChartWords } from '$lib/i18n/overview-words';
import { getLocale } from '$lib/paraglide/runtime';
import { requireAccess } from '$lib/server/auth/guard';
import { renderChartSvgs } from '$lib/server/charts/render-svg';
import { loadFilterOptions } from '$lib/server/dashboard/filter-options';
import { ViewCache } from '$lib/server/dashboard/view-cache';
import type { Scope } from '$lib/server/db/query-compiler';
import { readSettings } from '$lib/server/env';
import { loadReportData, reportTextInput, weekEnding } from '$lib/server/report/report-data';
import { findChromium } from '$lib/server/report/report-pdf';
import { webDatabase } from '$lib/server/web-database';
import type { ChartLocale } from '$lib/charts/types';
import type { PageServerLoad } from './$types';
import { parseScopedFilters } from '$lib/server/auth/scoped-filters';

/** The printable width of A4 with the report's margins, in CSS pixels (≈ 180 mm). */
const SVG_WIDTH = 680;
/** The overview's charts the report prints, with their entries (title, population note). */
const REPORT_CHARTS = OVERVIEW_CHARTS.filter((c) =>
	(['byTheme', 'statusMix', 'trend'] as string[]).includes(c.id)
);

/** Everything the report shows but the filter options: one finished view per query. */
async function reportView(filters: Filters, scope: Scope, locale: ChartLocale) {
	const settings = readSettings();
	const db = await webDatabase();
	const opts = { scope, responseDays: settings.responseDays };
	const report = await loadReportData(db, filters, opts);
	const { asOf } = report.overview.period;
	// The brief is the week ending at the report's as-of date, under the same filters.
	const week = await loadReportData(db, { ...filters, ...weekEnding(asOf), asOf }, opts);
	// Paper is white: the report's charts are drawn light whatever the screen theme is.
	const charts = overviewCharts(
		report.overview,
		{ locale, theme: 'light', static: true },
		overviewChartWords()
	);
	const ids = REPORT_CHARTS.map((c) => c.id);
	const svgs = renderChartSvgs(charts, ids, { width: SVG_WIDTH, theme: 'light' });
	return {
		report,
		charts: REPORT_CHARTS.map((c) => ({
			...c,
			table: charts[c.id].table,
			drill: charts[c.id].drill,
			svg: svgs[c.id]
		})),
		summary: summaryParagraph(reportTextInput(report)),
		brief: weeklyBrief(reportTextInput(week), `${settings.defaultStreet}问题周报`)
	};
}

const views = new ViewCache<Awaited<ReturnType<typeof reportView>>>(8);

export const load: PageServerLoad = async ({ url, locals }) => {
	const { scope } = requireAccess({ url, locals }, 'read');
	const parsed = parseScopedFilters(url.searchParams, scope);
	if (!parsed.ok) error(parsed.status, parsed.message);
	const filters = dashboardFilters(parsed.filters);
	const locale = getLocale() as ChartLocale;
	const db = await webDatabase();
	const [view, options] = await Promise.all([
		views.get(['report', filters, scope, locale, localToday()], () =>
			reportView(filters, scope, locale)
		),
		loadFilterOptions(db, scope)
	]);
	return {
		filters,
		street: readSettings().defaultStreet,
		scope,
		options,
		...view,
		pdfAvailable: findChromium() !== null,
		generatedAt: new Date().toISOString()
	};
};
