// The ingest of one file, step by step: decode -> locate header -> map columns -> parse -> normalise
// -> validate -> commit. Used by the `ledger ingest` CLI, the demo seeder and the uploads page
// (uploads/workflow.ts, which adds its preview and its commit check through `describe` and
// `beforeWrite`). A refusal comes back as a result with a Chinese message; nothing is written for it.
import fs from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import type { DuckDBConnection } from '@duckdb/node-api';
import {
	EMPTY_PROFILE,
	type FilePreview,
	type FileResult,
	type MappingProfile
} from '../../domain/upload-model';
import { all, type LedgerDatabase } from '../db/database';
import { serialisedWrite } from '../db/write-queue';
import { startArchive } from './archive';
import { codeColumn } from './code-column';
import { commitBatch, wouldCommit } from './commit';
import { suggestDateFormats, suggestionNote } from './date-formats';
import { decodeText } from './decode';
import { findCommitted, loadQuery, noop, sameBytesCommitted, sha256File } from './dedupe';
import { allRejected, IngestRefusal } from './errors';
import { buildAliasIndex, guessHeaderFields, mapColumns, type HeaderLocation } from './header';
import { normalise } from './normalise';
import { dropParsed, parseCsv } from './parse';
import { validate } from './validate';
import { stepTimer } from './trace';
import { loadVocabulary } from './vocabulary';
import { xlsxToCsv } from './xlsx';

export interface IngestOptions {
	uploadsDir: string;
	tmpDir: string;
	defaultStreet: string;
	/** Shown in results and stored on the upload; defaults to the file's base name. */
	fileName?: string;
	/** The community for every row of a file that has no community column. */
	community?: string | null;
	/**
	 * The communities the uploading account may write (its scope): rows of any other community
	 * become rejects. null or omitted: every community (the CLI, the demo seeder, an unscoped account).
	 */
	allowedCommunities?: readonly string[] | null;
	profile?: MappingProfile;
	sheet?: string;
	uploadedBy?: string;
	/** The day the export was made (YYYY-MM-DD); dates status changes the rows do not date. */
	exportedAt?: string | null;
	dryRun?: boolean;
	/** A profile chosen for the community rather than the file: headers it names may be absent. */
	lenientProfile?: boolean;
	/**
	 * Reads what a caller shows of the file beside the counts (the uploads page: labels,
	 * communities, first rows), from the batch's staging tables once they are validated.
	 */
	describe?: (
		c: DuckDBConnection,
		tables: { normTable: string; rejTable: string }
	) => Promise<FilePreview>;
	/** Runs on the counted result before anything is written; a throw refuses the file. */
	beforeWrite?: (result: FileResult) => void;
	/** Test hook: runs inside the transaction just before COMMIT. */
	beforeCommit?: () => void | Promise<void>;
}

function emptyResult(file: string): FileResult {
	return {
		file,
		outcome: 'refused',
		message: null,
		refusal: null,
		format: null,
		encoding: null,
		delimiter: null,
		headerRow: null,
		sheet: null,
		sha256: null,
		rowsTotal: 0,
		rowsAccepted: 0,
		rowsRejected: 0,
		rowsBlank: 0,
		rejects: [],
		unmappedHeaders: [],
		columnMapping: {},
		headers: [],
		notes: [],
		dateFormatSuggestions: [],
		preview: null,
		uploadId: null,
		inserted: 0,
		updated: 0,
		statusChanges: 0
	};
}

function isXlsx(file: string, head: Buffer): boolean {
	return /\.xlsx$/i.test(file) && head[0] === 0x50 && head[1] === 0x4b;
}

let batchNo = 0;

export async function ingestFile(
	db: LedgerDatabase,
	srcPath: string,
	opts: IngestOptions
): Promise<FileResult> {
	const result = emptyResult(opts.fileName ?? path.basename(srcPath));
	const profile = opts.profile ?? EMPTY_PROFILE;
	const tag = `b${process.pid}_${++batchNo}`;
	const temps: string[] = [];
	const background: Promise<unknown>[] = [];
	try {
		return await db.withConnection(async (c) => {
			try {
				return await ingestOn(c, srcPath, opts, profile, tag, { temps, background }, result);
			} finally {
				await dropStaging(c, tag);
			}
		});
	} catch (err) {
		if (err instanceof IngestRefusal) {
			result.outcome = 'refused';
			result.refusal = err.code;
			result.message = err.message;
			return result;
		}
		throw err;
	} finally {
		await Promise.allSettled(background);
		for (const t of temps) await fs.promises.rm(t, { force: true });
	}
}

