// Generates hostile .xlsx files in memory (no binary fixtures in the repository): zip bombs of rows,
// of one row and of shared strings, a padded sheet with a cell at XFD, billion laughs, XXE, 10,000
// sheets, ../ entry names, truncated and corrupt zips. Used by hostile-files.test.ts against the
// built server and by the ingest's unit tests (src/lib/server/ingest/xlsx-budgets.test.ts).
import { once } from 'node:events';
import zlib from 'node:zlib';

export interface Part {
	name: string;
	/** The part's text, or chunks of it (for parts too big to hold as one string). */
	content: string | (() => Iterable<string>);
	/** A size to write into the zip headers instead of the real one (a lying zip). */
	declaredSize?: number;
	/** Store without compression. */
	stored?: boolean;
}

const MAIN_NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL_NS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const PKG_REL_NS = 'http://schemas.openxmlformats.org/package/2006/relationships';
const XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>';

async function compress(part: Part): Promise<{ data: Buffer; crc: number; size: number }> {
	if (typeof part.content === 'string') {
		const bytes = Buffer.from(part.content, 'utf8');
		const data = part.stored ? bytes : zlib.deflateRawSync(bytes, { level: 9 });
		return { data, crc: zlib.crc32(bytes), size: bytes.length };
	}
	const chunks = part.content();
	const out: Buffer[] = [];
	const deflate = part.stored ? undefined : zlib.createDeflateRaw({ level: 9, memLevel: 9 });
	deflate?.on('data', (b: Buffer) => out.push(b));
	const done = deflate && once(deflate, 'end');
	let crc = 0;
	let size = 0;
	for (const text of chunks) {
		const bytes = Buffer.from(text, 'utf8');
		crc = zlib.crc32(bytes, crc);
		size += bytes.length;
		if (!deflate) out.push(bytes);
		else if (!deflate.write(bytes)) await once(deflate, 'drain');
	}
	deflate?.end();
	await done;
	return { data: Buffer.concat(out), crc, size };
}

/** A zip of the parts, deflated unless `stored`, with central directory. */
export async function zipOf(parts: Part[]): Promise<Buffer> {
	const locals: Buffer[] = [];
	const centrals: Buffer[] = [];
	let offset = 0;
	for (const part of parts) {
		const name = Buffer.from(part.name, 'utf8');
		const { data, crc, size } = await compress(part);
		const declared = part.declaredSize ?? size;
		const method = part.stored ? 0 : 8;
		const local = Buffer.alloc(30);
		local.writeUInt32LE(0x04034b50, 0);
		local.writeUInt16LE(20, 4);
		local.writeUInt16LE(0x800, 6); // UTF-8 names
		local.writeUInt16LE(method, 8);
		local.writeUInt16LE(0x21, 12); // 1980-01-01
		local.writeUInt32LE(crc, 14);
		local.writeUInt32LE(data.length, 18);
		local.writeUInt32LE(declared, 22);
		local.writeUInt16LE(name.length, 26);
		const central = Buffer.alloc(46);
		central.writeUInt32LE(0x02014b50, 0);
		central.writeUInt16LE(20, 4);
		central.writeUInt16LE(20, 6);
		central.writeUInt16LE(0x800, 8);
		central.writeUInt16LE(method, 10);
		central.writeUInt16LE(0x21, 14);
		central.writeUInt32LE(crc, 16);
		central.writeUInt32LE(data.length, 20);
		central.writeUInt32LE(declared, 24);
		central.writeUInt16LE(name.length, 28);
		central.writeUInt32LE(offset, 42);
		locals.push(local, name, data);
		centrals.push(central, name);
		offset += local.length + name.length + data.length;
	}
	const directory = Buffer.concat(centrals);
	const end = Buffer.alloc(22);
	end.writeUInt32LE(0x06054b50, 0);
	end.writeUInt16LE(Math.min(parts.length, 0xffff), 8);
	end.writeUInt16LE(Math.min(parts.length, 0xffff), 10);
	end.writeUInt32LE(directory.length, 12);
	end.writeUInt32LE(offset, 16);
	return Buffer.concat([...locals, directory, end]);
}

export function sheetXml(rows: string, prolog = ''): string {
	return `${XML_HEAD}${prolog}<worksheet xmlns="${MAIN_NS}"><sheetData>${rows}</sheetData></worksheet>`;
}

