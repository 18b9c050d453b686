// UI words of the compare page's charts, from Paraglide, in the request's language (server) or the
// page's (browser); the builders stay free of i18n.
import type { CompareChartWords } from '$lib/charts/compare-charts';
import { m } from '$lib/paraglide/messages';

export function compareChartWords(): CompareChartWords {
	return {
		count: m.column_count(),
		share: m.column_share(),
		total: m.chart_total(),
		unit: m.compare_word_unit(),
		street: m.compare_street(),
		theme: m.column_theme(),
		statusType: m.chart_status_type(),
		status: m.column_status(),
		month: m.chart_month(),
		created: m.chart_created(),
		resolved: m.chart_resolved(),
		days: m.compare_word_days(),
		n: m.compare_word_n(),
		min: m.compare_word_min(),
		q1: m.compare_word_q1(),
		median: m.compare_word_median(),
		q3: m.compare_word_q3(),
		max: m.compare_word_max(),
		noData: m.compare_word_no_data(),
		unitShare: m.compare_word_unit_share(),
		ageBuckets: {
			'0-30': m.age_0_30(),
			'31-90': m.age_31_90(),
			'91-180': m.age_91_180(),
			'>180': m.age_over_180()
		}
	};
}
