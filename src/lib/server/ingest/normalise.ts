// Step 5 of the ingest: turns the parsed text rows into typed canonical rows in one SQL statement over
// the whole batch: trimming, dates in every format of csv-schema.md, vocabularies (joined from small
// maps of each column's distinct values), booleans, derived ids; then classifies the rows without a
// known theme (themes/: the trained model, or the keyword rules on a cold start).
import type { DuckDBConnection, DuckDBValue } from '@duckdb/node-api';
import { profileValuesOf, type MappingProfile } from '../../domain/upload-model';
import { all } from '../db/database';
import { cellColumn } from './parse';
import { stepTimer } from './trace';
import type { TermKind } from '../../domain/vocabulary';
import { matchLabel, type Vocabulary } from './vocabulary';
import { classifyBatch } from '../themes/classify-batch';
import { classifierForBatch, type TrainedForBatch } from '../themes/ingest-classifier';

/** The rows the classifier decides: no theme column, a blank cell, or a label the taxonomy lacks. */
const TO_CLASSIFY = 'theme IS NULL AND NOT blank';

/** Spaces, tabs, line breaks, the ideographic and the no-break space. */
const TRIM = "' \t\r\n\u3000\u00a0'";
const TRIM_JS = /^[ \t\r\n\u3000\u00a0]+|[ \t\r\n\u3000\u00a0]+$/g;
/** The characters of TRIM, tested at the end of a cell. */
const SUFFIXES = [' ', '\t', '\r', '\n', '\u3000', '\u00a0'];
/**
 * True when a cell may start or end with a character trim() removes (a superset: any control
 * character first, or one of SUFFIXES last). ord() stands in for starts_with (`^@`), which cost
 * about ten times as much inside a CASE: 13 columns of it were half of the normalise step.
 */
const atEdge = (x: string): string =>
	[
		`ord(${x}) <= 32`,
		`ord(${x}) IN (12288, 160)`,
		...SUFFIXES.map((ch) => `suffix(${x}, '${ch}')`)
	].join(' OR ');

/** Required fields whose rejects show a cell of only spaces as written (validate.ts). */
const SPACE_CHECKED = ['community', 'description', 'reported_at'] as const;

/**
 * A cell trimmed of spaces, tabs, line breaks and ideographic/no-break spaces, or NULL when empty.
 * trim() with a character set is costly (about twice a plain copy over 1M rows), so it runs only
 * on the few cells that start or end with one of those characters.
 */
export const trimmed = (x: string): string =>
	`CASE WHEN ${x} = '' THEN NULL WHEN ${atEdge(x)} THEN nullif(trim(${x}, ${TRIM}), '') ELSE ${x} END`;

/** Built-in date formats (csv-schema.md), tried after a profile's own. */
export const BUILTIN_DATE_FORMATS = [
	'%Y-%m-%d',
	'%Y/%m/%d',
	'%Y.%m.%d',
	'%Y年%m月%d日',
	'%Y%m%d',
	'%Y-%m-%d %H:%M',
	'%Y-%m-%d %H:%M:%S',
	'%Y/%m/%d %H:%M',
	'%Y/%m/%d %H:%M:%S',
	'%Y年%m月%d日 %H:%M',
	'%Y年%m月',
	'%Y-%m',
	'%Y/%m',
	'%Y.%m'
];

/**
 * A total row under the list (合计, 总计, 小计, 共计, "合 计："): its first filled cell is such a word
 * and every other filled cell is that word again (merged cells) or a number. It is skipped, not
 * rejected: it is a sum of the rows above, not a problem.
 */
const totalLine = (cells: string[]): string =>
	`coalesce(length(first_cell) <= 16 AND regexp_full_match(first_cell, '(合\\s*计|总\\s*计|小\\s*计|共\\s*计|总\\s*数|(grand\\s+)?total|sum)\\s*[:：]?', 'i')
		AND ${cells.map((x) => `(${x} IS NULL OR ${x} = first_cell OR TRY_CAST(${x} AS DOUBLE) IS NOT NULL)`).join(' AND ')}, false)`;

/**
 * ISO-8601 date-times as open-data exports write them (2024-04-16T03:03:15.000, …Z, …+08:00,
 * 2024-04-16T03:03): the day is the one written; a zone is not converted, since the day a citizen
 * called is the one on the record, not its UTC day. strptime has no format for an optional fraction
 * and zone, so the day, hour and minute are read once the whole value has the shape.
 */
