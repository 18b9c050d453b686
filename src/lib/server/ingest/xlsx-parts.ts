// The workbook-level parts the .xlsx converter needs before it streams a sheet: the sheet list and
// date system (workbook.xml), where each part lives (.rels), which styles are dates (styles.xml)
// and the shared-strings table, each read through the budgets of WorkbookZip and the limits here.
import path from 'node:path';
import { Parser } from 'htmlparser2';
import { IngestRefusal } from './errors';
import { unreadable, type WorkbookZip } from './xlsx-zip';

export const PART_LIMITS = {
	sheets: 1_000,
	sharedStrings: 1_000_000,
	sharedStringChars: 32 * 1024 ** 2,
	/** Characters the parser may take in without reporting a tag or text: a runaway tag or name. */
	charsWithoutEvent: 1024 ** 2
};

export interface XmlHandler {
	open(name: string, attrs: Record<string, string>): void;
	text?(text: string): void;
	close?(name: string): void;
}

function noDoctype(): IngestRefusal {
	return new IngestRefusal(
		'bad_input',
		'这个 Excel 文件含有 DTD 声明（<!DOCTYPE> 或 <!ENTITY>），Excel/WPS 导出的文件不会有它，出于安全原因不予读取。请在 Excel/WPS 中打开后另存为 .xlsx 或导出为 CSV 后重新上传。'
	);
}

/** "x:row" -> "row": some writers prefix the spreadsheetml namespace. */
export function localName(name: string): string {
	const colon = name.indexOf(':');
	return colon < 0 ? name : name.slice(colon + 1);
}

/**
 * Streams one part through htmlparser2 in XML mode. It never reads a DTD: entities other than the
 * five of XML and numeric ones stay literal text, and a declaration refuses the file, so neither
 * billion laughs nor an external entity can expand. `afterChunk` runs between chunks (to write
 * output with backpressure); the event loop runs between chunks as they inflate.
 */
export async function parsePart(
	zip: WorkbookZip,
	part: string,
	handler: XmlHandler,
	afterChunk?: () => Promise<void> | void
): Promise<void> {
	let failure: unknown;
	let sinceEvent = 0;
	const parser = new Parser(
		{
			onopentag(name, attrs) {
				sinceEvent = 0;
				if (failure === undefined) handler.open(localName(name), attrs);
			},
			ontext(text) {
				sinceEvent = 0;
				if (failure === undefined) handler.text?.(text);
			},
			onclosetag(name) {
				sinceEvent = 0;
				if (failure === undefined) handler.close?.(localName(name));
			},
			onprocessinginstruction(name) {
				if (name.startsWith('!')) failure ??= noDoctype();
			}
		},
		{ xmlMode: true, decodeEntities: true }
	);
	for await (const chunk of zip.text(part)) {
		try {
			parser.write(chunk);
		} catch (error) {
			failure ??= error;
		}
		sinceEvent += chunk.length;
		if (sinceEvent > PART_LIMITS.charsWithoutEvent) failure ??= unreadable();
		if (failure !== undefined) break;
		await afterChunk?.();
	}
	if (failure === undefined) parser.end();
	if (failure !== undefined) {
		throw failure instanceof IngestRefusal ? failure : unreadable(failure);
	}
}

// --- relationships ----------------------------------------------------------------------------

interface Relationship {
	type: string;
	target: string;
}

/** "xl/workbook.xml" -> "xl/_rels/workbook.xml.rels"; "" (the package) -> "_rels/.rels". */
function relsPath(part: string): string {
	return path.posix.join(path.posix.dirname(part), '_rels', `${path.posix.basename(part)}.rels`);
}

/** A Target resolved against its source part: openpyxl writes "/xl/...", Excel "worksheets/...". */
function resolveTarget(source: string, target: string): string {
	if (target.startsWith('/')) return path.posix.normalize(target.slice(1));
	return path.posix.normalize(path.posix.join(path.posix.dirname(source), target));
}

