// What every chart builder takes and gives back. Plain types so the data layer can map to them
// and the builders stay pure (no Paraglide, no DuckDB, no DOM).
import type { FilterHit, ListFilterKey } from '$lib/domain/dimensions';
import type { Drill, Population } from '$lib/domain/filters';

export type ChartLocale = 'zh-CN' | 'en';
export type ChartTheme = 'light' | 'dark';

/** Words every chart shows; each builder asks for more. The page passes them from Paraglide. */
export interface BaseLabels {
	/** 数量 / Count */
	count: string;
	/** 占比 / Share */
	share: string;
}

export interface ChartContext<L extends object = object> {
	locale: ChartLocale;
	theme: ChartTheme;
	labels: BaseLabels & L;
	/** Rendered once (server-side SVG): no animation. */
	static?: boolean;
}

/** The filter dimensions a chart element can stand for (the dimension registry's list filters). */
export type FilterKey = ListFilterKey;

/**
 * What one number of a chart's table counts, on top of the chart's population and the page's
 * filters: the table links it to the list of exactly those problems.
 */
export interface CellDrill {
	/** The number shown (the cell's text may add a share to it). */
	count: number;
	/** The dimension values the cell stands for (its bar's theme, its row's unit). */
	hits?: FilterHit[];
	/** The cell's reported_at range, when it is not the chart's (a month, the previous period). */
	period?: Drill['period'];
}

/** Whose problems a chart counts, and over which reported_at range, for its drill links. */
export interface ChartDrill {
	population?: Population;
	period: Drill['period'];
}

/** A chart's numbers as a table: the "show as table" view, and what a CSV export would hold. */
export interface ChartTable {
	columns: string[];
	rows: (string | number)[][];
	/** Per cell (same shape as rows): what its number counts, or null where nothing is listable. */
	drills?: (CellDrill | null)[][];
}

/** The part of an ECharts click event the hit mappers read (ECElementEvent fits it). */
export interface ChartClick {
	componentType: string;
	targetType?: string;
	data?: unknown;
	value?: unknown;
	dataIndex?: number;
}
