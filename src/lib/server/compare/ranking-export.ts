// The compare page's ranking as a file: CSV (UTF-8 with BOM, for Excel/WPS) or XLSX (header styled
// and frozen, rates as real percentages). Both carry the same table the page shows, ranked units
// first, with the weights and the period written above it in the XLSX. Text cells of both go
// through the exports' one formula-neutralising rule (csvLine, sheetCell).
import ExcelJS from 'exceljs';
import type { CompareData, RankingRow } from '../../domain/compare-model';
import {
	FIGURES,
	RATE_FIGURES,
	type Figure,
	type FigureId,
	type RateId
} from '../../domain/figures';
import { figureLabel } from '../../i18n/registry-text';
import { csvLine, sheetCell, UTF8_BOM } from '../export/csv';

/** The file is for the street office: its words are Chinese whatever the page's language. */
const label = (figure: Figure) => figureLabel(figure, 'zh-CN');
const figures = FIGURES as readonly Figure[];

/** A column per figure of the registry, between the unit and the score. */
export const RANKING_COLUMNS = [
	'排名',
	'排名变化',
	'社区',
	...figures.map((f) =>
		f.kind === 'rate'
			? `${label(f)}（%）`
			: f.kind === 'days'
				? `${label(f)}中位数（天）`
				: label(f)
	),
	'综合得分'
];

function rankText(row: RankingRow, minCount: number): string {
	return row.rank === null ? `未排名（不足 ${minCount} 条）` : String(row.rank);
}

function changeText(row: RankingRow): string {
	if (row.rank === null) return '';
	if (row.previousRank === null) return '新';
	if (row.rankChange === 0) return '—';
	return row.rankChange! > 0 ? `↑${row.rankChange}` : `↓${-row.rankChange!}`;
}

const round = (n: number, digits: number): number => Number(n.toFixed(digits));

/**
 * One row of cells: numbers stay numbers; rates as percents (CSV) or fractions (XLSX); a figure
 * the unit's exports give no data for says 无数据, one with nothing to divide by is empty.
 */
function cells(row: RankingRow, minCount: number, ratesAs: 'percent' | 'fraction') {
	return [
		row.rank ?? rankText(row, minCount),
		changeText(row),
		row.unit,
		...figures.map((f) => {
			const v = row.kpis[f.id as FigureId];
			if (v.noData) return '无数据';
			if (v.kind === 'count') return v.value;
			if (v.kind === 'days') return v.median;
			if (v.value === null) return null;
			return ratesAs === 'percent' ? round(100 * v.value, 1) : v.value;
		}),
		row.score === null ? null : round(row.score, 1)
	];
}

export function rankingCsv(data: CompareData): string {
	return (
		UTF8_BOM +
		csvLine(RANKING_COLUMNS) +
		data.ranking.map((row) => csvLine(cells(row, data.minCount, 'percent'))).join('')
	);
}

export async function rankingXlsx(data: CompareData): Promise<Buffer> {
	const book = new ExcelJS.Workbook();
	book.creator = 'Problem Ledger';
	const sheet = book.addWorksheet('社区排名');
	const weights = RATE_FIGURES.filter((f) => data.weights[f.id as RateId] > 0)
		.map((f) => `${label(f)} ${data.weights[f.id as RateId]}`)
		.join('、');
	const addRow = (values: Parameters<typeof sheetCell>[0][]) => sheet.addRow(values.map(sheetCell));
	addRow([
		`社区排名 ${data.period.from} 至 ${data.period.to}（上期 ${data.period.prevFrom} 至 ${data.period.prevTo}）`
	]);
	addRow([
		`综合得分 = Σ 权重 × 比率 ÷ Σ 权重（${weights || '未设权重'}）；问题总数不足 ${data.minCount} 条的不排名`
	]);
	const header = addRow(RANKING_COLUMNS);
	header.font = { bold: true };
	header.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFEFEFEF' } };
	for (const row of data.ranking) addRow(cells(row, data.minCount, 'fraction'));
	sheet.views = [{ state: 'frozen', ySplit: 3 }];
	sheet.columns.forEach((column, i) => {
		column.width = i === 0 ? 20 : i === 2 ? 16 : 12;
	});
	figures.forEach((f, i) => {
		if (f.kind === 'rate') sheet.getColumn(4 + i).numFmt = '0.0%';
	});
	return Buffer.from(await book.xlsx.writeBuffer());
}