async function relationships(zip: WorkbookZip, source: string): Promise<Map<string, Relationship>> {
	const rels = new Map<string, Relationship>();
	const file = source === '' ? '_rels/.rels' : relsPath(source);
	if (!zip.has(file)) return rels;
	await parsePart(zip, file, {
		open(name, attrs) {
			if (name !== 'Relationship' || attrs.TargetMode === 'External') return;
			if (!attrs.Id || !attrs.Target) return;
			rels.set(attrs.Id, {
				type: attrs.Type ?? '',
				target:
					source === '' ? resolveTarget('x', attrs.Target) : resolveTarget(source, attrs.Target)
			});
		}
	});
	return rels;
}

function byType(rels: Map<string, Relationship>, type: string): string | undefined {
	for (const rel of rels.values()) if (rel.type.endsWith(`/${type}`)) return rel.target;
	return undefined;
}

// --- workbook ---------------------------------------------------------------------------------

export interface SheetEntry {
	name: string;
	visible: boolean;
	/** The worksheet part, or undefined when its relationship is missing. */
	part: string | undefined;
}

export interface Workbook {
	sheets: SheetEntry[];
	date1904: boolean;
	styles: string | undefined;
	sharedStrings: string | undefined;
}

function tooManySheets(count: number): IngestRefusal {
	return new IngestRefusal(
		'bad_input',
		`这个 Excel 文件有 ${count.toLocaleString('en')} 个以上的工作表，超过了 ${PART_LIMITS.sheets.toLocaleString('en')} 个的上限。请只保留问题清单所在的工作表，另存为新的 .xlsx 或导出为 CSV 后重新上传。`
	);
}

export async function readWorkbook(zip: WorkbookZip): Promise<Workbook> {
	const root = await relationships(zip, '');
	const main =
		byType(root, 'officeDocument') ?? (zip.has('xl/workbook.xml') ? 'xl/workbook.xml' : undefined);
	if (!main || !zip.has(main)) throw unreadable(new Error('no workbook part'));
	const sheets: { name: string; visible: boolean; rid: string }[] = [];
	let date1904 = false;
	await parsePart(zip, main, {
		open(name, attrs) {
			if (name === 'workbookPr') {
				date1904 = attrs.date1904 === '1' || attrs.date1904 === 'true';
			} else if (name === 'sheet') {
				if (sheets.length >= PART_LIMITS.sheets) throw tooManySheets(sheets.length);
				const rid = Object.entries(attrs).find(([key]) => key.endsWith(':id'))?.[1] ?? '';
				const state = attrs.state ?? 'visible';
				sheets.push({ name: attrs.name ?? '', visible: state === 'visible', rid });
			}
		}
	});
	const rels = await relationships(zip, main);
	const sheetPart = (rid: string): string | undefined => {
		const target = rels.get(rid)?.target;
		return target && zip.has(target) ? target : undefined;
	};
	const beside = (file: string): string => path.posix.join(path.posix.dirname(main), file);
	const existing = (target: string | undefined): string | undefined =>
		target && zip.has(target) ? target : undefined;
	return {
		sheets: sheets.map((s) => ({ name: s.name, visible: s.visible, part: sheetPart(s.rid) })),
		date1904,
		// Some writers leave these parts out of the rels; Excel still finds them by their usual names.
		styles: existing(byType(rels, 'styles') ?? beside('styles.xml')),
		sharedStrings: existing(byType(rels, 'sharedStrings') ?? beside('sharedStrings.xml'))
	};
}

// --- styles -----------------------------------------------------------------------------------

// Built-in number formats that show a date or time (ECMA-376 §18.8.30, plus the CJK ids 27–36 and
// 50–58 that Chinese Excel and WPS write for 年/月/日 formats).
const BUILT_IN_DATE_FORMATS = new Set([
	14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47, 50, 51,
	52, 53, 54, 55, 56, 57, 58
]);

