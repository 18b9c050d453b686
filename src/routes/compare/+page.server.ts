import { error } from '@sveltejs/kit';
import { COMPARE_CHARTS, compareCharts, type CompareChartId } from '$lib/charts/compare-charts';
import type { ChartLocale } from '$lib/charts/types';
import { MIN_UNITS } from '$lib/domain/compare-model';
import { parseFilters } from '$lib/domain/filters';
import { parseCompareParams } from '$lib/domain/ranking';
import { compareChartWords } from '$lib/i18n/compare-words';
import { getLocale } from '$lib/paraglide/runtime';
import { renderChartSvg } from '$lib/server/charts/render-svg';
import { loadCompareData } from '$lib/server/compare/compare-data';
import { inScope } from '$lib/server/db/query-compiler';
import { loadFilterOptions } from '$lib/server/dashboard/filter-options';
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
	const params = parseCompareParams(url.searchParams);
	const db = await webDatabase();
	const [compare, options] = await Promise.all([
		loadCompareData(db, parsed.filters, params, {
			scope,
			responseDays: readSettings().responseDays
		}),
		loadFilterOptions(db, scope)
	]);
	// Charts as SVG for the first paint (and without JavaScript), once there is something to compare.
	let svgs: Partial<Record<CompareChartId, string>> = {};
	if (compare.units.length >= MIN_UNITS) {
		const view = { locale: getLocale() as ChartLocale, theme: locals.theme, static: true };
		const charts = compareCharts(compare, view, compareChartWords());
		svgs = Object.fromEntries(
			COMPARE_CHARTS.map((id) => [
				id,
				renderChartSvg(charts[id].option, {
					width: SVG_WIDTH,
					height: charts[id].height,
					theme: locals.theme
				})
			])
		);
	}
	return {
		filters: parsed.filters,
		compare,
		options,
		svgs,
		// More than MAX_UNITS were asked for: the server compares the first ones. (Units outside the
		// account's scope are left out, not counted as asked for.)
		capped:
			new Set(parsed.filters.communities.filter((c) => inScope(scope, c))).size >
			compare.units.length
	};
};
