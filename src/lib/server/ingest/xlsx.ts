// The ingest pipeline calls this when an upload is an .xlsx: it streams one worksheet into a UTF-8
// CSV whose record N is Excel row N, so the same DuckDB parse step reads Excel and CSV uploads alike
// and row numbers in refusal messages match what the analyst sees in Excel. Only the chosen sheet's
// part is inflated, through the budgets of xlsx-zip.ts and xlsx-parts.ts and the cell limits here;
// conversions run in a small queue so hostile workbooks cannot crowd out page requests.
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import readline from 'node:readline';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { IngestRefusal } from './errors';
import {
	decodeXmlEscapes,
	parsePart,
	readDateStyles,
	readSharedStrings,
	readWorkbook,
	StringItem,
	type SheetEntry
} from './xlsx-parts';
import { unreadable, WorkbookZip } from './xlsx-zip';
import { WorkQueue } from './xlsx-queue';

export interface XlsxConversion {
	sheet: string;
	/** Excel rows up to the last one holding a value. */
	rows: number;
	columns: number;
}

export const SHEET_LIMITS = {
	/** Real exports have well under 100 columns; column ALL is the thousandth. */
	columns: 1_000,
	/** Excel's own row limit. */
	rows: 1_048_576,
	/** Rows × widest row of the CSV handed to DuckDB (every record is padded to the width). */
	cells: 20_000_000,
	/** Excel's limit on the characters of one cell. */
	cellChars: 32_767
};

/** At most two conversions inflate and parse at once; the rest wait their turn. */
const QUEUE = new WorkQueue(2, 32);

const WRITE_BATCH_CHARS = 64 * 1024;
const EMPTY_ROWS_PER_BATCH = 4096;

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
	// A <v> that is not a number (damaged or hand-written XML) shows nothing rather than NaN.
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

function serialToDate(serial: number, date1904: boolean): Date {
	return new Date(Math.round((serial - 25569 + (date1904 ? 1462 : 0)) * 86_400_000));
}

interface CellState {
	column: number;
	type: string;
	dateStyle: boolean;
	value: string;
	inValue: boolean;
	inline: StringItem | undefined;
}

function renderCell(cell: CellState, shared: string[], date1904: boolean): string {
	const v = cell.value;
	switch (cell.type) {
		case 's':
			return shared[Number(v)] ?? '';
		case 'inlineStr':
			return cell.inline?.take() ?? '';
		case 'str':
			return decodeXmlEscapes(v);
		case 'b':
			return v === '' ? '' : v === '1' || v === 'true' ? 'TRUE' : 'FALSE';
		case 'e':
			return v;
		case 'd':
			return v === '' ? '' : formatDate(new Date(/[zZ]|[+-]\d\d:\d\d$/.test(v) ? v : `${v}Z`));
		default: {
			if (v === '') return '';
			const n = Number(v);
			return cell.dateStyle ? formatDate(serialToDate(n, date1904)) : formatNumber(n);
		}
	}
}

/** "XFD12" -> 16384; 0 when the reference has no column letters. */
function columnOf(ref: string): number {
	let column = 0;
	for (let i = 0; i < ref.length; i++) {
		const code = ref.charCodeAt(i);
		if (code >= 65 && code <= 90) column = column * 26 + code - 64;
		else if (code >= 97 && code <= 122) column = column * 26 + code - 96;
		else break;
		if (column > 16_384) return Number.POSITIVE_INFINITY;
	}
	return column;
}

function columnName(column: number): string {
	let name = '';
	for (let n = column; n > 0; n = Math.floor((n - 1) / 26)) {
		name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
	}
	return name;
}

// --- limits ------------------------------------------------------------------------------------

function tooWide(sheet: string, row: number, column: number): IngestRefusal {
	const where = Number.isFinite(column) ? `第 ${columnName(column)} 列` : '超出 Excel 范围的列';
	return new IngestRefusal(
		'bad_input',
		`工作表“${sheet}”第 ${row} 行的${where}有单元格，超过了 ${SHEET_LIMITS.columns.toLocaleString('en')} 列的上限（问题清单通常不到 100 列）。请删除右侧多余的列（选中后“删除”，不只是清除内容）后另存，再重新上传。`
	);
}

function tooManyRows(sheet: string): IngestRefusal {
	return new IngestRefusal(
		'bad_input',
		`工作表“${sheet}”的行号超出了 Excel 的 ${SHEET_LIMITS.rows.toLocaleString('en')} 行上限，文件可能已损坏。请在 Excel/WPS 中打开后另存为 .xlsx 或导出为 CSV 后重新上传。`
	);
}