/** The parts of a workbook around the given sheets (named 表1, 表2, …) and shared strings. */
export function workbookParts(
	sheets: Part['content'][],
	sharedStrings?: Part['content'],
	extra: Partial<Record<'sheet' | 'sharedStrings', Omit<Part, 'name' | 'content'>>> = {}
): Part[] {
	const names = sheets.map((_, i) => `表${i + 1}`);
	const parts: Part[] = [
		{
			name: '[Content_Types].xml',
			content: `${XML_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>`
		},
		{
			name: '_rels/.rels',
			content: `${XML_HEAD}<Relationships xmlns="${PKG_REL_NS}"><Relationship Id="rId1" Type="${REL_NS}/officeDocument" Target="xl/workbook.xml"/></Relationships>`
		},
		{
			name: 'xl/workbook.xml',
			content: () =>
				(function* () {
					yield `${XML_HEAD}<workbook xmlns="${MAIN_NS}" xmlns:r="${REL_NS}"><sheets>`;
					for (let i = 0; i < names.length; i++)
						yield `<sheet name="${names[i]}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`;
					yield '</sheets></workbook>';
				})()
		},
		{
			name: 'xl/_rels/workbook.xml.rels',
			content: () =>
				(function* () {
					yield `${XML_HEAD}<Relationships xmlns="${PKG_REL_NS}">`;
					for (let i = 0; i < names.length; i++)
						yield `<Relationship Id="rId${i + 1}" Type="${REL_NS}/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`;
					if (sharedStrings !== undefined)
						yield `<Relationship Id="rIdS" Type="${REL_NS}/sharedStrings" Target="sharedStrings.xml"/>`;
					yield '</Relationships>';
				})()
		}
	];
	if (sharedStrings !== undefined) {
		parts.push({ name: 'xl/sharedStrings.xml', content: sharedStrings, ...extra.sharedStrings });
	}
	sheets.forEach((content, i) =>
		parts.push({ name: `xl/worksheets/sheet${i + 1}.xml`, content, ...extra.sheet })
	);
	return parts;
}

const HEADER_ROW =
	'<row r="1"><c r="A1" t="inlineStr"><is><t>编号</t></is></c><c r="B1" t="inlineStr"><is><t>问题描述</t></is></c></row>';

/** `count` copies of `unit`, yielded in slices of about 1 MB. */
function* repeated(head: string, unit: string, count: number, tail: string): Generator<string> {
	yield head;
	const perSlice = Math.max(1, Math.floor((1024 * 1024) / unit.length));
	const slice = unit.repeat(perSlice);
	let left = count;
	for (; left >= perSlice; left -= perSlice) yield slice;
	if (left > 0) yield unit.repeat(left);
	yield tail;
}

const SHEET_HEAD = `${XML_HEAD}<worksheet xmlns="${MAIN_NS}"><sheetData>${HEADER_ROW}`;
const SHEET_TAIL = '</sheetData></worksheet>';

/** Rows without numbers, each the same: the sheet inflates to about `inflatedMb` MB. */
export async function rowBomb(
	inflatedMb: number,
	opts: { declaredSize?: number } = {}
): Promise<Buffer> {
	const row = '<row><c t="inlineStr"><is><t>P001</t></is></c><c><v>1</v></c></row>';
	const count = Math.ceil((inflatedMb * 1024 * 1024) / row.length);
	return await zipOf(
		workbookParts([() => repeated(SHEET_HEAD, row, count, SHEET_TAIL)], undefined, {
			sheet: { declaredSize: opts.declaredSize }
		})
	);
}

/** One giant row of cells without references, about `inflatedMb` MB. */
export async function wideRowBomb(inflatedMb: number): Promise<Buffer> {
	const cell = '<c><v>1</v></c>';
	const count = Math.ceil((inflatedMb * 1024 * 1024) / cell.length);
	return await zipOf(
		workbookParts([() => repeated(`${SHEET_HEAD}<row r="2">`, cell, count, `</row>${SHEET_TAIL}`)])
	);
}

/** `padRows` styled rows and then one cell at `ref` (XFD by default: Excel's last column). */
export async function paddedSheet(padRows: number, ref = 'XFD'): Promise<Buffer> {
	let rows = HEADER_ROW;
	for (let r = 2; r <= padRows; r++) rows += `<row r="${r}"><c r="A${r}" s="0"/></row>`;
	rows += `<row r="${padRows + 1}"><c r="${ref}${padRows + 1}" t="inlineStr"><is><t>x</t></is></c></row>`;
	return await zipOf(workbookParts([sheetXml(rows)]));
}

/**
 * A sharedStrings part of `count` strings and a sheet that uses the first: copies of one text
 * (a bomb by ratio), or with `distinct` each numbered (compresses like real text, over the count).
 */
