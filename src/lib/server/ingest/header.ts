// Steps 2–3 of the ingest: split the first records of the decoded text, pick the delimiter, find the
// header row (the first with two known column names) and map its cells to canonical fields. Called
// by the pipeline before DuckDB reads the whole file.
import { normaliseLabel } from '../../domain/labels';
import { IngestRefusal } from './errors';

export { normaliseLabel };

export interface FieldDefinition {
	field: string;
	labelZh: string;
	kind: string;
	required: boolean;
	aliases: string[];
}

export const DELIMITERS = [',', '\t', ';', '|'] as const;
export type Delimiter = (typeof DELIMITERS)[number];

const HEAD_RECORDS = 60;

/**
 * Splits the first records of `text` with RFC 4180 rules. Blank lines stay as empty records so
 * that index + 1 is the record number. A record cut off at the end of a truncated sample is dropped.
 */
export function splitHeadRecords(
	text: string,
	delimiter: string,
	truncated: boolean,
	max = HEAD_RECORDS
): string[][] {
	const records: string[][] = [];
	let cells: string[] = [];
	let cell = '';
	let quoted = false;
	let cellStart = true;
	let i = 0;
	const n = text.length;
	while (i < n && records.length < max) {
		const ch = text[i];
		if (quoted) {
			if (ch === '"') {
				if (text[i + 1] === '"') {
					cell += '"';
					i += 2;
					continue;
				}
				quoted = false;
			} else {
				cell += ch;
			}
			i++;
			continue;
		}
		if (ch === '"' && cellStart) {
			quoted = true;
			cellStart = false;
			i++;
			continue;
		}
		if (ch === delimiter) {
			cells.push(cell);
			cell = '';
			cellStart = true;
			i++;
			continue;
		}
		if (ch === '\n' || ch === '\r') {
			if (ch === '\r' && text[i + 1] === '\n') i++;
			if (cells.length === 0 && cell === '') records.push([]);
			else records.push([...cells, cell]);
			cells = [];
			cell = '';
			cellStart = true;
			i++;
			continue;
		}
		cell += ch;
		cellStart = false;
		i++;
	}
	if (i >= n && records.length < max) {
		if (!truncated && (cells.length > 0 || cell !== '')) records.push([...cells, cell]);
	}
	return records;
}

export interface AliasIndex {
	/** normalised label -> canonical field */
	byLabel: Map<string, string>;
}

export function buildAliasIndex(
	fields: FieldDefinition[],
	profileColumns: Record<string, string> = {}
): AliasIndex {
	const byLabel = new Map<string, string>();
	for (const f of fields) {
		for (const label of [f.field, f.labelZh, ...f.aliases]) {
			const key = normaliseLabel(label);
			if (!byLabel.has(key)) byLabel.set(key, f.field);
		}
	}
	for (const [field, header] of Object.entries(profileColumns))
		if (header.trim() !== '') byLabel.set(normaliseLabel(header), field);
	return { byLabel };
}

function countMatches(record: string[], index: AliasIndex): number {
	const seen = new Set<string>();
	for (const cell of record) {
		const field = index.byLabel.get(normaliseLabel(cell));
		if (field) seen.add(field);
	}
	return seen.size;
}

export interface HeaderLocation {
	delimiter: Delimiter;
	/** 1-based record number of the header, as Excel numbers rows. */
	headerRow: number;
	headerCells: string[];
}

/** The first filled rows of the head, as the analyst would see them: "第 1 行：甲、乙、丙". */
function firstRows(headText: string, truncated: boolean, delimiter: string): string[] {
	const shorten = (cell: string) => (cell.length > 20 ? `${cell.slice(0, 20)}…` : cell);
	const lines: string[] = [];
	splitHeadRecords(headText, delimiter, truncated).forEach((record, r) => {
		const cells = record.map((c) => c.trim()).filter(Boolean);
		if (cells.length === 0 || lines.length >= 3) return;
		const more = cells.length > 8 ? ` 等 ${cells.length} 格` : '';
		lines.push(`第 ${r + 1} 行：${cells.slice(0, 8).map(shorten).join('、')}${more}`);
	});
	return lines;
}

/**
 * Chooses the delimiter whose split yields a header row with the most recognised column names.
 * `sheet` is set for a workbook (converted to CSV before this step): the refusal then speaks of
 * its worksheet, not of delimiters.
 */
export function locateHeader(
	headText: string,
	truncated: boolean,
	index: AliasIndex,
	sheet: string | null = null
): HeaderLocation {
	let best: (HeaderLocation & { score: number }) | null = null;
	for (const delimiter of DELIMITERS) {
		if (!headText.includes(delimiter)) continue;
		const records = splitHeadRecords(headText, delimiter, truncated);
		for (let r = 0; r < records.length; r++) {
			const score = countMatches(records[r], index);
			if (score >= 2) {
				if (!best || score > best.score)
					best = { delimiter, headerRow: r + 1, headerCells: records[r], score };
				break;
			}
		}
	}
	if (!best) {
		const delimiter = sheet !== null ? ',' : (DELIMITERS.find((d) => headText.includes(d)) ?? ',');
		const seen = firstRows(headText, truncated, delimiter);
		const where =
			sheet !== null ? `工作表“${sheet}”的前 ${HEAD_RECORDS} 行` : `文件开头 ${HEAD_RECORDS} 行`;
		const how =
			sheet !== null
				? '请确认选的是问题清单所在的工作表，且表头在一行之内（合并的多行表头请先改成一行）。'
				: '列之间要用逗号、制表符、分号或竖线分隔。';
		throw new IngestRefusal(
			'no_header',
			`在${where}内找不到表头。表头行至少要有两个可识别的列名（例如：社区、问题描述、提出时间、状态）；${how}` +
				(seen.length ? `找到的内容：${seen.join('；')}。` : '这部分没有任何内容。')
		);
	}
	return { delimiter: best.delimiter, headerRow: best.headerRow, headerCells: best.headerCells };
}

