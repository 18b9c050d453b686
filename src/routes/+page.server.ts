import { error } from '@sveltejs/kit';
import {
	OVERVIEW_CHART_IDS,
	overviewCharts,
	type OverviewChartId
} from '$lib/charts/overview-charts';
import type { ChartLocale, ChartTheme } from '$lib/charts/types';
import { dashboardFilters, type Filters } from '$lib/domain/filters';
import type { OverviewData } from '$lib/domain/overview-model';
import { localToday } from '$lib/domain/period';
import { overviewChartWords } from '$lib/i18n/overview-words';
import { getLocale } from '$lib/paraglide/runtime';
import { renderChartSvgs } from '$lib/server/charts/render-svg';
import { loadFilterOptions } from '$lib/server/dashboard/filter-options';
import { loadOverviewData } from '$lib/server/dashboard/overview-data';
import { ViewCache } from '$lib/server/dashboard/view-cache';
import type { Scope } from '$lib/server/db/query-compiler';
import { readSettings } from '$lib/server/env';
import { webDatabase } from '$lib/server/web-database';
import type { PageServerLoad } from './$types';
import { requireAccess } from '$lib/server/auth/guard';
import { parseScopedFilters } from '$lib/server/auth/scoped-filters';

/** Width the first-paint SVGs are drawn at; they scale to the card. */
const SVG_WIDTH = 720;

interface OverviewView {
	overview: OverviewData;
	/** The charts as SVG for the first paint; null on client-side navigation (live charts draw). */
	svgs: Record<OverviewChartId, string> | null;
}

const views = new ViewCache<OverviewView>();

async function overviewView(
	filters: Filters,
	scope: Scope,
	draw: { locale: ChartLocale; theme: ChartTheme } | null
): Promise<OverviewView> {
	const db = await webDatabase();
	const overview = await loadOverviewData(db, filters, {
		scope,
		responseDays: readSettings().responseDays
	});
	if (!draw) return { overview, svgs: null };
	// Charts as SVG for the first paint (and without JavaScript): strings, not chart options.
	const charts = overviewCharts(overview, { ...draw, static: true }, overviewChartWords());
	const svgs = renderChartSvgs(charts, OVERVIEW_CHART_IDS, { width: SVG_WIDTH, theme: draw.theme });
	return { overview, svgs };
}

export const load: PageServerLoad = async ({ url, locals, isDataRequest }) => {
	const { scope } = requireAccess({ url, locals }, 'read');
	const parsed = parseScopedFilters(url.searchParams, scope);
	if (!parsed.ok) error(parsed.status, parsed.message);
	const filters = dashboardFilters(parsed.filters);
	const db = await webDatabase();
	// A client-side navigation (a cross-filter click) has ECharts loaded already: no SVGs to draw.
	const draw = isDataRequest ? null : { locale: getLocale() as ChartLocale, theme: locals.theme };
	// The default period ends today: the day is part of what the view depends on.
	const key = ['overview', filters, scope, draw, localToday()];
	const [view, options] = await Promise.all([
		views.get(key, () => overviewView(filters, scope, draw)),
		loadFilterOptions(db, scope)
	]);
	return {
		filters,
		overview: view.overview,
		options,
		svgs: view.svgs,
		empty: options.communities.length === 0
	};
};
