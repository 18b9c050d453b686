// The figures the journeys (tests/journeys.e2e.ts) expect, worked out apart from the product: an
// in-memory DuckDB holds the demo problems as seeded (copied by tests/journeys-facts.ts before the
// server started) and the rows of the corpus files, read from the files themselves with the
// vocabularies of csv-schema.md written out here. Nothing comes from the product's code or API.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';

export const DEMO_PROBLEMS_FILE = 'journeys-demo-problems.csv';
export const CORPUS = path.resolve('data/fixtures/corpus');

/** Each corpus file as its community wrote it: how to read it and which header holds what. */
interface SourceFile {
	path: string;
	encoding: 'utf-8' | 'gb18030' | 'utf-16le' | 'xlsx';
	delimiter: string;
	/** Rows above the header (a title and a blank line). */
	skip: number;
	/** The problem id's header; none when the file has no id column (the product derives one). */
	id: string | null;
	community: string;
	reported: string;
	theme: string;
	status: string;
	description: string;
	resolved: string;
}

const STANDARD = {
	id: '编号',
	community: '社区',
	reported: '提出时间',
	theme: '主题',
	status: '状态',
	description: '问题描述',
	resolved: '完成时间'
};

export const SOURCES: Record<string, SourceFile> = {
	'yunnanlu_utf8.csv': {
		path: 'good/yunnanlu_utf8.csv',
		encoding: 'utf-8',
		delimiter: ',',
		skip: 0,
		...STANDARD
	},
	'shouzhang_gbk.csv': {
		path: 'good/shouzhang_gbk.csv',
		encoding: 'gb18030',
		delimiter: ',',
		skip: 2,
		// 序号 holds SZ001 …, but a plain 序号 is a row number (csv-schema.md): the id is derived.
		id: null,
		community: '所属社区',
		reported: '登记日期',
		theme: '问题类别',
		status: '整改状态',
		description: '具体问题',
		resolved: '办结时间'
	},
	'guangzhou_bom.csv': {
		path: 'good/guangzhou_bom.csv',
		encoding: 'utf-8',
		delimiter: ',',
		skip: 0,
		id: null,
		community: '社区名称',
		reported: '提出时间',
		theme: '问题类别（必填）',
		status: '办理状态',
		description: '问题描述*',
		resolved: '整改完成时间'
	},
	'sichuan_unicode.txt': {
		path: 'good/sichuan_unicode.txt',
		encoding: 'utf-16le',
		delimiter: '\t',
		skip: 0,
		...STANDARD
	},
	'sichuan.xlsx': {
		path: 'good/sichuan.xlsx',
		encoding: 'xlsx',
		delimiter: ',',
		skip: 1,
		...STANDARD
	},
	'row_errors.csv': {
		path: 'bad/row_errors.csv',
		encoding: 'utf-8',
		delimiter: ',',
		skip: 0,
		...STANDARD
	}
};

// csv-schema.md, "Statuses": code, label, also accepted.
const STATUSES: [string, string[]][] = [
	[
		'pending',
		[
			'待处理',
			'未处理',
			'待交办',
			'待受理',
			'待研判',
			'研判中',
			'已收集',
			'新增',
			'未开始',
			'open',
			'new'
		]
	],
	['assigned', ['已交办', '已分办', '已派单', '已受理', '已转办至责任单位', 'assigned']],
	[
		'in_progress',
		['整改中', '处理中', '办理中', '推进中', '正在整改', '正在办理', '部分完成', 'in progress']
	],
	['ongoing', ['持续整改', '长期坚持', '长期推进', '持续推进', 'ongoing']],
	['stalled', ['搁浅', '暂缓', '挂起', '停滞', 'stalled', 'on hold']],
	[
		'resolved',
		['已整改', '已解决', '已完成', '已办结', '完成', '整改完成', '已落实', 'resolved', 'done']
	],
	['verified', ['已销号', '销号', '已验收', '已关闭', 'verified', 'closed']],
	['not_adopted', ['不予处理', '无法解决', '不属实', '不予采纳', 'rejected']],
	['referred', ['已转办', '非职责', '转外单位', '不属于职责', 'referred']],
	['duplicate', ['重复', '重复反映', '已合并', 'duplicate']],
	['withdrawn', ['撤回', '已撤回', 'withdrawn']]
];

