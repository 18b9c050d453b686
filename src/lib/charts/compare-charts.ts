// The compare page's charts from its data: one place that maps CompareData to each builder, so the
// server (SVG first paint) and the page (live chart) draw exactly the same option.
import type { CompareData, UnitFigures } from '$lib/domain/compare-model';
import type { FilterHit } from '$lib/domain/dimensions';
import { BACKLOG_BUCKETS, type BacklogBucketKey } from '$lib/domain/overview-model';
import { addDays } from '$lib/domain/period';
import {
	compareBacklogHeight,
	compareBacklogOption,
	compareBacklogTable,
	type BacklogData,
	type BacklogGroup
} from './compare-backlog';
import { compareBoxHeight, compareBoxOption, compareBoxTable, type BoxRow } from './compare-box';
import {
	compareMixHeight,
	compareMixHitToFilter,
	compareMixOption,
	compareMixTable,
	type MixData,
	type MixOptions
} from './compare-mix';
import {
	compareTrendHeight,
	compareTrendOption,
	compareTrendTable,
	type CompareTrendUnit
} from './compare-trend';
import type { ChartEntry, ChartSpec } from './overview-charts';
import { PALETTES, statusColor, unitColor } from './palette';
import type { ChartDrill, ChartLocale, ChartTheme } from './types';

/** UI words the charts show; the page fills them from its messages. */
export interface CompareChartWords {
	count: string;
	share: string;
	total: string;
	/** Header of the unit column of tables (单位). */
	unit: string;
	/** The whole street as a bar or row (全街道). */
	street: string;
	theme: string;
	statusType: string;
	status: string;
	month: string;
	created: string;
	resolved: string;
	days: string;
	n: string;
	min: string;
	q1: string;
	median: string;
	q3: string;
	max: string;
	noData: string;
	unitShare: string;
	ageBuckets: Record<BacklogBucketKey, string>;
}

export const COMPARE_CHARTS = [
	{
		id: 'themeMix',
		title: 'compare_chart_theme_mix',
		note: 'compare_chart_mix_note',
		population: 'valid',
		wide: true
	},
	{
		id: 'statusTypeMix',
		title: 'compare_chart_status_type_mix',
		note: 'compare_chart_mix_note',
		population: 'valid'
	},
	{
		id: 'statusMix',
		title: 'compare_chart_status_mix',
		note: 'compare_chart_mix_note',
		population: 'valid',
		wide: true
	},
	{
		id: 'daysToResolve',
		title: 'compare_chart_days',
		note: 'compare_chart_days_note',
		population: 'valid'
	},
	{
		id: 'backlog',
		title: 'compare_chart_backlog',
		note: 'compare_chart_backlog_note',
		population: 'open'
	},
	{
		id: 'trend',
		title: 'compare_chart_trend',
		note: 'compare_chart_trend_note',
		population: 'valid',
		wide: true
	}
] as const satisfies readonly ChartEntry[];
export type CompareChartId = (typeof COMPARE_CHARTS)[number]['id'];
export const COMPARE_CHART_IDS = COMPARE_CHARTS.map((c) => c.id);

/** The street's code among the units' names (which are free text, so this is not a name). */
export const STREET_CODE = '\u0000street';

const BUCKETS: BacklogBucketKey[] = BACKLOG_BUCKETS.map((b) => b.key);

const one = (hit: FilterHit | null): FilterHit[] => (hit ? [hit] : []);

