// Numbers as the UI shows them, in the current locale (zh-CN unless the URL says otherwise).
import { getLocale } from '$lib/paraglide/runtime';

export function formatCount(n: number, locale: string = getLocale()): string {
	return new Intl.NumberFormat(locale).format(n);
}

/** part / whole as a percentage with one decimal, so a column of shares lines up; "—" when whole is 0 (see PRODUCT.md). */
export function formatShare(part: number, whole: number, locale: string = getLocale()): string {
	if (whole === 0) return '—';
	return new Intl.NumberFormat(locale, {
		style: 'percent',
		minimumFractionDigits: 1,
		maximumFractionDigits: 1
	}).format(part / whole);
}
