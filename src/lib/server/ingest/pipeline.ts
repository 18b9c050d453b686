// The ingest of one file, step by step: decode -> locate header -> map columns -> parse -> normalise
// -> validate -> commit. Used by the `ledger ingest` CLI, the demo seeder and (later) the uploads
// page. A refusal comes back as a result with a Chinese message; nothing is written for it.
import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import { once } from 'node:events';
import path from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import {
	EMPTY_PROFILE,
	type FilePreview,
	type FileResult,
	type LabelCount,
	type MappingProfile
} from '../../domain/upload-model';
import { batchInScope } from '../db/batch-scope';
import { all, type LedgerDatabase } from '../db/database';
import { serialisedWrite } from '../db/write-queue';
import { commitBatch, wouldCommit } from './commit';
import { suggestDateFormats, suggestionNote } from './date-formats';
import {
	decodeToUtf8,
	inspectHead,
	NotUtf8Error,
	readHead,
	type DecodedFile,
	type HeadInspection
} from './decode';
import { IngestRefusal } from './errors';
import {
	buildAliasIndex,
	guessHeaderFields,
	locateHeader,
	mapColumns,
	type HeaderLocation
} from './header';
import { normalise } from './normalise';
import { dropParsed, parseCsv } from './parse';
import { RecordScanner, type ScanResult } from './record-scan';
import { validate } from './validate';
import { stepTimer } from './trace';
import { loadVocabulary, type Vocabulary } from './vocabulary';
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
	/** With dryRun: also read what the uploads page previews (labels, communities, first rows). */
	preview?: { sampleRows: number };
	/**
	 * What a preview showed: the commit is refused unless this run finds the same, so a commit
	 * applies exactly what the analyst saw.
	 */
	expect?: PreviewExpectation;
	/** Test hook: runs inside the transaction just before COMMIT. */
	beforeCommit?: () => void | Promise<void>;
}