export function compareCharts(
	data: CompareData,
	view: { locale: ChartLocale; theme: ChartTheme; static?: boolean },
	words: CompareChartWords
): Record<CompareChartId, ChartSpec> {
	const en = view.locale === 'en';
	const pick = (x: { labelZh: string; labelEn: string }): string => (en ? x.labelEn : x.labelZh);
	const palette = PALETTES[view.theme];
	const base = { locale: view.locale, theme: view.theme, static: view.static };
	const counted = { count: words.count, share: words.share };

	const columns: { code: string; label: string; figures: UnitFigures }[] = [
		...data.units.map((u) => ({ code: u.unit, label: u.unit, figures: u })),
		{ code: STREET_CODE, label: words.street, figures: data.street }
	];
	// A unit's numbers list its community; the street's, every unit of the page.
	const hitsOf = (code: string): FilterHit[] =>
		code === STREET_CODE ? [] : [{ key: 'communities', value: code }];
	const bars = columns.map(({ code, label }) => ({ code, label, hits: hitsOf(code) }));
	const period = { from: data.period.from, to: data.period.to };
	const valid: ChartDrill = { population: 'valid', period };

	/** A mix from each column's shares; segments in first-seen order, the street's order first. */
	const mix = (
		of: (f: UnitFigures) => { code: string; labelZh: string; labelEn: string; count: number }[],
		colour?: (code: string, nth: number) => string
	): MixData => {
		const segments = new Map<string, { code: string; label: string; color?: string }>();
		for (const column of [columns.at(-1)!, ...columns.slice(0, -1)]) {
			for (const item of of(column.figures)) {
				if (!segments.has(item.code)) {
					segments.set(item.code, {
						code: item.code,
						label: pick(item),
						color: colour?.(item.code, segments.size)
					});
				}
			}
		}
		return {
			bars,
			segments: [...segments.values()],
			counts: columns.flatMap((column) =>
				of(column.figures).map((item) => ({
					bar: column.code,
					segment: item.code,
					count: item.count
				}))
			)
		};
	};
	const mixSpec = (data: MixData, segment: string, options: MixOptions): ChartSpec => {
		const ctx = { ...base, labels: { ...counted, segment, total: words.total } };
		return {
			option: compareMixOption(data, ctx, options),
			table: compareMixTable(data, ctx, options),
			height: compareMixHeight(data),
			hit: (p) => one(compareMixHitToFilter(p)),
			drill: valid
		};
	};

	const themeMix = mix((f) => f.themeMix);
	const statusTypeMix = mix(
		(f) => f.statusTypeMix,
		(code) => palette.statusType[code as keyof typeof palette.statusType] ?? palette.bar
	);
	// Statuses keep their type's colours: grouped by type so a type's shades sit together.
	const typeOf = new Map(
		[data.street, ...data.units].flatMap((f) => f.statusMix.map((s) => [s.code, s.type] as const))
	);
	const typeOrder = { open: 0, fixed: 1, closed: 2 };
	const seenInType = new Map<string, number>();
	const statusMixData = mix(
		(f) => f.statusMix,
		(code) => {
			const type = typeOf.get(code) ?? 'open';
			const nth = seenInType.get(type) ?? 0;
			seenInType.set(type, nth + 1);
			return statusColor(palette, code, type, nth);
		}
	);
	statusMixData.segments.sort(
		(a, b) => typeOrder[typeOf.get(a.code) ?? 'open'] - typeOrder[typeOf.get(b.code) ?? 'open']
	);

	const boxRows: BoxRow[] = columns.map((c, i) => ({
		code: c.code,
		label: c.label,
		stats: c.figures.daysToResolve,
		color: c.code === STREET_CODE ? palette.street : unitColor(palette, i)
	}));
	const boxCtx = {
		...base,
		labels: {
			...counted,
			row: words.unit,
			n: words.n,
			min: words.min,
			q1: words.q1,
			median: words.median,
			q3: words.q3,
			max: words.max,
			days: words.days,
			noData: words.noData
		}
	};

	const group = (code: string, label: string, f: UnitFigures, color?: string): BacklogGroup => ({
		code,
		label,
		color,
		hits: hitsOf(code),
		counts: BUCKETS.map((b) => f.backlog.find((x) => x.bucket === b)?.count ?? 0)
	});
	const { asOf } = data.period;
	const backlog: BacklogData = {
		// A bucket of age a..b days at the as-of day: reported from asOf − b to asOf − a.
		buckets: BACKLOG_BUCKETS.map((b) => ({
			code: b.key,
			label: words.ageBuckets[b.key],
			period: {
				from: b.maxDays === null ? undefined : addDays(asOf, -b.maxDays),
				to: addDays(asOf, -b.minDays)
			}
		})),
		units: data.units.map((u, i) => group(u.unit, u.unit, u, unitColor(palette, i))),
		street: group(STREET_CODE, words.street, data.street)
	};
	const backlogCtx = {
		...base,
		labels: { ...counted, row: words.unit, total: words.total, unitShare: words.unitShare }
	};

	const trendUnits: CompareTrendUnit[] = data.units.map((u, i) => ({
		code: u.unit,
		label: u.unit,
		monthly: u.monthly,
		color: unitColor(palette, i)
	}));
	const trendCtx = {
		...base,
		labels: { ...counted, month: words.month, created: words.created, resolved: words.resolved }
	};

	return {
		themeMix: mixSpec(themeMix, words.theme, { filterKey: 'themes' }),
		statusTypeMix: mixSpec(statusTypeMix, words.statusType, { filterKey: 'statusTypes' }),
		statusMix: mixSpec(statusMixData, words.status, { filterKey: 'statuses' }),
		daysToResolve: {
			option: compareBoxOption(boxRows, boxCtx),
			table: compareBoxTable(boxRows, boxCtx),
			height: compareBoxHeight(boxRows),
			hit: () => [],
			drill: valid
		},
		backlog: {
			option: compareBacklogOption(backlog, backlogCtx),
			table: compareBacklogTable(backlog, backlogCtx),
			height: compareBacklogHeight(backlog),
			hit: () => [],
			drill: { population: 'open', period: {} }
		},
		trend: {
			option: compareTrendOption(trendUnits, trendCtx),
			table: compareTrendTable(trendUnits, trendCtx, period),
			height: compareTrendHeight(trendUnits),
			hit: () => [],
			drill: valid
		}
	};
}