export async function sharedStringsBomb(
	count: number,
	text = '社区问题描述',
	opts: { distinct?: boolean } = {}
): Promise<Buffer> {
	const head = `${XML_HEAD}<sst xmlns="${MAIN_NS}">`;
	const sst = opts.distinct
		? () =>
				(function* () {
					yield head;
					for (let i = 0; i < count; i += 10_000) {
						let slice = '';
						for (let j = i; j < Math.min(count, i + 10_000); j++)
							slice += `<si><t>${text}${(j * 7919) % 1_000_003}</t></si>`;
						yield slice;
					}
					yield '</sst>';
				})()
		: () => repeated(head, `<si><t>${text}</t></si>`, count, '</sst>');
	return await zipOf(
		workbookParts([sheetXml('<row r="1"><c r="A1" t="s"><v>0</v></c></row>')], sst)
	);
}

/** Billion laughs: ten levels of entities, each ten of the one below, in the shared strings. */
export async function billionLaughs(): Promise<Buffer> {
	let dtd = '<!DOCTYPE sst [<!ENTITY lol0 "lol">';
	for (let i = 1; i <= 9; i++) dtd += `<!ENTITY lol${i} "${`&lol${i - 1};`.repeat(10)}">`;
	dtd += ']>';
	const sst = `${XML_HEAD}${dtd}<sst xmlns="${MAIN_NS}"><si><t>&lol9;</t></si></sst>`;
	return await zipOf(
		workbookParts([sheetXml('<row r="1"><c r="A1" t="s"><v>0</v></c></row>')], sst)
	);
}

/** An external entity to a local file, placed in the shared strings and in an inline string. */
export async function xxe(file = '/etc/passwd'): Promise<Buffer> {
	const dtd = `<!DOCTYPE x [<!ENTITY xxe SYSTEM "file://${file}">]>`;
	const sst = `${XML_HEAD}${dtd}<sst xmlns="${MAIN_NS}"><si><t>&xxe;</t></si></sst>`;
	const sheet = sheetXml(
		`${HEADER_ROW}<row r="2"><c r="A2" t="s"><v>0</v></c><c r="B2" t="inlineStr"><is><t>&xxe;</t></is></c></row>`,
		dtd
	);
	return await zipOf(workbookParts([sheet], sst));
}

/** An external entity without a DOCTYPE to declare it: must come out as inert text, if at all. */
export async function undeclaredEntity(): Promise<Buffer> {
	return await zipOf(
		workbookParts([
			sheetXml(
				`${HEADER_ROW}<row r="2"><c r="A2" t="inlineStr"><is><t>P001</t></is></c><c r="B2" t="inlineStr"><is><t>&xxe;</t></is></c></row>`
			)
		])
	);
}

/** A workbook of `count` tiny sheets. */
export async function manySheets(count: number): Promise<Buffer> {
	const sheet = sheetXml('<row r="1"><c r="A1"><v>1</v></c></row>');
	return await zipOf(workbookParts(Array.from({ length: count }, () => sheet)));
}

/** A valid workbook plus an entry whose name climbs out of the extraction folder. */
export async function dotDotEntry(name = '../../evil.xml'): Promise<Buffer> {
	return await zipOf([
		...workbookParts([sheetXml(`${HEADER_ROW}<row r="2"><c r="A2"><v>1</v></c></row>`)]),
		{ name, content: 'pwned' }
	]);
}

/** A small valid workbook of `rows` data rows (the base for the truncated and corrupt ones). */
export async function plainWorkbook(rows = 2000): Promise<Buffer> {
	let xml = HEADER_ROW;
	for (let r = 2; r <= rows + 1; r++) {
		xml += `<row r="${r}"><c r="A${r}" t="inlineStr"><is><t>P${r}</t></is></c><c r="B${r}" t="inlineStr"><is><t>楼道堆物 ${r * 7919}</t></is></c></row>`;
	}
	return await zipOf(workbookParts([sheetXml(xml)]));
}

export async function truncatedZip(): Promise<Buffer> {
	const good = await plainWorkbook();
	return good.subarray(0, Math.floor(good.length / 2));
}

/** Bytes flipped inside the sheet's deflate stream; the directory is intact. */
export async function corruptDeflate(): Promise<Buffer> {
	const bytes = Buffer.from(await plainWorkbook());
	const at = bytes.indexOf('xl/worksheets/sheet1.xml') + 200;
	for (let i = at; i < at + 1000; i++) bytes[i] ^= 0x5a;
	return bytes;
}