// csv-schema.md, "Themes": code, label, also accepted as a label.
export const THEMES: [string, string[]][] = [
	['growth_drivers', ['新旧动能转换', '动能转换', '新动能']],
	['investment_talent', ['双招双引', '招商引资', '招才引智', '招商引才']],
	[
		'old_town_renewal',
		['老城区复兴发展', '西部老城区复兴发展', '西部老城区复兴', '老城区复兴', '城市更新']
	],
	['business_environment', ['营商环境', '优化营商环境']],
	['cadre_ability', ['干部能力', '干部作风', '干部队伍建设', '干部能力作风']],
	['safety', ['安全生产', '安全', '安全稳定']],
	['property_safety', ['物业配套与小区安全', '物业管理', '小区安全', '物业配套']],
	['organization_building', ['组织建设', '党建', '基层党建']],
	['service_innovation', ['便民服务创新', '便民服务', '为民服务', '惠民服务']],
	['community_reform', ['社区管理体制改革', '体制改革', '管理体制改革']],
	['other', ['其他', '其它']]
];

/** A file committed, in the order of commits, with the status labels mapped in its preview. */
export interface Committed {
	file: string;
	statusMapping?: Record<string, string>;
}

export interface Filter {
	from: string;
	to: string;
	community?: string;
	theme?: string;
}

const sqlText = (s: string) => `'${s.replaceAll("'", "''")}'`;
const ident = (s: string) => `"${s.replaceAll('"', '""')}"`;

function csvCell(value: unknown): string {
	let text: string;
	if (value instanceof Date) text = value.toISOString().slice(0, 10);
	else if (value && typeof value === 'object' && 'richText' in value)
		text = (value as { richText: { text: string }[] }).richText.map((r) => r.text).join('');
	else text = value === null || value === undefined ? '' : String(value);
	return `"${text.replaceAll('"', '""')}"`;
}

/** The file as UTF-8 text DuckDB's read_csv takes: decoded in Node, or an XLSX sheet as CSV. */
async function asUtf8(source: SourceFile): Promise<string> {
	const file = path.join(CORPUS, source.path);
	if (source.encoding !== 'xlsx') {
		// TextDecoder drops the BOM of UTF-8 and UTF-16 files.
		return new TextDecoder(source.encoding).decode(fs.readFileSync(file));
	}
	const book = new ExcelJS.Workbook();
	await book.xlsx.readFile(file);
	const lines: string[] = [];
	book.worksheets[0].eachRow({ includeEmpty: true }, (row) => {
		const values = (row.values as unknown[]).slice(1);
		lines.push(values.map(csvCell).join(','));
	});
	return lines.join('\n');
}

export class LedgerModel {
	private constructor(
		private readonly instance: DuckDBInstance,
		private readonly c: DuckDBConnection
	) {}

	/** Loads the demo problems of `dataDir` and every corpus file of SOURCES. */
	static async open(dataDir: string): Promise<LedgerModel> {
		const instance = await DuckDBInstance.create(':memory:');
		const model = new LedgerModel(instance, await instance.connect());
		await model.load(path.resolve(dataDir, DEMO_PROBLEMS_FILE));
		return model;
	}

	close(): void {
		this.c.closeSync();
		this.instance.closeSync();
	}

	private async rows<T>(sql: string): Promise<T[]> {
		return (await this.c.runAndReadAll(sql)).getRowObjectsJS() as T[];
	}

