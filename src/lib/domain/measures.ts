// The measures charts show beside the KPIs (domain/figures.ts): a share of the period's problems,
// and theme heat (主题热度), the change of a theme's share against the previous period. Pure, so
// the overview, the compare page's theme focus, the report and its summary measure alike.

/** count / total; null when total is 0 (nothing to take a share of). */
export const shareOf = (count: number, total: number): number | null =>
	total > 0 ? count / total : null;

/** One theme in two periods: the share change leads, the raw change is shown beside it. */
export interface ThemeShift {
	code: string;
	labelZh: string;
	labelEn: string;
	/** V of the theme in the period and in the previous period. */
	count: number;
	previousCount: number;
	/** count / |V|; null when the period has no problems. */
	share: number | null;
	previousShare: number | null;
	/**
	 * 主题热度: share − previous share, in proportion points (0.05 = 5 个百分点); null when the
	 * previous period has no problems at all (上期无数据).
	 */
	change: number | null;
	/** count / previous count − 1; null when the theme had none last period. */
	countChange: number | null;
}

/**
 * Theme heat of every theme with problems in either period, largest rise in share first (ties in
 * the order given, so pass the themes in taxonomy order). Shares
 * rather than counts: when the whole volume falls by a third, a theme that falls less is rising
 * in what people raise, and raw counts would show every theme falling.
 */
export function themeShifts(
	rows: readonly {
		code: string;
		labelZh: string;
		labelEn: string;
		count: number;
		previousCount: number;
	}[],
	total: number,
	previousTotal: number
): ThemeShift[] {
	return rows
		.map((r) => {
			const share = shareOf(r.count, total);
			const previousShare = shareOf(r.previousCount, previousTotal);
			return {
				...r,
				share,
				previousShare,
				change: previousShare === null ? null : (share ?? 0) - previousShare,
				countChange: r.previousCount > 0 ? r.count / r.previousCount - 1 : null
			};
		})
		.sort(
			(a, b) =>
				(a.change === null ? 1 : 0) - (b.change === null ? 1 : 0) ||
				(b.change ?? 0) - (a.change ?? 0) ||
				b.count - a.count
		);
}
