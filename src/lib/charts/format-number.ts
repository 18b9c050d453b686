// Numbers as chart labels, tooltips and tables show them, in the locale the page passes in
// (builders never read the Paraglide locale themselves, so they can run anywhere).
import type { ChartLocale } from './types';

const cache = new Map<string, Intl.NumberFormat>();

function formatter(locale: ChartLocale, kind: 'count' | 'share' | 'change'): Intl.NumberFormat {
	const key = `${locale}:${kind}`;
	let f = cache.get(key);
	if (!f) {
		f =
			kind === 'count'
				? new Intl.NumberFormat(locale)
				: new Intl.NumberFormat(locale, {
						style: 'percent',
						minimumFractionDigits: 1,
						maximumFractionDigits: 1,
						signDisplay: kind === 'change' ? 'exceptZero' : 'auto'
					});
		cache.set(key, f);
	}
	return f;
}

export function formatCount(n: number, locale: ChartLocale): string {
	return formatter(locale, 'count').format(n);
}

/** A ratio (0.235) as a share ("23.5%"); "—" when there is no ratio (denominator 0). */
export function formatShare(ratio: number | null | undefined, locale: ChartLocale): string {
	return ratio == null || !Number.isFinite(ratio) ? '—' : formatter(locale, 'share').format(ratio);
}

/** A change ratio (0.25) with its sign ("+25.0%"); "—" when there is none. */
export function formatChange(ratio: number | null | undefined, locale: ChartLocale): string {
	return ratio == null || !Number.isFinite(ratio) ? '—' : formatter(locale, 'change').format(ratio);
}