export interface PreviewExpectation {
	rowsAccepted: number;
	rowsRejected: number;
	columnMapping: Record<string, string>;
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

async function sha256File(file: string): Promise<string> {
	const hash = createHash('sha256');
	for await (const chunk of fs.createReadStream(file)) hash.update(chunk as Buffer);
	return hash.digest('hex');
}

function isXlsx(file: string, head: Buffer): boolean {
	return /\.xlsx$/i.test(file) && head[0] === 0x50 && head[1] === 0x4b;
}

/** Rewrites CRLF to LF: DuckDB's strict reader will not read a file that mixes the two. */
async function unifyNewlines(src: string, tmpDir: string): Promise<string> {
	const out = path.join(tmpDir, `newlines-${randomUUID()}.csv`);
	const ws = fs.createWriteStream(out);
	let pendingCr = false;
	for await (const raw of fs.createReadStream(src) as AsyncIterable<Buffer>) {
		let text = raw.toString('latin1');
		if (pendingCr) text = '\r' + text;
		pendingCr = text.endsWith('\r');
		if (pendingCr) text = text.slice(0, -1);
		if (!ws.write(Buffer.from(text.replace(/\r\n/g, '\n'), 'latin1'))) await once(ws, 'drain');
	}
	if (pendingCr) ws.write('\r');
	ws.end();
	await once(ws, 'finish');
	return out;
}

/** Headers of a row-number column, which holds problem codes in some exports (SZ001, …). */
const ROW_NUMBER_HEADER = /^(序号|序列号|序|no\.?|ref)$/i;

/**
 * An unmapped 序号-like column whose every data row holds a distinct code with a letter or a
 * separator in it (not 1, 2, 3): the problem id the file does not name, to offer the analyst.
 */
async function codeColumn(
	c: DuckDBConnection,
	normTable: string,
	unmapped: { index: number; header: string }[]
): Promise<{ header: string; rows: number; example: string } | null> {
	const candidate = unmapped.find((u) => ROW_NUMBER_HEADER.test(u.header.replace(/\s/g, '')));
	if (!candidate) return null;
	const [row] = await all<{
		rows: number;
		filled: number;
		distinct: number;
		codes: number;
		example: string | null;
	}>(
		c,
		`SELECT count(*)::INTEGER AS rows, count(v)::INTEGER AS filled, count(DISTINCT v)::INTEGER AS distinct,
			count(*) FILTER (WHERE regexp_matches(v, '[^0-9.]') AND regexp_matches(v, '[0-9]'))::INTEGER AS codes,
			min(v) AS example
		 FROM (SELECT nullif(trim(extra[$header]), '') AS v FROM ${normTable} WHERE NOT blank)`,
		{ header: candidate.header }
	);
	if (!row || row.rows === 0 || row.filled !== row.rows) return null;
	if (row.distinct !== row.rows || row.codes !== row.rows || !row.example) return null;
	return { header: candidate.header, rows: row.rows, example: row.example };
}

interface TextSource {
	decoded: DecodedFile;
	scan: ScanResult;
	location: HeaderLocation;
	inspection: HeadInspection;
	temps: string[];
}

async function decodeText(
	srcPath: string,
	tmpDir: string,
	aliasIndex: ReturnType<typeof buildAliasIndex>,
	sheet: string | null = null
): Promise<TextSource> {
	let inspection = await inspectHead(srcPath);
	const temps: string[] = [];
	const run = async (): Promise<TextSource> => {
		const truncated = inspection.sizeBytes > Buffer.byteLength(inspection.headText) + 4;
		const location = locateHeader(inspection.headText, truncated, aliasIndex, sheet);
		const scanner = new RecordScanner(location.delimiter.charCodeAt(0));
		const decoded = await decodeToUtf8(srcPath, inspection, tmpDir, (chunk) => scanner.push(chunk));
		if (decoded.temporary) temps.push(decoded.utf8Path);
		let scan = scanner.finish();
		if (scan.newline === 'mixed') {
			const unified = await unifyNewlines(decoded.utf8Path, tmpDir);
			temps.push(unified);
			const rescan = new RecordScanner(location.delimiter.charCodeAt(0));
			for await (const chunk of fs.createReadStream(unified) as AsyncIterable<Buffer>)
				rescan.push(chunk);
			scan = rescan.finish();
			decoded.utf8Path = unified;
		}
		return { decoded, scan, location, inspection, temps };
	};
	try {
		return await run();
	} catch (err) {
		if (!(err instanceof NotUtf8Error) || inspection.bom) throw err;
		// The first 64 KB were valid UTF-8 but the rest is not: GBK exports can start in pure ASCII.
		const text = new TextDecoder('gb18030').decode((await readHead(srcPath)).head);
		inspection = { ...inspection, encoding: 'gb18030', headText: text };
		return await run();
	}
}

let batchNo = 0;

interface EarlierUpload {
	id: number;
	at: string;
	rowsTotal: number;
	rowsAccepted: number;
	rowsRejected: number;
	/** Whether the uploading account may see that batch (batchInScope). */
	visible: boolean;
}

/** JSON with every object's keys sorted, so equal profiles give equal text. */
function canonicalJson(value: unknown): string {
	return JSON.stringify(value, (_key, v: unknown) =>
		v !== null && typeof v === 'object' && !Array.isArray(v)
			? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
			: v
	);
}

/**
 * The mapping, options and vocabularies a load of `sha256` was read with: a later upload of the
 * same bytes with another of these is read again, not skipped.
 */
export function loadKey(
	sha256: string,
	opts: Pick<IngestOptions, 'community' | 'profile' | 'sheet' | 'lenientProfile' | 'defaultStreet'>,
	vocabulary: Vocabulary
): string {
	const key = canonicalJson({
		v: 1,
		sha256,
		community: opts.community ?? null,
		profile: opts.profile ?? EMPTY_PROFILE,
		sheet: opts.sheet ?? null,
		lenient: Boolean(opts.lenientProfile),
		street: opts.defaultStreet,
		vocabulary: {
			fields: vocabulary.fields,
			labels: [...vocabulary.labels].map(([kind, map]) => [kind, [...map].sort()]),
			statusTypes: [...vocabulary.statusTypes].sort(),
			themeKeywords: vocabulary.themeKeywords
		}
	});
	return createHash('sha256').update(key).digest('hex');
}

interface LoadQuery {
	sha256: string;
	key: string;
	/** The uploading account's scope (null: the whole street). */
	scope: readonly string[] | null;
	/** A mapping profile was given (or a saved one applied): only the same load key matches. */
	mapped: boolean;
}

/**
 * The committed batch that already loaded what this upload would, if any: the same bytes, loaded
 * under a scope that covers the uploader's (the whole street covers every scope; a scoped load
 * never covers a wider one, whose rows it rejected), and with the same mapping and options — or
 * with any, when this upload names no mapping (the same file dropped again). Batches from before
 * load keys (migration 5) never match: their scope is unknown. The one the uploader may see comes
 * first.
 */
async function findCommitted(c: DuckDBConnection, q: LoadQuery): Promise<EarlierUpload | null> {
	const visible = batchInScope(q.scope);
	const covers =
		q.scope === null
			? 'u.load_street'
			: '(u.load_street OR list_has_all(u.load_scope, $l_scope::JSON::VARCHAR[]))';
	const [row] = await all<EarlierUpload>(
		c,
		`SELECT id, strftime(uploaded_at, '%Y-%m-%d %H:%M') AS at, rows_total AS "rowsTotal",
			rows_accepted AS "rowsAccepted", rows_rejected AS "rowsRejected", ${visible.sql} AS visible
		 FROM uploads u
		 WHERE sha256 = $sha AND state = 'committed' AND load_key IS NOT NULL AND ${covers}
			AND (load_key = $key OR NOT $mapped)
		 ORDER BY visible DESC, (load_key = $key) DESC, id LIMIT 1`,
		{
			...visible.params,
			...(q.scope === null ? {} : { l_scope: JSON.stringify(q.scope) }),
			sha: q.sha256,
			key: q.key,
			mapped: q.mapped
		}
	);
	return row ?? null;
}

/** The latest committed batch of these bytes the uploader may see, under any mapping. */
async function sameBytesCommitted(
	c: DuckDBConnection,
	sha256: string,
	scope: readonly string[] | null
): Promise<{ id: number; at: string } | null> {
	const visible = batchInScope(scope);
	const [row] = await all<{ id: number; at: string }>(
		c,
		`SELECT id, strftime(uploaded_at, '%Y-%m-%d %H:%M') AS at FROM uploads u
		 WHERE sha256 = $sha AND state = 'committed' AND ${visible.sql} ORDER BY id DESC LIMIT 1`,
		{ ...visible.params, sha: sha256 }
	);
	return row ?? null;
}

/**
 * The same load again changes nothing; the result repeats what the first upload counted. It names
 * the earlier batch only to an account that may see it: never another community's number or time.
 */
function noop(result: FileResult, earlier: EarlierUpload): FileResult {
	result.outcome = 'noop';
	result.rowsTotal = earlier.rowsTotal;
	result.rowsAccepted = earlier.rowsAccepted;
	result.rowsRejected = earlier.rowsRejected;
	if (earlier.visible) {
		result.uploadId = earlier.id;
		result.message = `这个文件与第 ${earlier.id} 批（${earlier.at} 导入）的内容完全相同，已跳过，数据没有任何变化。`;
	} else {
		result.uploadId = null;
		result.message =
			'这个文件此前已经导入过，其中本账号可以导入的行都已在台账中，已跳过，数据没有任何变化。';
	}
	return result;
}

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

/**
 * Copies the original to a partial file beside its archive name while DuckDB works on the batch
 * (the copy of a 200 MB file took a tenth of the whole ingest when it ran in line). Resolves to
 * the error, if any, so an abandoned copy never becomes an unhandled rejection.
 */
function startArchiveCopy(srcPath: string, partial: string): Promise<unknown> {
	return fs.promises.copyFile(srcPath, partial, fs.constants.COPYFILE_FICLONE).then(
		() => null,
		(err: unknown) => err ?? new Error('archive copy failed')
	);
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
	const load: LoadQuery = {
		sha256,
		key: loadKey(sha256, { ...opts, profile }, vocab),
		scope,
		mapped:
			opts.profile !== undefined && canonicalJson(opts.profile) !== canonicalJson(EMPTY_PROFILE)
	};
	const earlier = await findCommitted(c, load);
	if (earlier) return noop(result, earlier);
	const reread = await sameBytesCommitted(c, sha256, scope);
	if (reread) {
		result.notes.push(
			`这个文件的内容已在第 ${reread.id} 批（${reread.at} 导入）按另一种映射或选项读取过：这次按现在的映射重新读取，提交后会按它更新这些问题。`
		);
	}

	// The original is kept before anything is written, so a committed batch always has its file.
	const ext =
		path
			.extname(result.file)
			.toLowerCase()
			.replace(/[^.a-z0-9]/g, '') || '.bin';
	const archivePath = path.join(opts.uploadsDir, `${sha256}${ext}`);
	let archiving: Promise<unknown> | null = null;
	let partial = '';
	if (!opts.dryRun && !fs.existsSync(archivePath)) {
		await fs.promises.mkdir(opts.uploadsDir, { recursive: true });
		partial = `${archivePath}.part-${randomUUID()}`;
		temps.push(partial);
		archiving = startArchiveCopy(srcPath, partial);
		work.background.push(archiving);
	}

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
	if (opts.preview) result.preview = await readPreview(c, norm.table, `rej_${tag}`, opts.preview);
	if (result.rowsAccepted === 0) throw allRejected(result);
	if (opts.dryRun) {
		result.outcome = 'dry-run';
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
	if (opts.expect) checkExpectation(result, opts.expect);

	if (archiving) {
		const failed = await archiving;
		if (failed) throw failed;
		await fs.promises.rename(partial, archivePath);
	}

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
				archivePath,
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
	return result;
}

/**
 * A file none of whose rows can be imported is refused rather than committed as an empty batch (a
 * batch that would then make the corrected file a no-op); its rejects stay in the result.
 */
function allRejected(result: FileResult): IngestRefusal {
	const byReason = new Map<string, { rows: Set<number>; column: string | null }>();
	for (const r of result.rejects) {
		const entry = byReason.get(r.reason) ?? { rows: new Set<number>(), column: r.column };
		entry.rows.add(r.row);
		byReason.set(r.reason, entry);
	}
	const top = [...byReason]
		.sort(([, a], [, b]) => b.rows.size - a.rows.size)
		.slice(0, 3)
		.map(
			([reason, e]) =>
				`${e.column ? `“${e.column}”列：` : ''}${reason.replace(/[。.]$/, '')}（${e.rows.size} 行）`
		);
	return new IngestRefusal(
		'all_rejected',
		`这个文件的 ${result.rowsTotal} 行全部被拒收，没有导入任何数据。主要原因：${top.join('；')}。请按下方的拒收明细修改映射（列对应、值对应或日期格式）或修改文件后重新预览；修好之前，这个文件不会计入台账。`
	);
}

function checkExpectation(result: FileResult, expected: PreviewExpectation): void {
	const same =
		result.rowsAccepted === expected.rowsAccepted &&
		result.rowsRejected === expected.rowsRejected &&
		JSON.stringify(Object.entries(result.columnMapping).sort()) ===
			JSON.stringify(Object.entries(expected.columnMapping).sort());
	if (!same) {
		throw new IngestRefusal(
			'stale_preview',
			`提交时的结果与预览不一致（预览：接受 ${expected.rowsAccepted} 行、拒收 ${expected.rowsRejected} 行；现在：接受 ${result.rowsAccepted} 行、拒收 ${result.rowsRejected} 行），可能是词表或映射方案在预览之后被修改了。没有写入任何数据，请重新预览后再提交。`
		);
	}
}

const SAMPLE_COLUMNS = `row_no::INTEGER AS row, problem_id, community, strftime(reported_at, '%Y-%m-%d') AS reported_at,
	theme, theme_source, status, level, reporter_type, title, description, responsible_unit,
	strftime(deadline, '%Y-%m-%d') AS deadline, strftime(resolved_at, '%Y-%m-%d') AS resolved_at, is_bottleneck`;

/** What the uploads page shows before a commit, read from the batch's staging tables. */
async function readPreview(
	c: DuckDBConnection,
	normTable: string,
	rejTable: string,
	opts: { sampleRows: number }
): Promise<FilePreview> {
	const statusLabels = await all<LabelCount>(
		c,
		`SELECT raw_status AS label, any_value(status) AS code, count(*)::INTEGER AS count FROM ${normTable}
		 WHERE NOT blank AND raw_status IS NOT NULL GROUP BY raw_status ORDER BY count DESC, label LIMIT 500`
	);
	const themeLabels = await all<LabelCount & { source: string }>(
		c,
		`SELECT raw_theme AS label, CASE WHEN any_value(theme_source) = 'classified' THEN NULL ELSE any_value(theme) END AS code,
			any_value(theme_source) AS source, count(*)::INTEGER AS count FROM ${normTable}
		 WHERE NOT blank AND raw_theme IS NOT NULL GROUP BY raw_theme ORDER BY count DESC, label LIMIT 500`
	);
	const communities = await all<{ name: string; count: number }>(
		c,
		`SELECT community AS name, count(*)::INTEGER AS count FROM ${normTable}
		 WHERE NOT blank AND community IS NOT NULL GROUP BY community ORDER BY count DESC, name LIMIT 100`
	);
	const sample = await all<Record<string, string | number | boolean | null>>(
		c,
		`SELECT ${SAMPLE_COLUMNS} FROM ${normTable} n
		 WHERE NOT blank AND NOT EXISTS (SELECT 1 FROM ${rejTable} r WHERE r.row_no = n.row_no)
		 ORDER BY row_no LIMIT $1`,
		[opts.sampleRows]
	);
	return { statusLabels, themeLabels, communities, sample };
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
