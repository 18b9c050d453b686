// Property tests of the header step (splitHeadRecords, locateHeader) and of the whole ingest
// (decode -> header -> DuckDB read_csv -> normalise -> validate -> commit) into an in-memory DuckDB,
// on arbitrary text with quotes, delimiters, line breaks and BOMs in every supported encoding, and
// on arbitrary bytes: it never throws, refuses only in Chinese, always ends, leaves no temp file and
// writes nothing for a refused file, and accepted + rejected is always the number of data rows.
import fs from 'node:fs';
import fc from 'fast-check';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IngestRefusal } from './errors';
import {
	buildAliasIndex,
	DELIMITERS,
	locateHeader,
	splitHeadRecords,
	type AliasIndex
} from './header';
import type { FileResult } from '../../domain/upload-model';
import { ingestFile } from './pipeline';
import { count, sandbox, type Sandbox } from './test-support';
import { loadVocabulary } from './vocabulary';

/** A run that takes longer than this fails as a hang instead of stalling the suite. */
const RUN_TIMEOUT_MS = 20_000;
/** On a loaded machine a property stops early (with the runs done so far) rather than time out. */
const PROPERTY_BUDGET_MS = 30_000;
const CHINESE = /[\u4e00-\u9fff]/;

let box: Sandbox;
let aliases: AliasIndex;
let n = 0;
beforeAll(async () => {
	box = await sandbox();
	aliases = buildAliasIndex(
		await box.db.withConnection(async (c) => (await loadVocabulary(c)).fields)
	);
});
afterAll(async () => box.dispose());

const tempFiles = (): string[] =>
	fs.existsSync(box.options.tmpDir) ? fs.readdirSync(box.options.tmpDir) : [];

/** Cell text with everything that makes CSV hard; no letters that could spell a header alias. */
const cellText = fc.string({
	unit: fc.oneof(
		{
			weight: 6,
			arbitrary: fc.constantFrom(...'楼道堆物整改隐患，。；“”（）0123456789-/:xyz'.split(''))
		},
		{ weight: 3, arbitrary: fc.constantFrom('"', ',', ';', '\t', '|', ' ', '\u3000') },
		{ weight: 1, arbitrary: fc.constantFrom('\n', '\r\n', '\r', '""', '\ufeff', '=', '𠀀') }
	),
	maxLength: 24
});

type Delimiter = (typeof DELIMITERS)[number];

