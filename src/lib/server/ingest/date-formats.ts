// After validation: for a date column whose values the built-in formats could not read, tries the
// common foreign ones. When exactly one of them reads every filled value of the column, the result
// suggests it as a `dateFormats` entry of the mapping profile; it is never applied here.
import type { DuckDBConnection } from '@duckdb/node-api';
import type { DateFormatSuggestion, Reject } from '../../domain/upload-model';
import { all } from '../db/database';
import type { FieldDefinition } from './header';

/**
 * US and European day orders, with 24-hour or AM/PM times and two-digit years. A day above 12
 * tells m/d from d/m; when no value has one, both read the column and nothing is suggested.
 */
export const FOREIGN_DATE_FORMATS = [
	'%m/%d/%Y',
	'%d/%m/%Y',
	'%m/%d/%Y %H:%M',
	'%d/%m/%Y %H:%M',
	'%m/%d/%Y %H:%M:%S',
	'%d/%m/%Y %H:%M:%S',
	'%m/%d/%Y %I:%M %p',
	'%m/%d/%Y %I:%M:%S %p',
	'%d/%m/%Y %I:%M:%S %p',
	'%m/%d/%y',
	'%d/%m/%y',
	'%m/%d/%y %H:%M',
	'%d/%m/%y %H:%M',
	'%m/%d/%y %I:%M %p',
	'%m-%d-%Y',
	'%d-%m-%Y',
	'%d.%m.%Y',
	'%d.%m.%Y %H:%M'
] as const;

const quote = (text: string): string => `'${text.replace(/'/g, "''")}'`;

export async function suggestDateFormats(
	c: DuckDBConnection,
	opts: {
		normTable: string;
		fields: FieldDefinition[];
		/** field -> the header it was read from */
		columnNames: Map<string, string>;
		rejects: Reject[];
	}
): Promise<DateFormatSuggestion[]> {
	const rejectedColumns = new Set(opts.rejects.map((r) => r.column));
	const suggestions: DateFormatSuggestion[] = [];
	for (const def of opts.fields) {
		if (def.kind !== 'date') continue;
		const column = opts.columnNames.get(def.field);
		if (!column || !rejectedColumns.has(column)) continue;
		const raw = `raw_${def.field}`;
		const reads = FOREIGN_DATE_FORMATS.map(
			(fmt, i) =>
				`count(ledger_plausible_date(try_strptime(${raw}, ${quote(fmt)})::DATE))::INTEGER AS f${i}`
		);
		const [row] = await all<Record<string, number>>(
			c,
			`SELECT count(${raw})::INTEGER AS filled, ${reads.join(', ')}
			 FROM ${opts.normTable} WHERE NOT blank`
		);
		if (!row.filled) continue;
		const whole = FOREIGN_DATE_FORMATS.filter((_, i) => row[`f${i}`] === row.filled);
		if (whole.length !== 1) continue;
		suggestions.push({
			field: def.field,
			column,
			format: whole[0],
			rows: row.filled,
			rejected: opts.rejects.filter((r) => r.column === column && r.value).length
		});
	}
	return suggestions;
}

/** The note a suggestion becomes: what it would read, and the line to add to the profile. */
export function suggestionNote(s: DateFormatSuggestion): string {
	return (
		`“${s.column}”列有 ${s.rejected} 个日期没有读出，但这一列的 ${s.rows} 个日期都能按 ${s.format} 读取。` +
		`如果这正是文件的写法，请在映射配置中加入 "dateFormats": ["${s.format}"] 后重新预览（系统不会自动套用）。`
	);
}