const isoDateTime = (v: string): string =>
	`CASE WHEN strpos(${v}, 'T') = 11 AND regexp_full_match(${v}, '[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}(:[0-5][0-9]([.,][0-9]+)?)?(Z|[+-][0-9]{2}(:?[0-9]{2})?)?')
		THEN try_strptime(substr(${v}, 1, 16), '%Y-%m-%dT%H:%M')::DATE END`;

/** Excel serial day numbers (1954–2119), possibly with a time of day: 43409, 43563.359259. */
const excelSerial = (v: string): string =>
	`CASE WHEN regexp_full_match(${v}, '[1-9][0-9]{4}(\\.[0-9]+)?') AND TRY_CAST(${v} AS DOUBLE) BETWEEN 20000 AND 80000
		THEN DATE '1899-12-30' + CAST(floor(CAST(${v} AS DOUBLE)) AS INTEGER) END`;

const VOCAB_KINDS: Record<string, TermKind> = {
	status: 'status',
	theme: 'theme',
	level: 'level',
	reporter_type: 'reporter_type',
	satisfaction: 'satisfaction',
	boolean: 'boolean'
};

export interface NormaliseInput {
	tag: string;
	rowsTable: string;
	rawTable: string;
	width: number;
	headerRow: number;
	headerCells: string[];
	fieldColumns: Map<string, number>;
	unmapped: { index: number; header: string }[];
	vocab: Vocabulary;
	profile: MappingProfile;
	community: string | null;
	defaultStreet: string;
}

export interface NormalisedTable {
	table: string;
	/** canonical field -> the header text it came from (or the field's label when it had none) */
	columnNames: Map<string, string>;
	/** Columns matched by their header alone whose values are mostly not of the field: kept as extra. */
	setAside: ForeignColumn[];
	/** A theme model the batch trained on its own labels, for the commit to store (themes/). */
	themeModel: TrainedForBatch | null;
}

export interface ForeignColumn {
	field: string;
	index: number;
	header: string;
	/** Distinct values of the column, and those outside the field's vocabulary (a few of them). */
	distinct: number;
	foreign: number;
	examples: string[];
}

/** Small closed vocabularies a header alias may match by accident (来源 ← "source"). */
const SET_ASIDE_KINDS = new Set(['level', 'reporter_type', 'satisfaction', 'boolean']);

/**
 * Optional vocabulary columns the header matched by alias alone (no profile named them, no default)
 * where more than half the distinct values are outside the vocabulary: reading them would reject
 * most rows for a column nobody chose, so they stay extra columns and the preview says so.
 */
function foreignColumns(
	vocab: Vocabulary,
	profile: MappingProfile,
	fieldColumns: Map<string, number>,
	headerCells: string[],
	written: Map<string, string[]>
): ForeignColumn[] {
	const found: ForeignColumn[] = [];
	for (const def of vocab.fields) {
		const index = fieldColumns.get(def.field);
		const kind = VOCAB_KINDS[def.kind];
		if (index === undefined || !kind || !SET_ASIDE_KINDS.has(def.kind) || def.required) continue;
		if (profile.columns[def.field] || profile.defaults[def.field] !== undefined) continue;
		const mapped = profileValuesOf(profile, kind);
		const header = headerCells[index].trim();
		// The scan covers the rows above the data too: the header cell itself is not a value.
		const values = [
			...new Set(
				(written.get(def.field) ?? [])
					.map((v) => v.replace(TRIM_JS, ''))
					.filter((v) => v !== '' && v !== header)
			)
		].sort();
		const foreign = values.filter((v) => !mapped[v] && !matchLabel(vocab, kind, v));
		if (values.length === 0 || foreign.length * 2 <= values.length) continue;
		found.push({
			field: def.field,
			index,
			header,
			distinct: values.length,
			foreign: foreign.length,
			examples: foreign.slice(0, 3)
		});
	}
	return found;
}

