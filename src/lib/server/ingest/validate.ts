// Step 6 of the ingest: every non-blank row that cannot be stored as written becomes a reject with
// its row number, column, value and a reason in Chinese; a repeated problem id keeps its first row,
// and a row of a community outside the uploading account's scope is refused. Runs as a handful of
// set-based queries over the normalised batch.
import type { DuckDBConnection } from '@duckdb/node-api';
import type { Reject } from '../../domain/upload-model';
import { all } from '../db/database';
import type { FieldDefinition } from './header';
import type { StructuralReject } from './parse';

const DATE_HINT =
	'支持的写法：2018-11-05、2018/11/5、2018.11.5、2018年11月5日、20181105、2018-11-05 14:30、2024-04-16T03:03:15（ISO 8601，可带毫秒和时区）、Excel 日期序号、只写年月（2018年11月）。' +
	'其他写法不会被猜测（12/01/2017 可能是 12 月 1 日，也可能是 1 月 12 日）：请在映射配置的 dateFormats 中写明这一列的格式，例如 "%m/%d/%Y %I:%M:%S %p"';

function reasonFor(def: FieldDefinition): string | null {
	switch (def.kind) {
		case 'date':
			return `“${def.labelZh}”不是可识别的日期，或日期不存在。${DATE_HINT}。`;
		case 'status':
			return '状态不在状态词表中，系统不猜测它的含义。请改用标准状态（如 待处理、整改中、已整改、已销号），或在映射配置中把它对应到一个状态。';
		case 'level':
			return '层面只能是 思想层面、工作层面 或 生活层面。';
		case 'reporter_type':
			return '来源不在词表中（党员、社区工作者、片支部书记、企业、社会组织、居民代表、人大代表、其他）。';
		case 'satisfaction':
			return '满意度只能是 非常满意、满意、基本满意、不满意、非常不满意。';
		case 'boolean':
			return `“${def.labelZh}”应为 是/否（也接受 Y/N、yes/no、true/false、1/0、√/×）。`;
		case 'integer':
			return `“${def.labelZh}”应为 0 到 100 之间的数字。`;
		default:
			return null;
	}
}

/** The reason a row of a community outside the account's scope is refused; names both. */
export function outOfScopeReason(allowed: readonly string[]): { before: string; after: string } {
	return {
		before: '社区“',
		after:
			allowed.length === 0
				? '”不在本账号的社区范围内：本账号没有可以导入的社区，请联系管理员设置社区范围。'
				: `”不在本账号的社区范围内：本账号只能导入${allowed.join('、')}的问题。`
	};
}

/** Builds temp table `rej_<tag>` (row_no, column_name, value, reason) and returns its rows in order. */
export async function validate(
	c: DuckDBConnection,
	opts: {
		tag: string;
		normTable: string;
		fields: FieldDefinition[];
		columnNames: Map<string, string>;
		structural: StructuralReject[];
		/** The uploading account's communities; null = any. */
		allowedCommunities: readonly string[] | null;
	}
): Promise<Reject[]> {
	const { tag, normTable } = opts;
	const rej = `rej_${tag}`;
	const params: string[] = [];
	const p = (s: string): string => {
		params.push(s);
		return `$${params.length}`;
	};
	const parts: string[] = [];
	const col = (field: string): string => p(opts.columnNames.get(field) ?? field);
	// A cell that held only spaces looks empty in Excel too: the reason says what it held.
	const spaces = (column: string): string =>
		`CASE WHEN ${column} IS NOT NULL THEN ${p('（这个单元格里只有空格）')} ELSE '' END`;

	parts.push(
		`SELECT row_no, ${col('community')}, spaces_community, ${p('社区为空：请填写社区名称，或在上传时为整个文件指定社区。')} || ${spaces('spaces_community')} FROM ${normTable} WHERE NOT blank AND community IS NULL`
	);
	if (opts.allowedCommunities !== null) {
		const reason = outOfScopeReason(opts.allowedCommunities);
		parts.push(
			`SELECT row_no, ${col('community')}, community, ${p(reason.before)} || community || ${p(reason.after)}
			 FROM ${normTable} WHERE NOT blank AND community IS NOT NULL
				AND NOT list_contains(${p(JSON.stringify(opts.allowedCommunities))}::JSON::VARCHAR[], community)`
		);
	}
	parts.push(
		`SELECT row_no, ${col('description')}, spaces_description, ${p('问题描述为空：每一行都必须写明问题内容。')} || ${spaces('spaces_description')} FROM ${normTable} WHERE NOT blank AND description IS NULL`
	);
	parts.push(
		`SELECT row_no, ${col('reported_at')}, spaces_reported_at, ${p('提出时间为空：每个问题都必须有提出（登记）日期。')} || ${spaces('spaces_reported_at')} FROM ${normTable} WHERE NOT blank AND raw_reported_at IS NULL`
	);
	for (const def of opts.fields) {
		const reason = reasonFor(def);
		if (!reason) continue;
		const f = def.field;
		parts.push(
			`SELECT row_no, ${col(f)}, raw_${f}, ${p(reason)} FROM ${normTable} WHERE NOT blank AND raw_${f} IS NOT NULL AND ${f} IS NULL`
		);
	}
	await c.run(
		`CREATE TEMP TABLE ${rej} AS SELECT * FROM (${parts.join('\nUNION ALL\n')}) AS r(row_no, column_name, value, reason)`,
		params
	);
	if (opts.structural.length) {
		await c.run(
			`INSERT INTO ${rej} SELECT unnest(from_json($1, '["INTEGER"]')), NULL, unnest(from_json($2, '["VARCHAR"]')), unnest(from_json($3, '["VARCHAR"]'))`,
			[
				JSON.stringify(opts.structural.map((s) => s.row)),
				JSON.stringify(opts.structural.map((s) => s.line)),
				JSON.stringify(opts.structural.map((s) => s.reason))
			]
		);
	}
	// A file that contradicts itself: the later row with an id already seen is refused, naming the first.
	// Ids are nearly always unique, so a grouping on a 64-bit hash of the key finds the few candidate
	// groups cheaply; only their rows go through the exact window (grouping 1M text keys, or the
	// window over all of them, cost several times more).
	await c.run(
		`INSERT INTO ${rej}
		WITH ok AS (
			SELECT row_no, community, problem_id, hash(community, problem_id) AS h FROM ${normTable} n
			WHERE NOT blank AND NOT EXISTS (SELECT 1 FROM ${rej} r WHERE r.row_no = n.row_no)
		)
		SELECT row_no, $1, problem_id, '与第 ' || first_row || ' 行的问题编号相同（' || problem_id || '）：同一文件中同一编号只保留先出现的行。'
		FROM (
			SELECT row_no, problem_id, first_value(row_no) OVER (PARTITION BY community, problem_id ORDER BY row_no) AS first_row
			FROM ok WHERE h IN (SELECT h FROM ok GROUP BY h HAVING count(*) > 1)
		) WHERE row_no <> first_row`,
		[opts.columnNames.get('problem_id') ?? '问题编号']
	);
	return (
		await all<{ row_no: number; column_name: string | null; value: string | null; reason: string }>(
			c,
			`SELECT row_no, column_name, value, reason FROM ${rej} ORDER BY row_no, column_name NULLS FIRST`
		)
	).map((r) => ({ row: r.row_no, column: r.column_name, value: r.value, reason: r.reason }));
}