/** RFC 4180: quote a cell that holds the delimiter, a quote or a line break; double its quotes. */
function quoteCell(cell: string, delimiter: Delimiter): string {
	return cell.includes(delimiter) || /["\r\n]/.test(cell)
		? `"${cell.replaceAll('"', '""')}"`
		: cell;
}

function formatRecord(cells: string[], delimiter: Delimiter): string {
	// A record of one empty cell would be a blank line; quoting it keeps it a record.
	if (cells.length === 1 && cells[0] === '') return '""';
	return cells.map((c) => quoteCell(c, delimiter)).join(delimiter);
}

const delimiterArb = fc.constantFrom<Delimiter>(...DELIMITERS);
const newlineArb = fc.constantFrom('\n', '\r\n');

describe('splitHeadRecords and locateHeader', () => {
	it('split a quoted table back into exactly its cells, for every delimiter and line break', () => {
		fc.assert(
			fc.property(
				// One lone empty cell is a blank line, not a record: every record here has two cells or more.
				fc.array(fc.array(cellText, { minLength: 2, maxLength: 6 }), {
					minLength: 1,
					maxLength: 30
				}),
				delimiterArb,
				newlineArb,
				fc.boolean(),
				(records, delimiter, newline, finalNewline) => {
					const text =
						records.map((r) => formatRecord(r, delimiter)).join(newline) +
						(finalNewline ? newline : '');
					expect(splitHeadRecords(text, delimiter, false)).toEqual(records);
				}
			),
			{ numRuns: 300 }
		);
	});

	it('on any text either find a header or refuse in Chinese', () => {
		const anyText = fc.oneof(
			fc.string({ unit: 'binary', maxLength: 400 }),
			fc.array(cellText, { maxLength: 40 }).map((cells) => cells.join('')),
			fc
				.tuple(fc.array(cellText, { maxLength: 20 }), delimiterArb)
				.map(([cells, d]) => `社区${d}问题描述${d}${cells.join(d)}`)
		);
		fc.assert(
			fc.property(anyText, fc.boolean(), (text, truncated) => {
				try {
					const found = locateHeader(text, truncated, aliases);
					expect(found.headerRow).toBeGreaterThanOrEqual(1);
					expect(found.headerCells.length).toBeGreaterThanOrEqual(2);
				} catch (err) {
					expect(err).toBeInstanceOf(IngestRefusal);
					expect((err as IngestRefusal).code).toBe('no_header');
					expect((err as Error).message).toMatch(CHINESE);
				}
			}),
			{ numRuns: 300 }
		);
	});
});

type Encoding = 'utf-8' | 'utf-8-bom' | 'utf-16le' | 'utf-16be' | 'gb18030';
const encodingArb = fc.constantFrom<Encoding>(
	'utf-8',
	'utf-8-bom',
	'utf-16le',
	'utf-16be',
	'gb18030'
);

function encode(text: string, encoding: Encoding): Buffer {
	switch (encoding) {
		case 'utf-8':
			return Buffer.from(text, 'utf8');
		case 'utf-8-bom':
			return Buffer.from(`\ufeff${text}`, 'utf8');
		case 'utf-16le':
			return Buffer.from(`\ufeff${text}`, 'utf16le');
		case 'utf-16be':
			return Buffer.from(`\ufeff${text}`, 'utf16le').swap16();
		case 'gb18030':
			return iconv.encode(text, 'gb18030');
	}
}

const OPTIONAL_HEADERS = ['编号', '状态', '主题', '完成时间', '整改时限', '备注'];

/**
 * A file as an export could be: a header of known and unknown columns, then data rows of
 * arbitrary cells (some of the wrong width), blank lines and delimiter-only rows between them.
 */
const exportFile = fc
	.record({
		optional: fc.subarray(OPTIONAL_HEADERS),
		extra: fc.integer({ min: 0, max: 3 }),
		delimiter: delimiterArb,
		newline: newlineArb,
		encoding: encodingArb,
		rows: fc.array(
			fc.oneof(
				{
					weight: 8,
					arbitrary: fc.record({
						kind: fc.constant('data' as const),
						cells: fc.array(cellText, { maxLength: 14 }),
						widthDelta: fc.constantFrom(0, 0, 0, 0, -1, 1)
					})
				},
				{
					weight: 1,
					arbitrary: fc.record({
						kind: fc.constantFrom(
							'empty' as const,
							'delimiters' as const,
							'short-delimiters' as const
						)
					})
				}
			),
			{ maxLength: 25 }
		)
	})
	.map((spec) => {
		const header = [
			'社区',
			'问题描述',
			'提出时间',
			...spec.optional,
			...Array.from({ length: spec.extra }, (_, i) => `附加列${i + 1}`)
		];
		const width = header.length;
		const d = spec.delimiter;
		const lines = [header.join(d)];
		let dataRows = 0;
		for (const row of spec.rows) {
			if (row.kind === 'data') {
				const w = width + row.widthDelta;
				// The first cell is never blank, so every data row counts as a row.
				const cells = Array.from({ length: w }, (_, i) => row.cells[i] ?? '');
				cells[0] = `问${cells[0]}`;
				lines.push(formatRecord(cells, d));
				dataRows++;
			} else if (row.kind === 'empty') lines.push('');
			else if (row.kind === 'delimiters') lines.push(d.repeat(width - 1));
			else lines.push(d.repeat(Math.max(1, width - 3)));
		}
		const text = lines.join(spec.newline) + spec.newline;
		return { bytes: encode(text, spec.encoding), dataRows, spec };
	});

function expectCounts(result: FileResult): void {
	expect(result.rowsAccepted).toBeGreaterThanOrEqual(0);
	expect(result.rowsAccepted + result.rowsRejected).toBe(result.rowsTotal);
	// A no-op repeats the counts of the earlier upload of the same bytes, without its rejects.
	if (result.outcome !== 'noop')
		expect(new Set(result.rejects.map((r) => r.row)).size).toBe(result.rowsRejected);
}

function expectRefusedInChinese(result: FileResult): void {
	expect(result.refusal).not.toBeNull();
	expect(result.message).toMatch(CHINESE);
	expect(result.rowsAccepted).toBe(0);
}

async function ingest(bytes: Uint8Array, dryRun: boolean): Promise<FileResult> {
	const file = box.file(`in-${++n}.csv`, Buffer.from(bytes));
	try {
		return await ingestFile(box.db, file, { ...box.options, dryRun });
	} finally {
		fs.rmSync(file, { force: true });
	}
}

describe('the whole ingest on generated exports', () => {
	it('reads every data row of any well-quoted export, in any encoding: accepted + rejected = data rows', async () => {
		await fc.assert(
			fc.asyncProperty(exportFile, async ({ bytes, dataRows }) => {
				const result = await ingest(bytes, true);
				if (dataRows === 0) {
					expect(result.refusal).toBe('no_data');
					expectRefusedInChinese(result);
				} else if (result.refusal === 'all_rejected') {
					// Every row rejected: refused, with each row's reject listed.
					expectRefusedInChinese(result);
					expect(result.rowsTotal).toBe(dataRows);
					expect(result.rowsRejected).toBe(dataRows);
					expect(new Set(result.rejects.map((r) => r.row)).size).toBe(dataRows);
				} else {
					expect(result.message).toBeNull();
					expect(result.outcome).toBe('dry-run');
					expect(result.rowsTotal).toBe(dataRows);
					expectCounts(result);
				}
				expect(tempFiles()).toEqual([]);
			}),
			{ numRuns: 60, timeout: RUN_TIMEOUT_MS, interruptAfterTimeLimit: PROPERTY_BUDGET_MS }
		);
	});
});

/** Arbitrary bytes, alone or after a BOM and a real header, so they reach every step. */
const arbitraryFile = fc
	.tuple(
		fc.constantFrom('', '', '\ufeff'),
		fc.constantFrom('', '社区,问题描述,提出时间,状态\n', '社区\t问题描述\t提出时间\r\n'),
		fc.constantFrom('', '云南路社区,楼道堆物,2018-11-05,已完成\n'),
		fc.uint8Array({ maxLength: 600 })
	)
	.map(([bom, header, row, tail]) => Buffer.concat([Buffer.from(bom + header + row), tail]));

describe('the whole ingest on arbitrary bytes', () => {
	it('never throws: it refuses in Chinese and writes nothing, or commits with consistent counts', async () => {
		await fc.assert(
			fc.asyncProperty(arbitraryFile, async (bytes) => {
				const problems = await count(box.db, 'problems');
				const uploads = await count(box.db, 'uploads');
				const result = await ingest(bytes, false);
				if (result.outcome === 'refused') {
					expectRefusedInChinese(result);
					expect(await count(box.db, 'problems')).toBe(problems);
					expect(await count(box.db, 'uploads')).toBe(uploads);
				} else {
					expect(['committed', 'noop']).toContain(result.outcome);
					expectCounts(result);
					expect(await count(box.db, 'problems')).toBeLessThanOrEqual(
						problems + result.rowsAccepted
					);
				}
				expect(tempFiles()).toEqual([]);
			}),
			{
				numRuns: 80,
				timeout: RUN_TIMEOUT_MS,
				interruptAfterTimeLimit: PROPERTY_BUDGET_MS,
				// A UTF-8 BOM promises UTF-8; a NUL or a cut-off character after it once escaped as a crash.
				examples: [
					// A bare CR inside an unquoted cell once stopped DuckDB's strict reader with a crash.
					[Buffer.from('社区,问题描述,提出时间\n云南路社区,楼道\r堆物,2018-11-05\n')],
					[Buffer.from('\ufeff社区,问题描述,提出时间\n云南路社区,楼道\u0000堆物,2018-11-05\n')],
					[
						Buffer.concat([
							Buffer.from('\ufeff社区,问题描述,提出时间\n云南路社区,楼道,2018-11-05\n'),
							Buffer.from([0xe4])
						])
					]
				]
			}
		);
	});
});
