import { error } from '@sveltejs/kit';
import { COMPARE_CHART_IDS, compareCharts, type CompareChartId } from '$lib/charts/compare-charts';
import type { ChartLocale, ChartTheme } from '$lib/charts/types';
import { MIN_UNITS, type CompareData } from '$lib/domain/compare-model';
import { dashboardFilters, type Filters } from '$lib/domain/filters';
import { parseCompareParams, type CompareParams } from '$lib/domain/ranking';
import { compareChartWords } from '$lib/i18n/compare-words';
import { getLocale } from '$lib/paraglide/runtime';
import { renderChartSvgs } from '$lib/server/charts/render-svg';
import { loadCompareData } from '$lib/server/compare/compare-data';
import { inScope, type Scope } from '$lib/server/db/query-compiler';
import { loadFilterOptions } from '$lib/server/dashboard/filter-options';
import { localToday } from '$lib/domain/period';
import { ViewCache } from '$lib/server/dashboard/view-cache';
import { readSettings } from '$lib/server/env';
import { webDatabase } from '$lib/server/web-database';
import type { PageServerLoad } from './$types';
import { requireAccess } from '$lib/server/auth/guard';
import { parseScopedFilters } from '$lib/server/auth/scoped-filters';

/** Width the first-paint SVGs are drawn at; they scale to the card. */
const SVG_WIDTH = 720;

interface CompareView {
	compare: CompareData;
	/** First-paint SVGs; none on client-side navigation (live charts draw) or with too few units. */
	svgs: Partial<Record<CompareChartId, string>>;
}

const views = new ViewCache<CompareView>();

async function compareView(
	filters: Filters,
	params: CompareParams,
	scope: Scope,
	draw: { locale: ChartLocale; theme: ChartTheme } | null
): Promise<CompareView> {
	const db = await webDatabase();
	const compare = await loadCompareData(db, filters, params, {
		scope,
		responseDays: readSettings().responseDays
	});
	// Charts as SVG for the first paint (and without JavaScript), once there is something to compare.
	if (!draw || compare.units.length < MIN_UNITS) return { compare, svgs: {} };
	const charts = compareCharts(compare, { ...draw, static: true }, compareChartWords());
	const svgs = renderChartSvgs(charts, COMPARE_CHART_IDS, { width: SVG_WIDTH, theme: draw.theme });
	return { compare, svgs };
}

export const load: PageServerLoad = async ({ url, locals, isDataRequest }) => {
	const { scope } = requireAccess({ url, locals }, 'read');
	const parsed = parseScopedFilters(url.searchParams, scope);
	if (!parsed.ok) error(parsed.status, parsed.message);
	const filters = dashboardFilters(parsed.filters);
	const params = parseCompareParams(url.searchParams);
	const db = await webDatabase();
	const draw = isDataRequest ? null : { locale: getLocale() as ChartLocale, theme: locals.theme };
	const key = ['compare', filters, params, scope, draw, localToday()];
	const [view, options] = await Promise.all([
		views.get(key, () => compareView(filters, params, scope, draw)),
		loadFilterOptions(db, scope)
	]);
	const { compare, svgs } = view;
	return {
		filters,
		compare,
		options,
		svgs,
		// More than MAX_UNITS were asked for: the server compares the first ones. (Units outside the
		// account's scope are left out, not counted as asked for.)
		capped:
			new Set(filters.communities.filter((c) => inScope(scope, c))).size > compare.units.length
	};
};