async function ingestOn(
	c: DuckDBConnection,
	srcPath: string,
	opts: IngestOptions,
	profile: MappingProfile,
	tag: string,
	work: { temps: string[]; background: Promise<unknown>[] },
	result: FileResult
): Promise<FileResult> {
	const { temps } = work;
	const trace = stepTimer('ingest');
	const vocab = await loadVocabulary(c);
	const aliasIndex = buildAliasIndex(vocab.fields, profile.columns);
	await fs.promises.mkdir(opts.tmpDir, { recursive: true });

	const fd = await fs.promises.open(srcPath, 'r');
	const magic = Buffer.alloc(4);
	await fd.read(magic, 0, 4, 0);
	await fd.close();

	let csvPath: string;
	let sha256: string;
	let sizeBytes: number;
	let blankRecords: number[];
	let location: HeaderLocation;
	let unterminatedQuote: number | null = null;
	if (isXlsx(srcPath, magic)) {
		result.format = 'xlsx';
		sha256 = await sha256File(srcPath);
		sizeBytes = (await fs.promises.stat(srcPath)).size;
		const converted = path.join(opts.tmpDir, `xlsx-${randomUUID()}.csv`);
		temps.push(converted);
		const sheet = await xlsxToCsv(srcPath, converted, { sheet: opts.sheet });
		result.sheet = sheet.sheet;
		const source = await decodeText(converted, opts.tmpDir, aliasIndex, sheet.sheet);
		temps.push(...source.temps);
		csvPath = source.decoded.utf8Path;
		blankRecords = source.scan.blankRecords;
		location = source.location;
	} else {
		result.format = 'csv';
		const source = await decodeText(srcPath, opts.tmpDir, aliasIndex);
		temps.push(...source.temps);
		result.encoding = source.decoded.encoding;
		sha256 = source.decoded.sha256;
		sizeBytes = source.decoded.sizeBytes;
		csvPath = source.decoded.utf8Path;
		blankRecords = source.scan.blankRecords;
		location = source.location;
		unterminatedQuote = source.scan.unterminatedQuoteRecord;
	}
	trace('decode + scan');
	result.sha256 = sha256;
	result.delimiter = location.delimiter;
	result.headerRow = location.headerRow;
	result.headers = guessHeaderFields(location.headerCells, aliasIndex);
	if (unterminatedQuote !== null) {
		throw new IngestRefusal(
			'unterminated_quote',
			`第 ${unterminatedQuote} 行有一个左引号（"）一直没有闭合，之后的内容都无法可靠地分行。请在 Excel/WPS 中检查这一行后重新导出。`
		);
	}

	const scope = opts.allowedCommunities ?? null;
	const load = loadQuery(sha256, opts, vocab, scope);
	const earlier = await findCommitted(c, load);
	if (earlier) return noop(result, earlier);
	const reread = await sameBytesCommitted(c, sha256, scope);
	if (reread) {
		result.notes.push(
			`这个文件的内容已在第 ${reread.id} 批（${reread.at} 导入）按另一种映射或选项读取过：这次按现在的映射重新读取，提交后会按它更新这些问题。`
		);
	}

	// The original is kept before anything is written, so a committed batch always has its file.
	const archive = await startArchive(
		srcPath,
		{ uploadsDir: opts.uploadsDir, fileName: result.file, sha256, copy: !opts.dryRun },
		work
	);

	const mapping = mapColumns(location.headerCells, vocab.fields, {
		profileColumns: profile.columns,
		communityGiven: Boolean(opts.community),
		defaults: profile.defaults,
		lenient: opts.lenientProfile
	});
	result.unmappedHeaders = mapping.unmapped.map((u) => u.header);
	const fieldOfColumn = new Map<number, string>();
	for (const [field, col] of mapping.fieldColumns) {
		result.columnMapping[field] = location.headerCells[col].trim();
		if (!fieldOfColumn.has(col)) fieldOfColumn.set(col, field);
	}
	result.headers = location.headerCells.map((cell, index) => ({
		index,
		header: cell.trim(),
		field: fieldOfColumn.get(index) ?? null
	}));
	for (const skipped of mapping.skippedProfileColumns) {
		result.notes.push(
			`映射方案把“${skipped.header}”列对应到 ${skipped.field}，但这个文件没有这一列，已按自动识别处理。`
		);
	}
	for (const aside of mapping.setAside) {
		const label = vocab.fields.find((f) => f.field === aside.field)?.labelZh ?? aside.field;
		result.notes.push(
			`“${aside.kept}”和“${aside.extra.join('”“')}”都像是“${label}”列：已读取“${aside.kept}”，其余保留为附加列。如要改用另一列，请在映射中指定。`
		);
	}

	const parsed = await parseCsv(c, {
		utf8Path: csvPath,
		delimiter: location.delimiter,
		width: location.headerCells.length,
		headerRow: location.headerRow,
		blankRecords,
		tag
	});
	trace('parse (read_csv)');
	const norm = await normalise(c, {
		tag,
		rowsTable: parsed.table,
		rawTable: `raw_${tag}`,
		width: parsed.width,
		headerRow: location.headerRow,
		headerCells: location.headerCells,
		fieldColumns: mapping.fieldColumns,
		unmapped: mapping.unmapped,
		vocab,
		profile,
		community: opts.community ?? null,
		defaultStreet: opts.defaultStreet
	});
	for (const column of norm.setAside) {
		const label = vocab.fields.find((f) => f.field === column.field)?.labelZh ?? column.field;
		delete result.columnMapping[column.field];
		result.headers[column.index] = { ...result.headers[column.index], field: null };
		result.unmappedHeaders = result.headers
			.filter((h) => h.field === null && h.header !== '')
			.map((h) => h.header);
		result.notes.push(
			`“${column.header}”列按列名被识别为“${label}”，但它的 ${column.distinct} 种值里有 ${column.foreign} 种（如 ${column.examples.join('、')}）不是${label}的写法：已作为附加列保留，没有据此拒收任何行。如果它确实是${label}，请在映射中指定这一列，并为这些值写对应。`
		);
	}
	if (!mapping.fieldColumns.has('problem_id')) {
		const codes = await codeColumn(c, norm.table, mapping.unmapped);
		if (codes) {
			result.notes.push(
				`“${codes.header}”列的 ${codes.rows} 个值（如 ${codes.example}）各不相同，看起来是问题编号，不是行号。文件没有编号列，系统按社区、提出时间和问题描述生成编号；如要以它为编号（以后重新导入时按它更新），请在映射中把这一列对应到“编号”。`
			);
		}
	}
	// The raw cells are no longer needed: freeing them leaves the commit the memory.
	await dropParsed(c, tag);
	trace('normalise');
	const rejects = await validate(c, {
		tag,
		normTable: norm.table,
		fields: vocab.fields,
		columnNames: norm.columnNames,
		structural: parsed.structural,
		allowedCommunities: opts.allowedCommunities ?? null
	});
	trace('validate');
	const [counts] = await all<{ rows: number; blank: number; totals: number[] }>(
		c,
		`SELECT count(*) FILTER (WHERE NOT blank)::INTEGER AS rows,
			count(*) FILTER (WHERE blank AND NOT total_line)::INTEGER AS blank,
			coalesce(list(row_no ORDER BY row_no) FILTER (WHERE total_line), [])::INTEGER[] AS totals
		FROM ${norm.table}`
	);
	if (counts.totals.length) {
		result.notes.push(
			`第 ${counts.totals.slice(0, 10).join('、')}${counts.totals.length > 10 ? ' 等' : ''} 行是合计行，没有作为问题导入。`
		);
	}
	result.dateFormatSuggestions = await suggestDateFormats(c, {
		normTable: norm.table,
		fields: vocab.fields,
		columnNames: norm.columnNames,
		rejects
	});
	result.notes.push(...result.dateFormatSuggestions.map(suggestionNote));
	const rejectedRows = new Set(rejects.map((r) => r.row));
	result.rejects = rejects;
	result.rowsRejected = rejectedRows.size;
	result.rowsTotal = counts.rows + parsed.structural.length;
	result.rowsAccepted = result.rowsTotal - result.rowsRejected;
	result.rowsBlank = counts.blank + parsed.blankAfterHeader;
	if (result.rowsTotal === 0) {
		throw new IngestRefusal(
			'no_data',
			`第 ${location.headerRow} 行是表头，但表头下面没有任何数据行。请确认导出时包含了问题清单的内容。`
		);
	}
	if (opts.describe)
		result.preview = await opts.describe(c, { normTable: norm.table, rejTable: `rej_${tag}` });
	if (result.rowsAccepted === 0) throw allRejected(result);
	if (opts.dryRun) {
		result.outcome = 'dry-run';
		if (norm.themeModel) result.notes.push(themeModelNote(norm.themeModel.labelledRows, null));
		// What a commit would write, so a preview of the same bytes under another mapping shows
		// which stored problems it would change.
		Object.assign(
			result,
			await wouldCommit(c, {
				tag,
				normTable: norm.table,
				rejTable: `rej_${tag}`,
				rowsAccepted: result.rowsAccepted,
				rowsRejected: result.rowsRejected
			})
		);
		return result;
	}
	opts.beforeWrite?.(result);

	await archive.finish();

	trace('count + archive');
	const supplied = new Set<string>([
		...mapping.fieldColumns.keys(),
		...Object.keys(profile.defaults)
	]);
	const done = await serialisedWrite(async () => {
		// Checked again in the queue: the same bytes may have been committed while this one parsed.
		const sameLoad = await findCommitted(c, load);
		if (sameLoad) return sameLoad;
		const committed = await commitBatch(c, {
			tag,
			normTable: norm.table,
			rejTable: `rej_${tag}`,
			suppliedFields: supplied,
			fileCommunity: profile.defaults.community ?? opts.community ?? null,
			themeModel: norm.themeModel,
			beforeCommit: opts.beforeCommit,
			upload: {
				sha256,
				fileName: result.file,
				sizeBytes,
				format: result.format ?? 'csv',
				encoding: result.encoding,
				delimiter: result.delimiter,
				headerRow: location.headerRow,
				sheet: result.sheet,
				community: opts.community ?? null,
				uploadedBy: opts.uploadedBy ?? 'cli',
				exportedAt: opts.exportedAt ?? null,
				rowsTotal: result.rowsTotal,
				rowsAccepted: result.rowsAccepted,
				rowsRejected: result.rowsRejected,
				rowsBlank: result.rowsBlank,
				unmappedHeaders: result.unmappedHeaders,
				columnMapping: result.columnMapping,
				mappingProfile: opts.profile ?? null,
				archivePath: archive.path,
				loadKey: load.key,
				loadScope: scope
			}
		});
		// In the queue too: a CHECKPOINT fails while another batch is writing.
		await c.run('CHECKPOINT');
		return committed;
	});
	trace('commit and checkpoint');
	if ('at' in done) return noop(result, done);
	result.outcome = 'committed';
	result.uploadId = done.uploadId;
	result.inserted = done.inserted;
	result.updated = done.updated;
	result.statusChanges = done.statusChanges;
	if (norm.themeModel && done.reclassified !== null) {
		result.notes.push(themeModelNote(norm.themeModel.labelledRows, done.reclassified));
	}
	return result;
}

/**
 * The file's labels changed the labelled problems enough to train the theme model again
 * (themes/ingest-classifier.ts); `changed` is null in a preview, where nothing is stored yet.
 */
function themeModelNote(labelledRows: number, changed: number | null): string {
	const trained = `主题模型按 ${labelledRows} 条人工标注了主题的问题（含本文件的）重新训练，本文件中没有主题的行已按它归类`;
	return changed === null
		? `${trained}；提交后，其他自动归类的问题也按新模型重新归类。`
		: `${trained}；其他自动归类的问题中有 ${changed} 条随之改了主题。`;
}

/** Drops every temp object a batch made; a connection's temp schema holds nothing else of ours. */
async function dropStaging(c: DuckDBConnection, tag: string): Promise<void> {
	await dropParsed(c, tag);
	const objects = await all<{ name: string; kind: string }>(
		c,
		`SELECT table_name AS name, 'TABLE' AS kind FROM duckdb_tables() WHERE temporary AND table_name LIKE $1
		 UNION ALL SELECT view_name, 'VIEW' FROM duckdb_views() WHERE temporary AND view_name LIKE $1`,
		[`%${tag}%`]
	);
	for (const o of objects) await c.run(`DROP ${o.kind} IF EXISTS "${o.name}"`);
}
