// UI words of the overview's charts and KPI cards, from Paraglide, in the request's language
// (server) or the page's (browser); the builders stay free of i18n.
import type { OverviewChartWords } from '$lib/charts/overview-charts';
import { m } from '$lib/paraglide/messages';

export function overviewChartWords(): OverviewChartWords {
	return {
		count: m.column_count(),
		share: m.column_share(),
		theme: m.column_theme(),
		status: m.column_status(),
		statusType: m.chart_status_type(),
		total: m.chart_total(),
		community: m.chart_community(),
		rowShare: m.chart_row_share(),
		month: m.chart_month(),
		created: m.chart_created(),
		resolved: m.chart_resolved(),
		backlog: m.chart_backlog(),
		level: m.chart_level(),
		reporterType: m.chart_reporter_type(),
		current: m.chart_current(),
		previous: m.chart_previous(),
		currentShare: m.chart_current_share(),
		previousShare: m.chart_previous_share(),
		change: m.chart_change(),
		countChange: m.chart_count_change(),
		points: m.unit_points(),
		noPrevious: m.chart_no_previous(),
		notGiven: m.chart_not_given(),
		age: m.chart_age(),
		ageBuckets: {
			'0-30': m.age_0_30(),
			'31-90': m.age_31_90(),
			'91-180': m.age_91_180(),
			'>180': m.age_over_180()
		}
	};
}