export interface ColumnMapping {
	/** canonical field -> 0-based column index */
	fieldColumns: Map<string, number>;
	/** columns whose header matched nothing: index and header text as written */
	unmapped: { index: number; header: string }[];
	/** profile columns this file does not have, skipped because the profile was applied leniently */
	skippedProfileColumns: { field: string; header: string }[];
	/**
	 * Optional fields two or more headers matched: the header read, and the others, kept as extra
	 * columns. (Two headers for a required field refuse the file: guessing there changes figures.)
	 */
	setAside: { field: string; kept: string; extra: string[] }[];
}

/** How good a header is for its field: the Chinese label first, then the aliases in their order. */
function aliasRank(def: FieldDefinition | undefined, label: string): number {
	if (!def) return 0;
	const rank = [def.labelZh, ...def.aliases, def.field].findIndex(
		(a) => normaliseLabel(a) === label
	);
	return rank === -1 ? Number.MAX_SAFE_INTEGER : rank;
}

export function mapColumns(
	headerCells: string[],
	fields: FieldDefinition[],
	opts: {
		profileColumns?: Record<string, string>;
		communityGiven: boolean;
		defaults?: Record<string, string>;
		/**
		 * A profile chosen for a community rather than for this file: a header it names that this
		 * file lacks is skipped (and reported) instead of refusing the file.
		 */
		lenient?: boolean;
	}
): ColumnMapping {
	const index = buildAliasIndex(fields, {});
	const fieldColumns = new Map<string, number>();
	const claimed = new Map<string, number[]>();
	const used = new Set<number>();
	// A profile maps a field to '' to say "read this field from no column", overriding an alias.
	const excluded = new Set<string>();
	const skippedProfileColumns: { field: string; header: string }[] = [];
	const normalised = headerCells.map(normaliseLabel);

	for (const [field, header] of Object.entries(opts.profileColumns ?? {})) {
		if (header.trim() === '') {
			excluded.add(field);
			continue;
		}
		const col = normalised.indexOf(normaliseLabel(header));
		if (col === -1 && opts.lenient) {
			skippedProfileColumns.push({ field, header });
			continue;
		}
		if (col === -1) {
			throw new IngestRefusal(
				'bad_profile',
				`映射配置把“${header}”指定给 ${field}，但文件的表头里没有这一列。现有的列：${headerCells.filter((h) => h.trim()).join('、')}`
			);
		}
		fieldColumns.set(field, col);
		used.add(col);
	}
	normalised.forEach((label, col) => {
		if (used.has(col) || label === '') return;
		const field = index.byLabel.get(label);
		// a profile's choice wins over an alias
		if (!field || fieldColumns.has(field) || excluded.has(field)) return;
		claimed.set(field, [...(claimed.get(field) ?? []), col]);
	});
	const setAside: ColumnMapping['setAside'] = [];
	for (const [field, claimants] of claimed) {
		const def = fields.find((f) => f.field === field);
		let cols = claimants;
		if (cols.length > 1 && !def?.required) {
			// The better alias wins (the first column among equals); the rest stay extra columns.
			const [best, ...rest] = [...cols].sort(
				(a, b) => aliasRank(def, normalised[a]) - aliasRank(def, normalised[b]) || a - b
			);
			setAside.push({
				field,
				kept: headerCells[best].trim(),
				extra: rest.map((c) => headerCells[c].trim())
			});
			cols = [best];
		}
		if (cols.length > 1) {
			throw new IngestRefusal(
				'duplicate_column',
				`有两列都对应到“${def?.labelZh ?? field}”（${field}）：${cols.map((c) => headerCells[c].trim()).join(', ')}。请删除或改名其中一列，或在映射配置中指定用哪一列。`
			);
		}
		fieldColumns.set(field, cols[0]);
		used.add(cols[0]);
	}
	for (const f of fields) {
		if (!f.required || fieldColumns.has(f.field)) continue;
		if (opts.defaults?.[f.field] !== undefined) continue;
		if (f.field === 'community' && opts.communityGiven) continue;
		const hint = f.field === 'community' ? '；也可以在上传时为整个文件指定社区' : '';
		throw new IngestRefusal(
			'missing_column',
			`缺少必需的列：${f.labelZh}（${f.field}）。表头中可识别为这一列的名称有：${f.aliases.filter((a) => /[^ -~]/.test(a)).join('、')}${hint}。`
		);
	}
	const unmapped = headerCells
		.map((header, index) => ({ index, header: header.trim() }))
		.filter((c) => c.header !== '' && !used.has(c.index));
	return { fieldColumns, unmapped, skippedProfileColumns, setAside };
}

/** Each header cell with the field it would feed, for showing a mapping before it is final. */
export function guessHeaderFields(
	headerCells: string[],
	index: AliasIndex
): { index: number; header: string; field: string | null }[] {
	const taken = new Set<string>();
	return headerCells.map((cell, i) => {
		const field = index.byLabel.get(normaliseLabel(cell)) ?? null;
		const free = field !== null && !taken.has(field) && cell.trim() !== '';
		if (free) taken.add(field);
		return { index: i, header: cell.trim(), field: free ? field : null };
	});
}