/** Any date/time token outside quotes and [...], the test exceljs applies to number formats. */
export function isDateFormat(numFmt: string | undefined): boolean {
	if (!numFmt) return false;
	return /[ymdhMsb]/.test(numFmt.replace(/\[[^\]]*]/g, '').replace(/"[^"]*"/g, ''));
}

/** For each cellXfs index (a cell's s attribute): whether its number format shows a date. */
export async function readDateStyles(
	zip: WorkbookZip,
	part: string | undefined
): Promise<boolean[]> {
	if (!part) return [];
	const custom = new Map<number, string>();
	const formatIds: number[] = [];
	let inCellXfs = false;
	await parsePart(zip, part, {
		open(name, attrs) {
			if (name === 'numFmt') custom.set(Number(attrs.numFmtId), attrs.formatCode ?? '');
			else if (name === 'cellXfs') inCellXfs = true;
			else if (name === 'xf' && inCellXfs) formatIds.push(Number(attrs.numFmtId ?? 0));
		},
		close(name) {
			if (name === 'cellXfs') inCellXfs = false;
		}
	});
	return formatIds.map((id) =>
		custom.has(id) ? isDateFormat(custom.get(id)) : BUILT_IN_DATE_FORMATS.has(id)
	);
}

// --- shared strings ---------------------------------------------------------------------------

// OOXML escapes characters XML cannot carry (CR above all, which Excel and Apache POI write as
// _x000D_) as _xHHHH_, and a literal "_x" as _x005F_x; Excel shows the decoded text.
export function decodeXmlEscapes(text: string): string {
	return text.includes('_x')
		? text.replace(/_x([0-9A-Fa-f]{4})_/g, (_, hex: string) =>
				String.fromCharCode(parseInt(hex, 16))
			)
		: text;
}

function tooManyStrings(): IngestRefusal {
	return new IngestRefusal(
		'bad_input',
		`这个 Excel 文件的共享文本表超过了 ${PART_LIMITS.sharedStrings.toLocaleString('en')} 条或 ${(PART_LIMITS.sharedStringChars / 1024 ** 2).toFixed(0)}M 个字符的上限，不像是正常导出的问题清单。请删除多余的工作表和内容后另存，或导出为 CSV 后重新上传。`
	);
}

/**
 * Collects the text of <t> elements inside an <si> or <is>, skipping phonetic runs (<rPh>), which
 * Excel does not show. Rich-text runs (<r><t>) are joined.
 */
export class StringItem {
	private depthInPhonetic = 0;
	private inText = false;
	private parts: string[] = [];
	length = 0;

	open(name: string): void {
		if (name === 'rPh') this.depthInPhonetic++;
		else if (name === 't' && this.depthInPhonetic === 0) this.inText = true;
	}

	text(text: string): void {
		if (!this.inText) return;
		this.parts.push(text);
		this.length += text.length;
	}

	close(name: string): void {
		if (name === 'rPh') this.depthInPhonetic--;
		else if (name === 't') this.inText = false;
	}

	take(): string {
		const text = decodeXmlEscapes(this.parts.length === 1 ? this.parts[0] : this.parts.join(''));
		this.parts = [];
		this.length = 0;
		this.depthInPhonetic = 0;
		this.inText = false;
		return text;
	}
}

export async function readSharedStrings(
	zip: WorkbookZip,
	part: string | undefined
): Promise<string[]> {
	if (!part) return [];
	const strings: string[] = [];
	let chars = 0;
	let inItem = false;
	const item = new StringItem();
	await parsePart(zip, part, {
		open(name) {
			if (name === 'si') {
				if (strings.length >= PART_LIMITS.sharedStrings) throw tooManyStrings();
				inItem = true;
			} else if (inItem) item.open(name);
		},
		text(text) {
			if (!inItem) return;
			item.text(text);
			if (chars + item.length > PART_LIMITS.sharedStringChars) throw tooManyStrings();
		},
		close(name) {
			if (name === 'si' && inItem) {
				const text = item.take();
				chars += text.length;
				strings.push(text);
				inItem = false;
			} else if (inItem) item.close(name);
		}
	});
	return strings;
}