function tooManyCells(sheet: string, rows: number, columns: number): IngestRefusal {
	return new IngestRefusal(
		'bad_input',
		`工作表“${sheet}”有 ${rows.toLocaleString('en')} 行 × ${columns.toLocaleString('en')} 列，超过了 ${(SHEET_LIMITS.cells / 10_000).toLocaleString('en')} 万个单元格的上限。请删除多余的空白行和列，或把清单拆成几个文件后分别上传。`
	);
}

function cellTooLong(sheet: string, row: number): IngestRefusal {
	return new IngestRefusal(
		'bad_input',
		`工作表“${sheet}”第 ${row} 行有一个单元格超过了 Excel 的 ${SHEET_LIMITS.cellChars.toLocaleString('en')} 个字符上限，文件可能已损坏或并非 Excel 导出。请检查这一行后另存，再重新上传。`
	);
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

// --- the sheet ---------------------------------------------------------------------------------

interface ScanResult {
	rows: number;
	columns: number;
	/** Rows the sheet lists after the last filled one (styled, no value). */
	blankRowsAfter: number;
}

/**
 * Streams the sheet's rows as JSON lines (one array of cell texts per Excel row) so pass two can
 * pad every record to the final width without holding the sheet in memory.
 */
async function scanSheet(
	zip: WorkbookZip,
	sheet: SheetEntry & { part: string },
	context: { shared: string[]; dateStyles: boolean[]; date1904: boolean },
	partPath: string
): Promise<ScanResult> {
	const { shared, dateStyles, date1904 } = context;
	const result: ScanResult = { rows: 0, columns: 0, blankRowsAfter: 0 };
	const out = fs.createWriteStream(partPath);
	const closed = new Promise<void>((resolve, reject) => {
		out.on('close', resolve);
		out.on('error', reject);
	});
	// Awaited in finally; until then a write error (disk full) must not be an unhandled rejection.
	closed.catch(() => undefined);
	let buffer = '';
	let nextRow = 1;
	let pendingEmpty = 0;
	let rowNumber = 0;
	let cells: string[] = [];
	let nextColumn = 1;
	let cell: CellState | undefined;

	const endRow = (): void => {
		if (cells.length === 0) {
			// Trailing formatted-but-empty rows (some files style down to row 1048576) are not padded
			// records: an empty row is only written so once a later row has content, and those left
			// at the end become bare blank lines, counted as blank rows like a CSV's.
			pendingEmpty += 1;
			return;
		}
		const rows = result.rows + pendingEmpty + 1;
		const columns = Math.max(result.columns, cells.length);
		if (rows * columns > SHEET_LIMITS.cells) throw tooManyCells(sheet.name, rows, columns);
		while (pendingEmpty > 0) {
			const n = Math.min(pendingEmpty, EMPTY_ROWS_PER_BATCH);
			buffer += '[]\n'.repeat(n);
			pendingEmpty -= n;
		}
		buffer += JSON.stringify(cells) + '\n';
		result.rows = rows;
		result.columns = columns;
	};

	const handler = {
		open(name: string, attrs: Record<string, string>): void {
			if (cell) {
				if (name === 'v') cell.inValue = true;
				else if (name === 'is') cell.inline = new StringItem();
				else cell.inline?.open(name);
				return;
			}
			if (name === 'row') {
				// Rows absent from the XML (never touched in Excel) still need a record to keep numbering.
				const r = Number(attrs.r);
				rowNumber = Number.isInteger(r) && r >= nextRow ? r : nextRow;
				if (rowNumber > SHEET_LIMITS.rows) throw tooManyRows(sheet.name);
				pendingEmpty += rowNumber - nextRow;
				nextRow = rowNumber + 1;
				cells = [];
				nextColumn = 1;
			} else if (name === 'c') {
				const column = attrs.r ? columnOf(attrs.r) || nextColumn : nextColumn;
				if (column > SHEET_LIMITS.columns) throw tooWide(sheet.name, rowNumber, column);
				nextColumn = column + 1;
				const style = attrs.s ? Number(attrs.s) : 0;
				cell = {
					column,
					type: attrs.t ?? 'n',
					dateStyle: dateStyles[style] === true,
					value: '',
					inValue: false,
					inline: undefined
				};
			}
		},
		text(text: string): void {
			if (!cell) return;
			if (cell.inValue) cell.value += text;
			else cell.inline?.text(text);
			if (cell.value.length + (cell.inline?.length ?? 0) > SHEET_LIMITS.cellChars) {
				throw cellTooLong(sheet.name, rowNumber);
			}
		},
		close(name: string): void {
			if (cell) {
				if (name === 'v') cell.inValue = false;
				else if (name === 'c') {
					const text = renderCell(cell, shared, date1904);
					if (text !== '') {
						while (cells.length < cell.column - 1) cells.push('');
						cells[cell.column - 1] = text;
					}
					cell = undefined;
				} else cell.inline?.close(name);
			} else if (name === 'row') endRow();
		}
	};

	const flush = async (): Promise<void> => {
		if (buffer.length < WRITE_BATCH_CHARS) return;
		const chunk = buffer;
		buffer = '';
		if (!out.write(chunk)) {
			await Promise.race([
				new Promise<void>((resolve) => out.once('drain', () => resolve())),
				closed
			]);
		}
	};
	try {
		await parsePart(zip, sheet.part, handler, flush);
		if (buffer) out.write(buffer);
		result.blankRowsAfter = pendingEmpty;
	} finally {
		out.end();
		await closed;
	}
	return result;
}

function chooseSheet(sheets: SheetEntry[], wanted: string | undefined): SheetEntry {
	if (sheets.length === 0) throw unreadable(new Error('no sheets'));
	if (wanted === undefined) {
		// The first visible sheet in tab order, since a hidden first sheet is usually a lookup list.
		return sheets.find((s) => s.visible) ?? sheets[0];
	}
	const sheet = sheets.find((s) => s.name === wanted);
	if (!sheet) {
		throw new IngestRefusal(
			'sheet_not_found',
			`工作簿中没有名为“${wanted}”的工作表，现有工作表：${sheets.map((s) => s.name).join('、')}`
		);
	}
	return sheet;
}

async function scan(srcPath: string, partPath: string, wanted: string | undefined) {
	const zip = await WorkbookZip.open(srcPath);
	try {
		const workbook = await readWorkbook(zip);
		const sheet = chooseSheet(workbook.sheets, wanted);
		const part = sheet.part;
		if (!part) throw unreadable(new Error(`sheet ${sheet.name} has no part`));
		const dateStyles = await readDateStyles(zip, workbook.styles);
		const shared = await readSharedStrings(zip, workbook.sharedStrings);
		const context = { shared, dateStyles, date1904: workbook.date1904 };
		const result = await scanSheet(zip, { ...sheet, part }, context, partPath);
		return { sheet: sheet.name, ...result };
	} finally {
		zip.close();
	}
}

async function writeCsv(
	partPath: string,
	destPath: string,
	width: number,
	blankRowsAfter: number
): Promise<void> {
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
		for (let left = blankRowsAfter; left > 0; left -= WRITE_BATCH_CHARS)
			yield '\n'.repeat(Math.min(left, WRITE_BATCH_CHARS));
	}
	await pipeline(Readable.from(records()), fs.createWriteStream(destPath));
}

