// The words of registry entries (figures, dimensions, charts), which name their labels by message
// key: looked up here in the current language, so adding an entry needs its messages and no code.
// tests/registry-messages.test.ts checks every key exists in both message files.
import type { Figure } from '$lib/domain/figures';
import { m } from '$lib/paraglide/messages';
import type { Locale } from '$lib/paraglide/runtime';

type Message = (inputs?: Record<string, string>, options?: { locale?: Locale }) => string;

/**
 * The message `key` with `inputs`, in the current language or `locale`; the key itself if the
 * message is missing (a test forbids it).
 */
export function message(key: string, inputs: Record<string, string> = {}, locale?: Locale): string {
	const fn = (m as unknown as Record<string, Message | undefined>)[key];
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
