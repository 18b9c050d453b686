// The period rules every view shares: the period a filter asks for (default: the twelve months
// ending at the as-of day), the previous period it is compared with, and days as YYYY-MM-DD. Pure,
// so the overview, the compare page, the report and the browser agree on every date.
import type { Filters } from './filters';

/** A period of reported_at, inclusive (YYYY-MM-DD), the one before it, and the as-of day. */
export interface Period {
	from: string;
	to: string;
	/** The previous period: the same calendar months before when the period is whole months. */
	prevFrom: string;
	prevTo: string;
	/** The day overdue and backlog age are measured at. */
	asOf: string;
}

const DAY_MS = 86_400_000;

function dayNumber(iso: string): number {
	const [y, m, d] = iso.split('-').map(Number);
	return Date.UTC(y, m - 1, d) / DAY_MS;
}

function isoOfDay(n: number): string {
	return new Date(n * DAY_MS).toISOString().slice(0, 10);
}

export function addDays(iso: string, days: number): string {
	return isoOfDay(dayNumber(iso) + days);
}

/** Days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
	return dayNumber(to) - dayNumber(from);
}

/** The last day of the month of `iso`. */
function monthEnd(iso: string): string {
	const [y, m] = iso.split('-').map(Number);
	return isoOfDay(Date.UTC(y, m, 0) / DAY_MS);
}

/** The first day of the month `months` after (or before) the month of `iso`. */
function monthStart(iso: string, months = 0): string {
	const [y, m] = iso.split('-').map(Number);
	return isoOfDay(Date.UTC(y, m - 1 + months, 1) / DAY_MS);
}

/** The same day a year earlier; 29 February becomes 28 February. */
function yearBefore(iso: string): string {
	const [y, m, d] = iso.split('-').map(Number);
	const last = new Date(Date.UTC(y - 1, m, 0)).getUTCDate();
	return isoOfDay(Date.UTC(y - 1, m - 1, Math.min(d, last)) / DAY_MS);
}

export function localToday(now = new Date()): string {
	const pad = (n: number) => String(n).padStart(2, '0');
	return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/** Whether from..to is whole calendar months (a month, a quarter, a year, or any run of months). */
function wholeMonths(from: string, to: string): number | null {
	if (!from.endsWith('-01') || monthEnd(to) !== to) return null;
	const [fy, fm] = from.split('-').map(Number);
	const [ty, tm] = to.split('-').map(Number);
	const months = (ty - fy) * 12 + (tm - fm) + 1;
	return months > 0 ? months : null;
}

/**
 * The period a leader compares with: for whole calendar months (a month, a quarter, a year) the
 * same number of months right before (Q3 against Q2, 2019 against 2018); otherwise the same number
 * of days ending the day before `from`.
 */
export function previousPeriod(from: string, to: string): { from: string; to: string } {
	const months = wholeMonths(from, to);
	if (months !== null) return { from: monthStart(from, -months), to: addDays(from, -1) };
	const days = daysBetween(from, to) + 1;
	const prevTo = addDays(from, -1);
	return { from: addDays(prevTo, 1 - days), to: prevTo };
}

/**
 * The period of a filter: filters.from..filters.to, either side defaulting to the twelve months
 * ending at asOf (to = asOf, from = to − 1 year + 1 day), with its previous period.
 */
export function periodOf(filters: Pick<Filters, 'from' | 'to'>, asOf: string): Period {
	const to = filters.to ?? (filters.from && filters.from > asOf ? filters.from : asOf);
	const from = filters.from ?? addDays(yearBefore(to), 1);
	const previous = previousPeriod(from, to);
	return { from, to, prevFrom: previous.from, prevTo: previous.to, asOf };
}

/** The calendar months a period touches, as YYYY-MM. */
export function monthsOf(from: string, to: string): string[] {
	const out: string[] = [];
	for (let m = monthStart(from); m <= to; m = monthStart(m, 1)) out.push(m.slice(0, 7));
	return out;
}

/** The days of month `month` (YYYY-MM) that lie in from..to: where a month's bar of a trend counts. */
export function monthWithin(month: string, from: string, to: string): { from: string; to: string } {
	const first = `${month}-01`;
	const last = monthEnd(first);
	return { from: first < from ? from : first, to: last > to ? to : last };
}