/** Orders date formats by how many of the first distinct values each parses; none are dropped. */
async function rankDateFormats(
	c: DuckDBConnection,
	rawTable: string,
	column: string,
	formats: string[]
): Promise<string[]> {
	const params: Record<string, DuckDBValue> = {};
	const counts = formats.map((f, i) => {
		params[`f${i}`] = f;
		return `count(try_strptime(v, $f${i}))::INTEGER AS n${i}`;
	});
	const [row] = await all<Record<string, number>>(
		c,
		`SELECT ${counts.join(', ')} FROM (SELECT DISTINCT ${trimmed(column)} AS v FROM (SELECT ${column} FROM ${rawTable} LIMIT 5000))`,
		params
	);
	const score = (i: number): number => row?.[`n${i}`] ?? 0;
	return formats
		.map((f, i) => ({ f, i, n: score(i) }))
		.sort((a, b) => b.n - a.n || a.i - b.i)
		.map((x) => x.f);
}

/**
 * One scan of the raw rows for what the typed statement needs to know first: the distinct values of
 * each vocabulary column, and which columns hold any cell to trim. Most exports hold none, and a
 * column without one is `nullif(x, '')`: the test as an aggregate costs a fraction of running it in
 * a CASE on every cell of the typed statement.
 */
async function scanRaw(
	c: DuckDBConnection,
	rawTable: string,
	width: number,
	vocabColumns: Map<string, string>
): Promise<{ written: Map<string, string[]>; toTrim: Set<string> }> {
	const cells = Array.from({ length: width }, (_, i) => cellColumn(i));
	// DISTINCT over the untrimmed column is several times cheaper; trimming the few values is free.
	const lists = [...vocabColumns.values()].map((column, i) => `list(DISTINCT ${column}) AS v${i}`);
	const flags = cells.map((x, i) => `coalesce(bool_or(${atEdge(x)}), false) AS t${i}`);
	const [row] = await all<Record<string, (string | null)[] | boolean>>(
		c,
		`SELECT ${[...lists, ...flags].join(', ')} FROM ${rawTable}`
	);
	const written = new Map<string, string[]>();
	[...vocabColumns.keys()].forEach((field, i) => {
		const values = (row?.[`v${i}`] ?? []) as (string | null)[];
		written.set(
			field,
			values.filter((v): v is string => v !== null)
		);
	});
	const toTrim = new Set(cells.filter((_, i) => row?.[`t${i}`] !== false));
	return { written, toTrim };
}

/** Maps a column's distinct written values to codes in a small temp table `vmap_<tag>_<field>`. */
async function buildValueMap(
	c: DuckDBConnection,
	input: NormaliseInput,
	field: string,
	kind: TermKind,
	written: string[]
): Promise<string> {
	const table = `vmap_${input.tag}_${field}`;
	const distinct = written
		.map((v) => ({ v: v.replace(TRIM_JS, '') }))
		.filter(({ v }, i, xs) => v !== '' && xs.findIndex((x) => x.v === v) === i);
	const profileValues: Record<string, string> = profileValuesOf(input.profile, kind);
	const raws: string[] = [];
	const codes: (string | null)[] = [];
	const via: string[] = [];
	for (const { v } of distinct) {
		const mapped = profileValues[v];
		const code = mapped ?? matchLabel(input.vocab, kind, v);
		raws.push(v);
		codes.push(code);
		via.push(mapped ? 'mapping' : 'file');
	}
	await c.run(
		`CREATE TEMP TABLE ${table} AS SELECT unnest(from_json($1, '["VARCHAR"]')) AS raw,
		unnest(from_json($2, '["VARCHAR"]')) AS code, unnest(from_json($3, '["VARCHAR"]')) AS via`,
		[JSON.stringify(raws), JSON.stringify(codes), JSON.stringify(via)]
	);
	return table;
}

// Macros expand inline, so range checks cost no per-row subquery.
const MACROS = `
CREATE OR REPLACE TEMP MACRO ledger_plausible_date(d) AS CASE WHEN year(d) BETWEEN 1950 AND 2100 THEN d END;
CREATE OR REPLACE TEMP MACRO ledger_percent(t) AS
	CASE WHEN TRY_CAST(rtrim(t, '%') AS DOUBLE) BETWEEN 0 AND 100 THEN round(TRY_CAST(rtrim(t, '%') AS DOUBLE))::INTEGER END;
`;