	private async load(demoFile: string): Promise<void> {
		const c = this.c;
		await c.run(
			`CREATE TABLE demo AS SELECT * FROM read_csv(${sqlText(demoFile)}, header = true,
			 columns = {'community': 'VARCHAR', 'problem_id': 'VARCHAR', 'theme': 'VARCHAR',
			            'status': 'VARCHAR', 'reported_at': 'DATE'})`
		);
		await c.run(`CREATE TABLE status_labels (label VARCHAR, code VARCHAR)`);
		for (const [code, labels] of STATUSES)
			for (const label of labels)
				await c.run(`INSERT INTO status_labels VALUES (${sqlText(label)}, ${sqlText(code)})`);
		await c.run(`CREATE TABLE theme_labels (label VARCHAR, code VARCHAR)`);
		for (const [code, labels] of THEMES)
			for (const label of [code, ...labels])
				await c.run(`INSERT INTO theme_labels VALUES (${sqlText(label)}, ${sqlText(code)})`);

		await c.run(
			`CREATE TABLE source_rows (file VARCHAR, ord BIGINT, problem_id VARCHAR, community VARCHAR,
			 reported VARCHAR, theme_label VARCHAR, status_label VARCHAR, description VARCHAR,
			 resolved VARCHAR)`
		);
		const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'journeys-model-'));
		try {
			for (const [name, s] of Object.entries(SOURCES)) {
				const text = path.join(scratch, `${name}.csv`);
				fs.writeFileSync(text, await asUtf8(s));
				// Header names as the file has them, spaces around them aside (社区名称␠).
				await c.run(
					`CREATE OR REPLACE TEMP TABLE raw AS SELECT * FROM read_csv(${sqlText(text)},
					 header = true, all_varchar = true, skip = ${s.skip}, delim = ${sqlText(s.delimiter)},
					 quote = '"', null_padding = true, normalize_names = false)`
				);
				const columns = (
					await this.rows<{ column_name: string }>(`SELECT column_name FROM (DESCRIBE raw)`)
				).map((r) => r.column_name);
				const col = (header: string | null) => {
					if (header === null) return 'NULL';
					const found = columns.find((h) => h.trim() === header);
					if (!found) throw new Error(`${name}: no column ${header} in ${columns.join(', ')}`);
					return `trim(${ident(found)})`;
				};
				await c.run(
					`INSERT INTO source_rows SELECT ${sqlText(name)}, row_number() OVER (), ${col(s.id)},
					 ${col(s.community)}, ${col(s.reported)}, ${col(s.theme)}, ${col(s.status)},
					 ${col(s.description)}, ${col(s.resolved)} FROM raw`
				);
			}
		} finally {
			fs.rmSync(scratch, { recursive: true, force: true });
		}
	}

	/**
	 * The rows of one file the product should accept, with their codes: a community, a date that
	 * exists, a description and a known (or mapped) status; the first of two rows with one id.
	 */
	private accepted(file: string, mapping: Record<string, string> = {}): string {
		const mapped = Object.entries(mapping)
			.map(([label, code]) => `(${sqlText(label)}, ${sqlText(code)})`)
			.join(', ');
		const mappingTable = mapped
			? `(VALUES ${mapped}) AS m(label, code)`
			: `(SELECT NULL::VARCHAR AS label, NULL::VARCHAR AS code WHERE false) AS m`;
		// Dates as csv-schema.md lists them (those the corpus uses); an Excel serial counts days
		// from 1899-12-30.
		const day = `coalesce(
			try_strptime(s.reported, '%Y-%m-%d'), try_strptime(s.reported, '%Y/%m/%d'),
			try_strptime(s.reported, '%Y.%m.%d'), try_strptime(s.reported, '%Y年%m月%d日'),
			try_strptime(s.reported || '1日', '%Y年%m月%d日'),
			try_strptime(s.reported || '-01', '%Y-%m-%d'),
			CASE WHEN regexp_full_match(s.reported, '[0-9]{5}')
				THEN (DATE '1899-12-30' + s.reported::INTEGER)::TIMESTAMP END)::DATE`;
		const status = `CASE WHEN coalesce(s.status_label, '') = ''
				THEN CASE WHEN coalesce(s.resolved, '') = '' THEN 'pending' ELSE 'resolved' END
			ELSE coalesce(m.code, sl.code) END`;
		const theme = `coalesce(tl.code, tl2.code)`;
		return `(SELECT * FROM (
				SELECT s.file, s.ord, s.community,
					coalesce(s.problem_id, s.file || ':' || s.ord) AS problem_id,
					${day} AS reported_at, ${status} AS status, ${theme} AS theme, s.theme_label, s.description,
					row_number() OVER (PARTITION BY s.community, coalesce(s.problem_id, s.file || ':' || s.ord)
						ORDER BY s.ord) AS nth
				FROM source_rows s
				LEFT JOIN ${mappingTable} ON m.label = s.status_label
				LEFT JOIN status_labels sl ON sl.label = s.status_label
				LEFT JOIN theme_labels tl ON tl.label = s.theme_label
				LEFT JOIN theme_labels tl2 ON tl2.label = regexp_replace(s.theme_label, '(问题|类|方面)$', '')
				WHERE s.file = ${sqlText(file)}
			) WHERE nth = 1 AND coalesce(community, '') <> '' AND coalesce(description, '') <> ''
				AND reported_at IS NOT NULL AND status IS NOT NULL)`;
	}

	/** How many rows of `file` the product should accept. */
	async acceptedCount(file: string, mapping?: Record<string, string>): Promise<number> {
		const [row] = await this.rows<{ n: number }>(
			`SELECT count(*)::INTEGER AS n FROM ${this.accepted(file, mapping)}`
		);
		return row.n;
	}

	/** The accepted rows of `file` whose theme label matches no theme (the product would classify them). */
	async unthemed(file: string, mapping?: Record<string, string>): Promise<string[]> {
		const rows = await this.rows<{ label: string | null }>(
			`SELECT theme_label AS label FROM ${this.accepted(file, mapping)} WHERE theme IS NULL`
		);
		return rows.map((r) => r.label ?? '');
	}

	/** The problems after the demo data and the committed files: a later file updates by id. */
	private state(committed: Committed[]): string {
		const layers = [
			`SELECT 0 AS layer, community, problem_id, reported_at, status, theme FROM demo`,
			...committed.map(
				(f, i) =>
					`SELECT ${i + 1} AS layer, community, problem_id, reported_at, status, theme
					 FROM ${this.accepted(f.file, f.statusMapping)}`
			)
		];
		return `(SELECT * FROM (${layers.join(' UNION ALL ')})
			QUALIFY row_number() OVER (PARTITION BY community, problem_id ORDER BY layer DESC) = 1)`;
	}

	/** V (neither duplicate nor withdrawn) of the period by community and theme. */
	async grid(committed: Committed[], filter: Filter): Promise<Map<string, Map<string, number>>> {
		const where = [
			`status NOT IN ('duplicate', 'withdrawn')`,
			`reported_at BETWEEN DATE ${sqlText(filter.from)} AND DATE ${sqlText(filter.to)}`
		];
		if (filter.community) where.push(`community = ${sqlText(filter.community)}`);
		if (filter.theme) where.push(`theme = ${sqlText(filter.theme)}`);
		const rows = await this.rows<{ community: string; theme: string; n: number }>(
			`SELECT community, theme, count(*)::INTEGER AS n FROM ${this.state(committed)}
			 WHERE ${where.join(' AND ')} GROUP BY ALL`
		);
		const grid = new Map<string, Map<string, number>>();
		for (const r of rows) {
			if (!grid.has(r.community)) grid.set(r.community, new Map());
			grid.get(r.community)!.set(r.theme, r.n);
		}
		return grid;
	}

	async total(committed: Committed[], filter: Filter): Promise<number> {
		return sum(await this.grid(committed, filter));
	}

	async byCommunity(committed: Committed[], filter: Filter): Promise<Record<string, number>> {
		const grid = await this.grid(committed, filter);
		return Object.fromEntries(
			[...grid].map(([unit, themes]) => [unit, sum(new Map([[unit, themes]]))])
		);
	}
}

function sum(grid: Map<string, Map<string, number>>): number {
	let n = 0;
	for (const themes of grid.values()) for (const v of themes.values()) n += v;
	return n;
}
