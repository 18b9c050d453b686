// The words of registry entries (figures, dimensions, charts), which name their messages by key.
// Looked up in this map, which names each message statically so the page carries only these (a
// lookup on the whole message namespace would bundle all of them); its type makes it list every
// key the registries name, no more and no fewer: a new entry's words go in messages/*.json and
// here, and tests/registry-messages.test.ts checks both files.
import type { COMPARE_CHARTS } from '$lib/charts/compare-charts';
import type { OVERVIEW_CHARTS } from '$lib/charts/overview-charts';
import type { LIST_DIMENSIONS } from '$lib/domain/dimensions';
import type { Figure, FIGURES, InputField } from '$lib/domain/figures';
import { m } from '$lib/paraglide/messages';
import type { Locale } from '$lib/paraglide/runtime';

type Figures = (typeof FIGURES)[number];
type Charts = (typeof OVERVIEW_CHARTS)[number] | (typeof COMPARE_CHARTS)[number];
/** Every message key the registries name. */
type RegistryKey =
	| Figures['label']
	| Figures['formula']
	| Extract<Figures, { aside: unknown }>['aside']['message']
	| (typeof LIST_DIMENSIONS)[keyof typeof LIST_DIMENSIONS]['label']
	| Charts['title']
	| Charts['note']
	| `field_${InputField}`;

type Message = (inputs: Record<string, string>, options?: { locale?: Locale }) => string;

const WORDS = {
	kpi_total: m.kpi_total,
	kpi_total_def: m.kpi_total_def,
	kpi_closure: m.kpi_closure,
	kpi_closure_def: m.kpi_closure_def,
	kpi_fix: m.kpi_fix,
	kpi_fix_def: m.kpi_fix_def,
	kpi_sign_off: m.kpi_sign_off,
	kpi_sign_off_def: m.kpi_sign_off_def,
	kpi_on_time: m.kpi_on_time,
	kpi_on_time_def: m.kpi_on_time_def,
	compare_no_deadline: m.compare_no_deadline,
	kpi_overdue: m.kpi_overdue,
	kpi_overdue_def: m.kpi_overdue_def,
	kpi_response: m.kpi_response,
	kpi_response_def: m.kpi_response_def,
	kpi_satisfaction: m.kpi_satisfaction,
	kpi_satisfaction_def: m.kpi_satisfaction_def,
	kpi_callback: m.kpi_callback,
	kpi_callback_def: m.kpi_callback_def,
	kpi_callback_rate: m.kpi_callback_rate,
	kpi_callback_rate_def: m.kpi_callback_rate_def,
	kpi_days: m.kpi_days,
	kpi_days_def: m.kpi_days_def,
	filter_communities: m.filter_communities,
	filter_themes: m.filter_themes,
	filter_status_types: m.filter_status_types,
	filter_statuses: m.filter_statuses,
	filter_levels: m.filter_levels,
	filter_reporter_types: m.filter_reporter_types,
	filter_units: m.filter_units,
	filter_satisfaction: m.filter_satisfaction,
	chart_by_theme: m.chart_by_theme,
	population_valid: m.population_valid,
	chart_status_mix: m.chart_status_mix,
	chart_heat: m.chart_heat,
	chart_trend: m.chart_trend,
	population_trend: m.population_trend,
	chart_by_level: m.chart_by_level,
	chart_by_reporter: m.chart_by_reporter,
	chart_theme_heat: m.chart_theme_heat,
	population_theme_heat: m.population_theme_heat,
	chart_backlog_age: m.chart_backlog_age,
	population_open: m.population_open,
	compare_chart_theme_mix: m.compare_chart_theme_mix,
	compare_chart_mix_note: m.compare_chart_mix_note,
	compare_chart_status_type_mix: m.compare_chart_status_type_mix,
	compare_chart_status_mix: m.compare_chart_status_mix,
	compare_chart_days: m.compare_chart_days,
	compare_chart_days_note: m.compare_chart_days_note,
	compare_chart_backlog: m.compare_chart_backlog,
	compare_chart_backlog_note: m.compare_chart_backlog_note,
	compare_chart_trend: m.compare_chart_trend,
	compare_chart_trend_note: m.compare_chart_trend_note,
	field_acknowledged_at: m.field_acknowledged_at,
	field_satisfaction: m.field_satisfaction,
	field_callback_resolved: m.field_callback_resolved,
	field_deadline: m.field_deadline,
	field_resolved_at: m.field_resolved_at
} satisfies Record<RegistryKey, unknown> as unknown as Record<RegistryKey, Message>;

/**
 * The message `key` with `inputs`, in the current language or `locale`; the key itself if the
 * message is missing (the type and a test forbid it).
 */
export function message(key: string, inputs: Record<string, string> = {}, locale?: Locale): string {
	const fn = (WORDS as Record<string, Message | undefined>)[key];
	return fn ? fn(inputs, locale ? { locale } : undefined) : key;
}

/** The names of canonical fields, joined: "受理时间", "整改时限、完成时间". */
export function fieldNames(fields: readonly string[]): string {
	return fields.map((f) => message(`field_${f}`)).join(m.field_joiner());
}

export function figureLabel(figure: Figure, locale?: Locale): string {
	return message(figure.label, {}, locale);
}

/** The figure's formula in words; `inputs` fills its blanks (T of the response rate, …). */
export function figureFormula(figure: Figure, inputs: Record<string, string> = {}): string {
	return message(figure.formula, inputs);
}

/** "无数据（未提供受理时间）" for a figure whose inputs the exports never carried. */
export function noDataText(figure: Figure): string {
	return m.kpi_no_data({ fields: fieldNames(figure.requires) });
}

/** "10 个单位中 3 个提供受理时间" */
export function coverageText(
	figure: Figure,
	coverage: { supplied: number; units: number }
): string {
	return m.kpi_coverage({
		units: String(coverage.units),
		supplied: String(coverage.supplied),
		fields: fieldNames(figure.requires)
	});
}
