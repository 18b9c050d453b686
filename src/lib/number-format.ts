// Numbers as every view shows them — cards, tables, chart labels and tooltips — in the locale the
// caller passes (chart builders never read the Paraglide locale themselves, so they run anywhere).
// The one formatting module: a share is always a ratio (0.235 → "23.5%"), "—" when there is none.

const cache = new Map<string, Intl.NumberFormat>();

type Kind = 'count' | 'share' | 'change' | 'points' | 'decimal';

function formatter(locale: string, kind: Kind): Intl.NumberFormat {
	const key = `${locale}:${kind}`;
	let f = cache.get(key);
	if (!f) {
		f =
			kind === 'count'
				? new Intl.NumberFormat(locale)
				: kind === 'points' || kind === 'decimal'
					? new Intl.NumberFormat(locale, {
							minimumFractionDigits: 1,
							maximumFractionDigits: 1,
							signDisplay: kind === 'points' ? 'exceptZero' : 'auto'
						})
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

export function formatCount(n: number, locale: string): string {
	return formatter(locale, 'count').format(n);
}

/** A number with one decimal (a score: 82.5). */
export function formatDecimal(n: number | null, locale: string): string {
	return n === null || !Number.isFinite(n) ? '—' : formatter(locale, 'decimal').format(n);
}

/** A ratio (0.235) as a share ("23.5%"); "—" when there is no ratio (denominator 0). */
export function formatShare(ratio: number | null | undefined, locale: string): string {
	return ratio == null || !Number.isFinite(ratio) ? '—' : formatter(locale, 'share').format(ratio);
}

/** A change ratio (0.25) with its sign ("+25.0%"); "—" when there is none. */
export function formatChange(ratio: number | null | undefined, locale: string): string {
	return ratio == null || !Number.isFinite(ratio) ? '—' : formatter(locale, 'change').format(ratio);
}

/**
 * A change of a share or a rate in percentage points, from proportions (0.032 → "+3.2"), followed
 * by `unit` ("个百分点", "pp"); "—" when there is none.
 */
export function formatPoints(
	change: number | null | undefined,
	locale: string,
	unit: string
): string {
	if (change == null || !Number.isFinite(change)) return '—';
	return `${formatter(locale, 'points').format(change * 100)} ${unit}`;
}