export async function normalise(
	c: DuckDBConnection,
	input: NormaliseInput
): Promise<NormalisedTable> {
	const trace = stepTimer('normalise');
	await c.run(MACROS);
	const { tag, vocab, profile } = input;
	const fieldColumns = new Map(input.fieldColumns);
	const unmapped = [...input.unmapped];
	const vocabColumns = new Map<string, string>();
	for (const def of vocab.fields) {
		const col = fieldColumns.get(def.field);
		if (VOCAB_KINDS[def.kind] && col !== undefined) vocabColumns.set(def.field, cellColumn(col));
	}
	const { written, toTrim } = await scanRaw(c, input.rawTable, input.width, vocabColumns);
	const setAside = foreignColumns(vocab, profile, fieldColumns, input.headerCells, written);
	for (const column of setAside) {
		fieldColumns.delete(column.field);
		written.delete(column.field);
		unmapped.push({ index: column.index, header: column.header });
	}
	unmapped.sort((a, b) => a.index - b.index);
	const params: Record<string, DuckDBValue> = {};
	let paramNo = 0;
	const bind = (value: DuckDBValue): string => {
		const name = `p${paramNo++}`;
		params[name] = value;
		return `$${name}`;
	};

	const columnNames = new Map<string, string>();
	const select: string[] = ['s.row_no', 's.blank', 's.total_line'];
	const joins: string[] = [];
	const textOf = new Map<string, string>(); // field -> trimmed text expression over src s

	for (const def of vocab.fields) {
		const col = fieldColumns.get(def.field);
		const fallback =
			profile.defaults[def.field] ?? (def.field === 'community' ? input.community : null) ?? null;
		if (col !== undefined) columnNames.set(def.field, input.headerCells[col].trim());
		else columnNames.set(def.field, def.labelZh);
		const parts: string[] = [];
		if (col !== undefined) parts.push(`s.${cellColumn(col)}`);
		if (fallback !== null) parts.push(bind(fallback));
		if (parts.length === 0) continue;
		textOf.set(def.field, parts.length === 1 ? parts[0] : `coalesce(${parts.join(', ')})`);
	}

	for (const def of vocab.fields) {
		const text = textOf.get(def.field);
		const f = def.field;
		// The text as written is kept beside the typed value for reject messages; a text field is
		// its own raw value, so it is not stored twice.
		if (def.kind === 'text') continue;
		if (!text) {
			select.push(`NULL::VARCHAR AS raw_${f}`);
			continue;
		}
		select.push(`${text} AS raw_${f}`);
		const kind = VOCAB_KINDS[def.kind];
		if (kind) {
			const col = fieldColumns.get(f);
			let mapTable: string;
			if (col !== undefined) {
				mapTable = await buildValueMap(c, input, f, kind, written.get(f) ?? []);
			} else {
				// A default for the whole file: map that one value.
				mapTable = `vmap_${tag}_${f}`;
				const value = profile.defaults[f] ?? '';
				const code = profileValuesOf(profile, kind)[value] ?? matchLabel(vocab, kind, value);
				await c.run(
					`CREATE TEMP TABLE ${mapTable} AS SELECT $1::VARCHAR AS raw, $2::VARCHAR AS code, 'file' AS via`,
					[value, code]
				);
			}
			joins.push(`LEFT JOIN ${mapTable} m_${f} ON m_${f}.raw = ${text}`);
		}
	}

	const dateExpr = async (f: string): Promise<string> => {
		const text = textOf.get(f);
		if (!text) return 'NULL::DATE';
		const col = fieldColumns.get(f);
		let formats = [...BUILTIN_DATE_FORMATS];
		if (col !== undefined)
			formats = await rankDateFormats(c, input.rawTable, cellColumn(col), formats);
		formats = [...profile.dateFormats, ...formats.filter((x) => !profile.dateFormats.includes(x))];
		const tries = formats.map((fmt) => `try_strptime(${text}, ${bind(fmt)})::DATE`);
		return `ledger_plausible_date(coalesce(${excelSerial(text)}, ${isoDateTime(text)}, ${tries.join(', ')}))`;
	};

	const typed: string[] = [];
	for (const def of vocab.fields) {
		const f = def.field;
		const text = textOf.get(f);
		switch (def.kind) {
			case 'date':
				typed.push(`${text ? await dateExpr(f) : 'NULL::DATE'} AS ${f}`);
				break;
			case 'boolean':
				typed.push(text ? `(m_${f}.code = 'true') AS ${f}` : `NULL::BOOLEAN AS ${f}`);
				break;
			case 'integer':
				typed.push(text ? `ledger_percent(${text}) AS ${f}` : `NULL::INTEGER AS ${f}`);
				break;
			case 'status':
			case 'theme':
			case 'level':
			case 'reporter_type':
			case 'satisfaction':
				typed.push(text ? `m_${f}.code AS ${f}` : `NULL::VARCHAR AS ${f}`);
				break;
			default:
				typed.push(text ? `${text} AS ${f}` : `NULL::VARCHAR AS ${f}`);
		}
	}
	// A required cell holding only spaces reads as empty; the reject shows the cell as written.
	const spaceOnly = new Map<string, string>(); // cell column -> field
	for (const f of SPACE_CHECKED) {
		const col = fieldColumns.get(f);
		const cell = col === undefined ? undefined : cellColumn(col);
		if (cell !== undefined && toTrim.has(cell)) spaceOnly.set(cell, f);
		select.push(
			cell && spaceOnly.has(cell) ? `s.ws_${cell} AS spaces_${f}` : `NULL::VARCHAR AS spaces_${f}`
		);
	}
	const themeText = textOf.get('theme');
	typed.push(themeText ? `m_theme.via AS theme_via` : `NULL::VARCHAR AS theme_via`);

	const cells = Array.from({ length: input.width }, (_, i) => cellColumn(i));
	const extra = unmapped.length
		? `MAP(${bind(JSON.stringify(unmapped.map((u) => u.header)))}::JSON::VARCHAR[], [${unmapped.map((u) => `s.${cellColumn(u.index)}`).join(', ')}])`
		: 'NULL::MAP(VARCHAR, VARCHAR)';

	const table = `norm_${tag}`;
	trace('value maps and date formats');
	await c.run(
		`CREATE TEMP TABLE ${table} AS
		WITH cells AS (
			SELECT row_no, ${cells.map((x) => `${toTrim.has(x) ? trimmed(x) : `nullif(${x}, '')`} AS ${x}`).join(', ')}
				${[...spaceOnly.keys()].map((x) => `, CASE WHEN ${x} <> '' AND (${atEdge(x)}) AND trim(${x}, ${TRIM}) = '' THEN ${x} END AS ws_${x}`).join('')}
			FROM ${input.rowsTable} WHERE row_no > ${input.headerRow}
		),
		c AS (SELECT *, coalesce(${cells.join(', ')}) AS first_cell FROM cells),
		s AS (
			SELECT * EXCLUDE (first_cell), first_cell IS NULL OR total_line AS blank
			FROM (SELECT *, ${totalLine(cells)} AS total_line FROM c)
		),
		t AS (
			SELECT ${select.join(', ')}, ${typed.join(', ')}, ${extra} AS extra
			FROM s ${joins.join(' ')}
		)
		SELECT t.* EXCLUDE (problem_id, status, street),
			problem_id, problem_id IS NULL AS id_derived,
			CASE WHEN raw_status IS NULL THEN (CASE WHEN resolved_at IS NOT NULL THEN 'resolved' ELSE 'pending' END) ELSE status END AS status,
			coalesce(street, ${bind(input.defaultStreet)}) AS street,
			CASE WHEN theme IS NOT NULL THEN (CASE WHEN theme_via = 'mapping' THEN 'mapping' ELSE 'file' END) END AS theme_source,
			NULL::DOUBLE AS theme_confidence, NULL::VARCHAR[] AS theme_evidence
		FROM t`,
		params
	);
	trace('typed rows');
	await deriveIds(c, table);
	trace('ids');
	const themed = await classifierForBatch(c, table, TO_CLASSIFY, vocab.themeKeywords);
	if (themed) {
		await classifyBatch(c, table, {
			where: TO_CLASSIFY,
			labelColumn: 'raw_theme',
			classifier: themed.classifier
		});
	}
	trace('themes');
	return { table, columnNames, setAside, themeModel: themed?.trained ?? null };
}

/**
 * Rows without an id get one derived from (community, reported_at, description, and the row's
 * occurrence among identical triples in the file), so re-uploading the file maps to the same problems.
 */
async function deriveIds(c: DuckDBConnection, table: string): Promise<void> {
	await c.run(`UPDATE ${table} AS n SET problem_id = d.id FROM (
		SELECT row_no, 'D-' || substr(sha256(concat_ws(chr(31), community, strftime(reported_at, '%Y-%m-%d'), description,
			row_number() OVER (PARTITION BY community, reported_at, description ORDER BY row_no)::VARCHAR)), 1, 16) AS id
		FROM ${table}
		WHERE id_derived AND NOT blank AND community IS NOT NULL AND reported_at IS NOT NULL AND description IS NOT NULL
	) d WHERE n.row_no = d.row_no`);
}
