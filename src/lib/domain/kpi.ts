// The KPI formulas of PRODUCT.md over counts the database has already made. Pure, so the overview,
// the compare page and the report compute every rate the same way, and the browser can too.

/** A rate with its parts: the UI shows num/den beside the value, and "—" when value is null. */
export interface Rate {
	num: number;
	den: number;
	/** num / den; null when den is 0. */
	value: number | null;
}

export interface Interval {
	low: number;
	high: number;
}

/** Counts over V (the period's problems whose status counts in rates), made in SQL. */
export interface KpiCounts {
	/** |V| */
	valid: number;
	/** type = fixed */
	fixed: number;
	/** type = closed (duplicate and withdrawn are not in V) */
	closed: number;
	/** status = verified (销号) */
	verified: number;
	/** done (type fixed or closed) with resolved_at ≤ deadline ≤ as-of */
	onTimeDone: number;
	/** deadline ≤ as-of */
	dueByAsOf: number;
	/** no deadline: left out of the on-time rate, and counted */
	noDeadline: number;
	/** type = open and deadline < as-of */
	overdue: number;
	/** acknowledged_at − reported_at ≤ T days */
	respondedWithinT: number;
	/** 非常满意, 满意, 基本满意 */
	satisfactionPositive: number;
	satisfactionGiven: number;
	/** callback_resolved = yes */
	callbackYes: number;
	callbackGiven: number;
	/** resolved_at − reported_at in days over done problems with both dates; null when none */
	daysMedian: number | null;
	daysP90: number | null;
	doneWithDates: number;
}

export interface Kpis {
	/** 问题总数 |V| */
	total: number;
	/** 办结率 |fixed ∪ closed| / |V| */
	closure: Rate;
	/** 整改率 |fixed| / (|V| − |closed|) */
	fix: Rate;
	/** 销号率 |verified| / |V| */
	signOff: Rate;
	/** 按时办结率, with the problems left out for having no deadline */
	onTime: Rate & { noDeadline: number };
	/** 超期: open past the deadline at the as-of date */
	overdue: number;
	/** 响应率 */
	response: Rate;
	/** 满意率 */
	satisfaction: Rate;
	/** 解决率 (callback) */
	callback: Rate;
	/** 办结时长 in days */
	daysToResolve: { median: number | null; p90: number | null; n: number };
}

export function rate(num: number, den: number): Rate {
	return { num, den, value: den > 0 ? num / den : null };
}

/** The Wilson score interval of num/den (95 % for z = 1.96); null when den is 0. */
export function wilson(num: number, den: number, z = 1.96): Interval | null {
	if (den <= 0) return null;
	const p = num / den;
	const z2 = z * z;
	const scale = 1 + z2 / den;
	const centre = (p + z2 / (2 * den)) / scale;
	const half = (z * Math.sqrt((p * (1 - p)) / den + z2 / (4 * den * den))) / scale;
	return { low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}

export function computeKpis(c: KpiCounts): Kpis {
	return {
		total: c.valid,
		closure: rate(c.fixed + c.closed, c.valid),
		fix: rate(c.fixed, c.valid - c.closed),
		signOff: rate(c.verified, c.valid),
		onTime: { ...rate(c.onTimeDone, c.dueByAsOf), noDeadline: c.noDeadline },
		overdue: c.overdue,
		response: rate(c.respondedWithinT, c.valid),
		satisfaction: rate(c.satisfactionPositive, c.satisfactionGiven),
		callback: rate(c.callbackYes, c.callbackGiven),
		daysToResolve: {
			median: c.doneWithDates > 0 ? c.daysMedian : null,
			p90: c.doneWithDates > 0 ? c.daysP90 : null,
			n: c.doneWithDates
		}
	};
}

/** 主题热度: |V(theme, period)| / |V(theme, previous period)| − 1; null when the previous is 0. */
export function themeHeat(current: number, previous: number): number | null {
	return previous > 0 ? current / previous - 1 : null;
}

/** All-zero counts: what an empty selection gives. */
export const ZERO_KPI_COUNTS: KpiCounts = {
	valid: 0,
	fixed: 0,
	closed: 0,
	verified: 0,
	onTimeDone: 0,
	dueByAsOf: 0,
	noDeadline: 0,
	overdue: 0,
	respondedWithinT: 0,
	satisfactionPositive: 0,
	satisfactionGiven: 0,
	callbackYes: 0,
	callbackGiven: 0,
	daysMedian: null,
	daysP90: null,
	doneWithDates: 0
};
