// The figures of the printable report (/report, its PDF, and the weekly brief): the overview's data
// for the period plus what a meeting asks about — overdue problems by responsible unit and the
// stalled problems that have waited longest. Called by src/routes/report/** and the brief API.
import type { Filters } from '../../domain/filters';
import type { OpenProblem } from '../../domain/overview-model';
import { addDays } from '../../domain/period';
import type { ReportData, OverdueUnit } from '../../domain/report-model';
import type { ReportTextInput } from '../../domain/report-text';
import type { LedgerDatabase } from '../db/database';
import { readStatusCodes, runFiltered, statusIn } from '../db/query-compiler';
import { loadOverviewData, type OverviewOptions } from '../dashboard/overview-data';

/** Units the report lists in the overdue section; the rest are summed into one line. */
export const OVERDUE_UNIT_LIMIT = 12;
/** Overdue problems listed under each unit, most overdue first. */
export const OVERDUE_PROBLEMS_PER_UNIT = 3;
export const STALLED_LIMIT = 5;

interface OverdueRow {
	unit: string | null;
	count: number;
	maxDays: number;
	problems: {
		community: string;
		problemId: string;
		text: string;
		deadline: string;
		days: number;
	}[];
}

/**
 * Everything the report shows. The period rules are the overview's (default: the twelve months
 * ending at asOf); the brief passes its own week as filters.from/to.
 */
export async function loadReportData(
	db: LedgerDatabase,
	filters: Filters,
	opts: OverviewOptions
): Promise<ReportData> {
	const [overview, statuses] = await Promise.all([
		loadOverviewData(db, filters, opts),
		readStatusCodes(db)
	]);
	const { period } = overview;
	const base = { asOf: period.asOf, statuses, scope: opts.scope };
	const [overdueRows, stalledRows, [stalledCount]] = await Promise.all([
		runFiltered<OverdueRow>(
			db,
			`WITH od AS (
				SELECT p.responsible_unit AS unit, p.community, p.problem_id,
					coalesce(nullif(trim(p.title), ''), p.description) AS text, p.deadline,
					date_diff('day', p.deadline, $r_asOf::DATE)::INTEGER AS days
				FROM problems p
				WHERE ${statusIn('s_in_rates')} AND ${statusIn('s_open')}
					AND p.deadline < $r_asOf::DATE AND {where}
			)
			SELECT unit, count(*)::INTEGER AS count, max(days)::INTEGER AS "maxDays",
				list({ 'community': community, 'problemId': problem_id, 'text': text,
					'deadline': strftime(deadline, '%Y-%m-%d'), 'days': days }
					ORDER BY days DESC, community, problem_id)[1:${OVERDUE_PROBLEMS_PER_UNIT}] AS problems
			FROM od GROUP BY unit ORDER BY count DESC, "maxDays" DESC, unit NULLS LAST`,
			filters,
			{ ...base, period: { from: period.from, to: period.to } },
			{ r_asOf: period.asOf }
		),
		runFiltered<OpenProblem & { themeLabelZh: string; statusLabelZh: string }>(
			db,
			`SELECT p.community, p.problem_id AS "problemId",
				coalesce(nullif(trim(p.title), ''), p.description) AS text, p.theme,
				coalesce(th.label_zh, p.theme) AS "themeLabelZh", coalesce(th.label_en, p.theme) AS "themeLabelEn",
				p.status, st.label_zh AS "statusLabelZh", st.label_en AS "statusLabelEn",
				p.responsible_unit AS "responsibleUnit", strftime(p.reported_at, '%Y-%m-%d') AS "reportedAt",
				strftime(p.deadline, '%Y-%m-%d') AS deadline,
				date_diff('day', p.reported_at, $r_asOf::DATE)::INTEGER AS "ageDays",
				coalesce(p.deadline < $r_asOf::DATE, false) AS overdue
			 FROM problems p JOIN statuses st ON st.code = p.status
				LEFT JOIN themes th ON th.code = p.theme
			 WHERE ${statusIn('s_open')} AND p.status = 'stalled' AND p.reported_at <= $r_asOf::DATE
				AND {where}
			 ORDER BY p.reported_at, p.community, p.problem_id LIMIT ${STALLED_LIMIT}`,
			filters,
			{ ...base, period: null },
			{ r_asOf: period.asOf }
		),
		runFiltered<{ n: number }>(
			db,
			`SELECT count(*)::INTEGER AS n FROM problems p
			 WHERE ${statusIn('s_open')} AND p.status = 'stalled' AND p.reported_at <= $r_asOf::DATE
				AND {where}`,
			filters,
			{ ...base, period: null },
			{ r_asOf: period.asOf }
		)
	]);

	const units: OverdueUnit[] = overdueRows.map((r) => ({
		unit: r.unit,
		count: r.count,
		maxDaysOverdue: r.maxDays,
		problems: r.problems.map((p) => ({
			community: p.community,
			problemId: p.problemId,
			text: p.text,
			deadline: p.deadline,
			daysOverdue: p.days
		}))
	}));
	return {
		overview,
		overdue: { total: units.reduce((sum, u) => sum + u.count, 0), units },
		stalled: { total: stalledCount?.n ?? 0, rows: stalledRows }
	};
}

/** The brief's default week: the seven days ending at asOf. */
export function weekEnding(asOf: string): { from: string; to: string } {
	return { from: addDays(asOf, -6), to: asOf };
}

/** The figures the summary paragraph and the brief are written from (labels in Chinese). */
export function reportTextInput(data: ReportData): ReportTextInput {
	const o = data.overview;
	return {
		period: { from: o.period.from, to: o.period.to },
		total: o.kpis.current.total.value,
		previousTotal: o.kpis.previous.total.value,
		themes: o.byTheme.map((t) => ({ label: t.labelZh, count: t.count })),
		themeHeat: o.themeHeat.map((t) => ({ ...t, label: t.labelZh })),
		closure: o.kpis.current.closure,
		previousClosure: o.kpis.previous.closure,
		overdueUnits: data.overdue.units.map((u) => ({ unit: u.unit, count: u.count })),
		openBottlenecks: o.openBottlenecks.total,
		stalled: { total: data.stalled.total, longestDays: data.stalled.rows[0]?.ageDays ?? null }
	};
}
