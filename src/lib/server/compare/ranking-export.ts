// The compare page's ranking as a file: CSV (UTF-8 with BOM, for Excel/WPS) or XLSX (header styled
// and frozen, rates as real percentages). Both carry the same table the page shows, ranked units
// first, with the weights and the period written above it in the XLSX.
import ExcelJS from 'exceljs';
import {
	RATE_KEYS,
	type CompareData,
	type RankingRow,
	type RateKey
} from '../../domain/compare-model';
import { csvLine, UTF8_BOM } from '../export/csv';

const RATE_LABELS: Record<RateKey, string> = {
	closure: '办结率',
	fix: '整改率',
	signOff: '销号率',
	onTime: '按时办结率',
	response: '响应率',
	satisfaction: '满意率',
	callback: '解决率'
};

export const RANKING_COLUMNS = [
	'排名',
	'排名变化',
	'社区',
	'问题总数',
	...RATE_KEYS.map((k) => `${RATE_LABELS[k]}（%）`),
	'超期',
	'办结时长中位数（天）',
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

/** One row of cells: numbers stay numbers; rates as percents (CSV) or fractions (XLSX). */
function cells(row: RankingRow, minCount: number, ratesAs: 'percent' | 'fraction') {
	return [
		row.rank ?? rankText(row, minCount),
		changeText(row),
		row.unit,
		row.total,
		...RATE_KEYS.map((k) => {
			const value = row.rates[k].value;
			if (value === null) return null;
			return ratesAs === 'percent' ? round(100 * value, 1) : value;
		}),
		row.overdue,
		row.medianDays,
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
	const weights = RATE_KEYS.filter((k) => data.weights[k] > 0)
		.map((k) => `${RATE_LABELS[k]} ${data.weights[k]}`)
		.join('、');
	sheet.addRow([
		`社区排名 ${data.period.from} 至 ${data.period.to}（上期 ${data.period.prevFrom} 至 ${data.period.prevTo}）`
	]);
	sheet.addRow([
		`综合得分 = Σ 权重 × 比率 ÷ Σ 权重（${weights || '未设权重'}）；问题总数不足 ${data.minCount} 条的不排名`
	]);
	const header = sheet.addRow(RANKING_COLUMNS);
	header.font = { bold: true };
	header.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFEFEFEF' } };
	for (const row of data.ranking) sheet.addRow(cells(row, data.minCount, 'fraction'));
	sheet.views = [{ state: 'frozen', ySplit: 3 }];
	sheet.columns.forEach((column, i) => {
		column.width = i === 0 ? 20 : i === 2 ? 16 : 12;
	});
	RATE_KEYS.forEach((_, i) => {
		sheet.getColumn(5 + i).numFmt = '0.0%';
	});
	return Buffer.from(await book.xlsx.writeBuffer());
}
