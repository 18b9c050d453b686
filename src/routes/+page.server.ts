import { error } from '@sveltejs/kit';
import { OVERVIEW_CHARTS, overviewCharts } from '$lib/charts/overview-charts';
import type { ChartLocale } from '$lib/charts/types';
import { parseFilters } from '$lib/domain/filters';
import { overviewChartWords } from '$lib/i18n/overview-words';
import { getLocale } from '$lib/paraglide/runtime';
import { renderChartSvg } from '$lib/server/charts/render-svg';
import { loadFilterOptions } from '$lib/server/dashboard/filter-options';
import { loadOverviewData } from '$lib/server/dashboard/overview-data';
import { readSettings } from '$lib/server/env';
import { webDatabase } from '$lib/server/web-database';
import type { PageServerLoad } from './$types';
import { requireAccess } from '$lib/server/auth/guard';

/** Width the first-paint SVGs are drawn at; they scale to the card. */
const SVG_WIDTH = 720;

export const load: PageServerLoad = async ({ url, locals }) => {
	const { scope } = requireAccess({ url, locals }, 'read');
	const parsed = parseFilters(url.searchParams);
	if (!parsed.ok) error(400, parsed.message);
	const db = await webDatabase();
	const [overview, options] = await Promise.all([
		loadOverviewData(db, parsed.filters, { scope, responseDays: readSettings().responseDays }),
		loadFilterOptions(db, scope)
	]);
	// Charts as SVG for the first paint (and without JavaScript): strings, not chart options.
	const view = { locale: getLocale() as ChartLocale, theme: locals.theme, static: true };
	const charts = overviewCharts(overview, view, overviewChartWords());
	const svgs = Object.fromEntries(
		OVERVIEW_CHARTS.map((id) => [
			id,
			renderChartSvg(charts[id].option, {
				width: SVG_WIDTH,
				height: charts[id].height,
				theme: locals.theme
			})
		])
	) as Record<(typeof OVERVIEW_CHARTS)[number], string>;
	return {
		filters: parsed.filters,
		overview,
		options,
		svgs,
		empty: options.communities.length === 0
	};
};