/**
 * Converts one worksheet of the .xlsx at srcPath to a UTF-8 CSV at destPath (record N = Excel row N,
 * every record `columns` wide, then a bare blank line for each styled empty row after the last
 * filled one); the only temp file is destPath.part beside it. Throws IngestRefusal
 * 'bad_input' for unreadable or over-budget files and 'sheet_not_found' when opts.sheet names no
 * worksheet.
 */
export function xlsxToCsv(
	srcPath: string,
	destPath: string,
	opts: { sheet?: string } = {}
): Promise<XlsxConversion> {
	return QUEUE.run(() => convert(srcPath, destPath, opts));
}

async function convert(
	srcPath: string,
	destPath: string,
	opts: { sheet?: string }
): Promise<XlsxConversion> {
	// Width is only known after the last row, so pass one streams rows to a JSON-lines part file and
	// pass two pads them: the sheet is inflated and parsed once and we hold one row at a time (plus
	// the shared-strings table, within its budget), at the cost of writing the CSV twice.
	const partPath = `${destPath}.part`;
	try {
		const { blankRowsAfter, ...result } = await scan(srcPath, partPath, opts.sheet);
		try {
			await writeCsv(partPath, destPath, result.columns, blankRowsAfter);
		} catch (error) {
			await fsp.rm(destPath, { force: true });
			throw error;
		}
		return result;
	} finally {
		await fsp.rm(partPath, { force: true });
	}
}
