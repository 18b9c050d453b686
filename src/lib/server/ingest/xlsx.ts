// The ingest pipeline calls this when an upload is an .xlsx: it streams one worksheet into a UTF-8
// CSV whose record N is Excel row N, so the same DuckDB parse step reads Excel and CSV uploads alike
// and row numbers in refusal messages match what the analyst sees in Excel.
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import readline from 'node:readline';
import { PassThrough, Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import ExcelJS from 'exceljs';
import { IngestRefusal } from './errors';

export interface XlsxConversion {
	sheet: string;
	rows: number;
	columns: number;
}

const BAD_INPUT_MESSAGE =
	'无法读取这个 Excel 文件（.xlsx）：文件可能已损坏，或是旧版 .xls 格式。请在 Excel/WPS 中另存为 .xlsx 或 CSV 后重新上传。';

// Styles must be cached or date cells come out as bare serial numbers; hyperlinks stay 'ignore'
// because 'cache' moves a linked cell's text out of `value`.
const READER_OPTIONS = {
	entries: 'emit',
	sharedStrings: 'cache',
	styles: 'cache',
	hyperlinks: 'ignore',
	worksheets: 'emit'
} as const;

const WRITE_BATCH_CHARS = 64 * 1024;
const EMPTY_ROWS_PER_BATCH = 4096;

// exceljs's typings omit what the streaming reader really exposes at run time; these are the
// undocumented parts we rely on, kept in one place so an exceljs upgrade has one spot to check.
interface ReaderInternals {
	model?: { sheets?: { name: string; state?: string; rId?: string }[] };
	workbookRels?: { Id: string; Target: string }[];
	properties?: { model?: { date1904?: boolean } };
}

interface SheetReader extends AsyncIterable<ExcelJS.Row> {
	/** The sheetId (number) when exceljs matched the sheet to workbook.xml, else the file number. */
	id: number | string;
	name: string;
	/** The raw XML byte stream; draining it skips a sheet without parsing it. */
	iterator?: AsyncIterable<unknown>;
}

function unreadable(cause: unknown): IngestRefusal {
	const refusal = new IngestRefusal('bad_input', BAD_INPUT_MESSAGE);
	refusal.cause = cause;
	return refusal;
}

// Errors thrown while exceljs reads become refusals; errors from our own loop body do not pass
// through here (a for-await body that throws calls return(), not throw(), on this generator).
async function* guarded<T>(source: AsyncIterable<T>): AsyncGenerator<T> {
	try {
		yield* source;
	} catch (error) {
		throw unreadable(error);
	}
}

// exceljs pipes its input into an unzipper Parse stream that it never exposes, and two behaviours of
// that stream break a streaming read (exceljs issues #3064, #2663); tapping pipe() lets us fix both:
// - a corrupt deflate stream errors there while exceljs awaits something else, so the read hangs
//   forever: we listen for that error and abandon the read;
// - Parse emits 'end' as soon as its input is fully written, while it may still buffer entries;
//   exceljs then stops early and silently drops them (styles.xml or workbook.xml when they follow
//   the sheets: dates come out as serial numbers, sheets are named "Sheet1"; or later sheets).
//   Only the real 'end', after push(null), is let through.
class TappedSource extends PassThrough {
	onPiped?: (destination: NodeJS.WritableStream) => void;

	override pipe<T extends NodeJS.WritableStream>(destination: T, options?: { end?: boolean }): T {
		this.onPiped?.(destination);
		return super.pipe(destination, options);
	}
}

function holdEarlyEnd(zip: NodeJS.WritableStream): void {
	if (!(zip instanceof Readable)) return;
	const emit = zip.emit.bind(zip);
	// readableEnded turns true just before Readable emits its own 'end'; Parse's early one comes first.
	zip.emit = ((event: string | symbol, ...args: unknown[]): boolean =>
		event === 'end' && !zip.readableEnded ? false : emit(event, ...args)) as typeof zip.emit;
}

// exceljs turns each inflated chunk of an XML part into text on its own, so a character split
// between two chunks becomes U+FFFD (exceljs issues #2063, #2316). An entry set to UTF-8 yields
// strings decoded across chunk boundaries, which exceljs passes on unchanged. Entries are only ever
// parsed as XML or drained, never read as bytes.
function decodeEntriesWhole(zip: NodeJS.WritableStream): void {
	if (!(zip instanceof Readable)) return;
	// exceljs asks for forceStream, so entries arrive only as pushed objects (no 'entry' event).
	const push = zip.push.bind(zip);
	zip.push = ((chunk: unknown, encoding?: BufferEncoding): boolean => {
		if (chunk instanceof Readable) chunk.setEncoding('utf8');
		return push(chunk, encoding);
	}) as typeof zip.push;
}

// --- cell values -------------------------------------------------------------------------------

function pad(n: number, width = 2): string {
	return String(n).padStart(width, '0');
}

function formatDate(date: Date): string {
	const ms = date.getTime();
	if (Number.isNaN(ms)) return '';
	// Serial numbers carry float noise (14:30 is 0.6041666…); round so it cannot read as 14:29:59.
	const d = new Date(Math.round(ms / 1000) * 1000);
	const day = `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
	const h = d.getUTCHours();
	const m = d.getUTCMinutes();
	const s = d.getUTCSeconds();
	return h === 0 && m === 0 && s === 0 ? day : `${day} ${pad(h)}:${pad(m)}:${pad(s)}`;
}

// JS switches to exponent notation outside 1e-7..1e21; a CSV column of ids or amounts must not.
function formatNumber(n: number): string {
	// exceljs reads a formula's cached error (#N/A) as NaN; the error text is lost, so leave it empty.
	if (!Number.isFinite(n)) return '';
	const text = String(n);
	const match = /^(-?)(\d+)(?:\.(\d+))?e([+-]\d+)$/.exec(text);
	if (!match) return text;
	const [, sign, whole, fraction = '', exponent] = match;
	const digits = whole + fraction;
	const point = whole.length + Number(exponent);
	if (point <= 0) return `${sign}0.${'0'.repeat(-point)}${digits}`;
	if (point >= digits.length) return sign + digits + '0'.repeat(point - digits.length);
	return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
}

// OOXML escapes characters XML cannot carry (CR above all, which Excel and Apache POI write as
// _x000D_) as _xHHHH_, and a literal "_x" as _x005F_x; Excel shows the decoded text.
function decodeXmlEscapes(text: string): string {
	return text.includes('_x')
		? text.replace(/_x([0-9A-Fa-f]{4})_/g, (_, hex: string) =>
				String.fromCharCode(parseInt(hex, 16))
			)
		: text;
}

// Same test exceljs applies to plain number cells: any date/time token outside quotes and [...].
function isDateFormat(numFmt: string | undefined): boolean {
	if (!numFmt) return false;
	return /[ymdhMsb]/.test(numFmt.replace(/\[[^\]]*]/g, '').replace(/"[^"]*"/g, ''));
}

function serialToDate(serial: number, date1904: boolean): Date {
	return new Date(Math.round((serial - 25569 + (date1904 ? 1462 : 0)) * 86_400_000));
}

type Scalar = string | number | boolean | Date | null | undefined;

function renderScalar(value: Scalar): string {
	if (value === null || value === undefined) return '';
	if (typeof value === 'string') return decodeXmlEscapes(value);
	if (typeof value === 'number') return formatNumber(value);
	if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
	return formatDate(value);
}

function renderCell(
	value: ExcelJS.CellValue,
	numFmt: string | undefined,
	date1904: boolean
): string {
	if (value === null || typeof value !== 'object' || value instanceof Date) {
		return renderScalar(value);
	}
	if ('richText' in value) {
		return value.richText.map((run) => decodeXmlEscapes(run.text ?? '')).join('');
	}
	if ('error' in value) return value.error;
	// Shared-formula followers arrive with formula '' and are typed as strings by exceljs, so test
	// for a result rather than trusting cell.type.
	if ('formula' in value || 'sharedFormula' in value || 'result' in value) {
		const { result } = value as ExcelJS.CellFormulaValue;
		if (typeof result === 'object' && result !== null && !(result instanceof Date)) {
			return result.error;
		}
		// The streaming reader converts plain numbers in date-formatted cells but not formula results.
		if (typeof result === 'number' && isDateFormat(numFmt)) {
			return formatDate(serialToDate(result, date1904));
		}
		return renderScalar(result);
	}
	const text: unknown = value.text;
	if (typeof text === 'string') return decodeXmlEscapes(text);
	// A hyperlink's text can itself be rich text.
	if (typeof text === 'object' && text !== null && 'richText' in text) {
		return renderCell(text as ExcelJS.CellRichTextValue, numFmt, date1904);
	}
	return '';
}

/** The row's rendered cells with trailing empties dropped; [] when the row shows nothing. */
function rowCells(row: ExcelJS.Row, date1904: boolean): string[] {
	const cells: string[] = [];
	row.eachCell((cell, col) => {
		const text = renderCell(cell.value, cell.numFmt, date1904);
		if (text === '') return;
		while (cells.length < col - 1) cells.push('');
		cells[col - 1] = text;
	});
	return cells;
}

// --- CSV ---------------------------------------------------------------------------------------

function csvField(text: string): string {
	return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

function csvRecord(cells: string[], width: number): string {
	// A one-column empty record would be a blank line, which CSV readers may skip; quote it instead.
	if (width === 1 && (cells[0] ?? '') === '') return '""';
	const line = cells.map(csvField).join(',');
	const missing = width - Math.max(cells.length, 1);
	return missing > 0 ? line + ','.repeat(missing) : line;
}

// --- sheets ------------------------------------------------------------------------------------

function internals(reader: ExcelJS.stream.xlsx.WorkbookReader): ReaderInternals {
	return reader as unknown as ReaderInternals;
}

// exceljs matches worksheet files to names only through rels Targets written exactly as
// "worksheets/sheetN.xml"; openpyxl (so pandas) writes "/xl/worksheets/sheetN.xml" and its sheets
// would all be called "SheetN". An unmatched sheet keeps its file number as a string id.
function sheetName(reader: ExcelJS.stream.xlsx.WorkbookReader, ws: SheetReader): string {
	if (typeof ws.id !== 'string') return ws.name;
	const { model, workbookRels } = internals(reader);
	const target = `worksheets/sheet${ws.id}.xml`;
	const rel = workbookRels?.find((r) => r.Target.replace(/^\/?(xl\/)?/, '') === target);
	const sheet = rel && model?.sheets?.find((s) => s.rId === rel.Id);
	return sheet?.name ?? ws.name;
}

/** The default sheet: the first visible one in tab order, since a hidden first sheet is usually a lookup list. */
function defaultSheetName(reader: ExcelJS.stream.xlsx.WorkbookReader): string | undefined {
	const sheets = internals(reader).model?.sheets ?? [];
	return (sheets.find((s) => (s.state ?? 'visible') === 'visible') ?? sheets[0])?.name;
}

async function drain(ws: SheetReader): Promise<void> {
	// Unread sheets must still be consumed: exceljs may have spooled them to temp files whose read
	// streams it only closes at end of data.
	for await (const chunk of ws.iterator ?? ws) void chunk;
}

interface ScanResult {
	sheet: string | undefined;
	/** Sheets as emitted (zip order); tabNames is the workbook's tab order when exceljs parsed it. */
	names: string[];
	tabNames: string[];
	rows: number;
	columns: number;
}

// Writes the chosen sheet as JSON lines (one array of cell texts per Excel row) so pass two can pad
// every record to the final width without holding the sheet in memory.
async function* scanToJsonLines(
	reader: ExcelJS.stream.xlsx.WorkbookReader,
	wanted: string | undefined,
	result: ScanResult
): AsyncGenerator<string> {
	const date1904 = (): boolean => internals(reader).properties?.model?.date1904 === true;
	for await (const emitted of guarded(reader)) {
		const ws = emitted as unknown as SheetReader;
		const name = sheetName(reader, ws);
		result.names.push(name);
		const target = wanted ?? defaultSheetName(reader) ?? name;
		if (result.sheet !== undefined || name !== target) {
			await guardedDrain(ws);
			continue;
		}
		result.sheet = name;
		let buffer = '';
		let nextRow = 1;
		let pendingEmpty = 0;
		for await (const row of guarded(ws)) {
			// Rows absent from the XML (never touched in Excel) still need a record to keep numbering.
			const number = Number.isInteger(row.number) && row.number >= nextRow ? row.number : nextRow;
			pendingEmpty += number - nextRow;
			nextRow = number + 1;
			const cells = rowCells(row, date1904());
			if (cells.length === 0) {
				// Trailing formatted-but-empty rows (some files style down to row 1048576) are dropped,
				// so an empty row is only written once a later row has content.
				pendingEmpty += 1;
				continue;
			}
			while (pendingEmpty > 0) {
				const n = Math.min(pendingEmpty, EMPTY_ROWS_PER_BATCH);
				buffer += '[]\n'.repeat(n);
				pendingEmpty -= n;
				result.rows += n;
				if (buffer.length >= WRITE_BATCH_CHARS) {
					yield buffer;
					buffer = '';
				}
			}
			buffer += JSON.stringify(cells) + '\n';
			result.rows += 1;
			result.columns = Math.max(result.columns, cells.length);
			if (buffer.length >= WRITE_BATCH_CHARS) {
				yield buffer;
				buffer = '';
			}
		}
		if (buffer) yield buffer;
	}
}

async function guardedDrain(ws: SheetReader): Promise<void> {
	try {
		await drain(ws);
	} catch (error) {
		throw unreadable(error);
	}
}

// --- zip order ---------------------------------------------------------------------------------

interface ZipSpan {
	name: string;
	start: number;
	end: number;
}

const EOCD_SIGNATURE = 0x06054b50;
const CENTRAL_SIGNATURE = 0x02014b50;
const LOCAL_SIGNATURE = 0x04034b50;
const READ_CHUNK_BYTES = 64 * 1024;
const WORKSHEET_PART = /^xl\/worksheets\/sheet\d+\.xml$/;

async function readAt(handle: fsp.FileHandle, position: number, length: number): Promise<Buffer> {
	const buffer = Buffer.alloc(length);
	const { bytesRead } = await handle.read(buffer, 0, length, position);
	return buffer.subarray(0, bytesRead);
}

/**
 * The byte span of every stored part, from the central directory, plus the directory itself; or
 * undefined for anything unusual (no directory, zip64, inconsistent offsets), which is then read
 * front to back as it is.
 */
async function zipLayout(
	handle: fsp.FileHandle
): Promise<{ parts: ZipSpan[]; directory: ZipSpan } | undefined> {
	const { size } = await handle.stat();
	const tailStart = Math.max(0, size - (22 + 0xffff));
	const tail = await readAt(handle, tailStart, size - tailStart);
	let eocd = -1;
	for (let i = tail.length - 22; i >= 0; i--) {
		if (tail.readUInt32LE(i) === EOCD_SIGNATURE) {
			eocd = i;
			break;
		}
	}
	if (eocd < 0) return undefined;
	const count = tail.readUInt16LE(eocd + 10);
	const directorySize = tail.readUInt32LE(eocd + 12);
	const directoryStart = tail.readUInt32LE(eocd + 16);
	if (count === 0xffff || directoryStart === 0xffffffff || directoryStart + directorySize > size) {
		return undefined;
	}
	const directory = await readAt(handle, directoryStart, directorySize);
	const parts: ZipSpan[] = [];
	for (let at = 0; parts.length < count;) {
		if (at + 46 > directory.length || directory.readUInt32LE(at) !== CENTRAL_SIGNATURE) {
			return undefined;
		}
		const nameLength = directory.readUInt16LE(at + 28);
		const skip = nameLength + directory.readUInt16LE(at + 30) + directory.readUInt16LE(at + 32);
		const start = directory.readUInt32LE(at + 42);
		const name = directory.toString('utf8', at + 46, at + 46 + nameLength);
		parts.push({ name, start, end: directoryStart });
		at += 46 + skip;
	}
	const byOffset = [...parts].sort((a, b) => a.start - b.start);
	for (let i = 0; i < byOffset.length; i++) {
		const part = byOffset[i];
		part.end = i + 1 < byOffset.length ? byOffset[i + 1].start : directoryStart;
		if (part.end <= part.start) return undefined;
		const signature = await readAt(handle, part.start, 4);
		if (signature.length < 4 || signature.readUInt32LE(0) !== LOCAL_SIGNATURE) return undefined;
	}
	return { parts, directory: { name: '', start: directoryStart, end: size } };
}

// exceljs parses a worksheet on the spot when shared strings and rels came before it, even if
// styles.xml or workbook.xml come after: dates then stay serial numbers, or the read crashes. Moving
// the worksheets after every other part (raw bytes, nothing inflated) guarantees what it needs.
async function* sheetsLast(
	handle: fsp.FileHandle,
	layout: { parts: ZipSpan[]; directory: ZipSpan }
): AsyncGenerator<Buffer> {
	const isSheet = (part: ZipSpan): boolean => WORKSHEET_PART.test(part.name);
	const order = [
		...layout.parts.filter((part) => !isSheet(part)),
		...layout.parts.filter(isSheet),
		layout.directory
	];
	for (const span of order) {
		for (let at = span.start; at < span.end; at += READ_CHUNK_BYTES) {
			const chunk = await readAt(handle, at, Math.min(READ_CHUNK_BYTES, span.end - at));
			if (chunk.length === 0) throw new Error('xlsx file shrank while being read');
			yield chunk;
		}
	}
}

async function scan(
	srcPath: string,
	partPath: string,
	wanted: string | undefined
): Promise<ScanResult> {
	// Opened here so a missing upload fails as a plain error instead of an unhandled stream error.
	const handle = await fsp.open(srcPath, 'r');
	const layout = await zipLayout(handle).catch(() => undefined);
	const file = layout
		? Readable.from(sheetsLast(handle, layout), { objectMode: false })
		: handle.createReadStream({ autoClose: false });
	const source = new TappedSource();
	const abort = new AbortController();
	let zip: NodeJS.WritableStream | undefined;
	const failed = new Promise<never>((_, reject) => {
		file.on('error', reject);
		source.onPiped = (destination) => {
			zip = destination;
			destination.on('error', (error: unknown) => reject(unreadable(error)));
			holdEarlyEnd(destination);
			decodeEntriesWhole(destination);
		};
	});
	file.pipe(source);
	const reader = new ExcelJS.stream.xlsx.WorkbookReader(source, READER_OPTIONS);
	const result: ScanResult = { sheet: undefined, names: [], tabNames: [], rows: 0, columns: 0 };
	const work = pipeline(
		Readable.from(scanToJsonLines(reader, wanted, result)),
		fs.createWriteStream(partPath),
		{ signal: abort.signal }
	);
	try {
		await Promise.race([work, failed]);
	} finally {
		// On failure the exceljs read may never settle; tear everything down instead of waiting.
		abort.abort();
		file.destroy();
		source.destroy();
		if (zip && 'destroy' in zip && typeof zip.destroy === 'function') zip.destroy();
		await handle.close();
	}
	result.tabNames = internals(reader).model?.sheets?.map((s) => s.name) ?? [];
	return result;
}

async function writeCsv(partPath: string, destPath: string, width: number): Promise<void> {
	async function* records(): AsyncGenerator<string> {
		const lines = readline.createInterface({
			input: fs.createReadStream(partPath, { encoding: 'utf8' }),
			crlfDelay: Infinity
		});
		let buffer = '';
		for await (const line of lines) {
			buffer += csvRecord(JSON.parse(line) as string[], width) + '\n';
			if (buffer.length >= WRITE_BATCH_CHARS) {
				yield buffer;
				buffer = '';
			}
		}
		if (buffer) yield buffer;
	}
	await pipeline(Readable.from(records()), fs.createWriteStream(destPath));
}

/**
 * Converts one worksheet of the .xlsx at srcPath to a UTF-8 CSV at destPath (record N = Excel row N,
 * every record `columns` wide). Throws IngestRefusal 'bad_input' for unreadable files and
 * 'sheet_not_found' when opts.sheet names no worksheet.
 */
export async function xlsxToCsv(
	srcPath: string,
	destPath: string,
	opts: { sheet?: string } = {}
): Promise<XlsxConversion> {
	// Width is only known after the last row, so pass one streams rows to a JSON-lines part file and
	// pass two pads them: the xlsx is inflated and parsed once and we hold one row at a time (exceljs
	// itself still caches the shared-strings table), at the cost of writing the CSV twice.
	const partPath = `${destPath}.part`;
	try {
		const result = await scan(srcPath, partPath, opts.sheet);
		if (result.sheet === undefined) {
			if (opts.sheet === undefined || result.names.length === 0) throw unreadable(result.names);
			const existing = result.tabNames.length > 0 ? result.tabNames : result.names;
			throw new IngestRefusal(
				'sheet_not_found',
				`工作簿中没有名为“${opts.sheet}”的工作表，现有工作表：${existing.join('、')}`
			);
		}
		try {
			await writeCsv(partPath, destPath, result.columns);
		} catch (error) {
			await fsp.rm(destPath, { force: true });
			throw error;
		}
		return { sheet: result.sheet, rows: result.rows, columns: result.columns };
	} finally {
		await fsp.rm(partPath, { force: true });
	}
}
