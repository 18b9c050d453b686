// Low-level helpers for the demo exports (demo-exports.ts): a seeded PRNG (seeded-random.ts), calendar days, the date
// spellings of csv-schema.md, Excel-style delimited text, byte encodings and stable XLSX zips.

import iconv from 'iconv-lite';

import { mulberry32, type Rng } from '../seeded-random';

export { mulberry32, type Rng };

/** One independent stream per label, so adding a unit or a column does not reshuffle the others. */
export function rngFor(seed: number, label: string): Rng {
	let h = 0x811c9dc5 ^ (seed >>> 0);
	for (let i = 0; i < label.length; i++) {
		h ^= label.charCodeAt(i);
		h = Math.imul(h, 0x01000193) >>> 0;
	}
	return mulberry32(h);
}

export function int(rng: Rng, min: number, max: number): number {
	return min + Math.floor(rng() * (max - min + 1));
}

export function pick<T>(rng: Rng, items: readonly T[]): T {
	return items[Math.floor(rng() * items.length)];
}

/** A weighted draw; the running sums are computed once, as some draws run millions of times. */
export function sampler<T>(items: readonly T[], weights: readonly number[]): (rng: Rng) => T {
	const cumulative: number[] = [];
	let total = 0;
	for (const w of weights) cumulative.push((total += w));
	return (rng) => {
		const r = rng() * total;
		for (let i = 0; i < cumulative.length; i++) if (r < cumulative[i]) return items[i];
		return items[items.length - 1];
	};
}

// Calendar days are integers counted from 1970-01-01 (UTC), which keeps arithmetic exact and
// leaves time zones out of it.
const MS_PER_DAY = 86_400_000;

export function dayOf(y: number, m: number, d: number): number {
	return Date.UTC(y, m - 1, d) / MS_PER_DAY;
}

export function parseDay(iso: string): number {
	const [y, m, d] = iso.split('-').map(Number);
	return dayOf(y, m, d);
}

export function ymd(day: number): [number, number, number] {
	const t = new Date(day * MS_PER_DAY);
	return [t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate()];
}

/** 0 = Sunday … 6 = Saturday. */
export function weekday(day: number): number {
	return (((day + 4) % 7) + 7) % 7;
}

export function dateOf(day: number, minutes = 0): Date {
	return new Date(day * MS_PER_DAY + minutes * 60_000);
}

const pad2 = (n: number): string => (n < 10 ? '0' : '') + n;

/** How a unit spells a date; every one of these is listed in csv-schema.md. */
export type DateStyle =
	| 'iso' // 2018-11-05
	| 'slash' // 2018/11/5
	| 'dot' // 2018.11.5
	| 'cjk' // 2018年11月5日
	| 'compact' // 20181105
	| 'serial' // 43409 (an Excel cell that lost its date format)
	| 'iso-minute' // 2018-11-05 14:30
	| 'slash-second'; // 2018/11/5 14:30:00

// 1899-12-30 is Excel's day 0 once its 1900 leap-year bug is past (any date after 1900-03-01).
const EXCEL_EPOCH = dayOf(1899, 12, 30);

// The big benchmark export formats millions of dates from a few hundred days; remember them.
const dateMemo = new Map<DateStyle, Map<number, string>>();

export function formatDate(day: number, style: DateStyle, minutes = 0): string {
	if (style === 'iso-minute' || style === 'slash-second') return spell(day, style, minutes);
	let memo = dateMemo.get(style);
	if (!memo) dateMemo.set(style, (memo = new Map()));
	let text = memo.get(day);
	if (text === undefined) memo.set(day, (text = spell(day, style, 0)));
	return text;
}

function spell(day: number, style: DateStyle, minutes: number): string {
	const [y, m, d] = ymd(day);
	const hm = `${pad2(Math.floor(minutes / 60))}:${pad2(minutes % 60)}`;
	switch (style) {
		case 'iso':
			return `${y}-${pad2(m)}-${pad2(d)}`;
		case 'slash':
			return `${y}/${m}/${d}`;
		case 'dot':
			return `${y}.${m}.${d}`;
		case 'cjk':
			return `${y}年${m}月${d}日`;
		case 'compact':
			return `${y}${pad2(m)}${pad2(d)}`;
		case 'serial':
			return String(day - EXCEL_EPOCH);
		case 'iso-minute':
			return `${y}-${pad2(m)}-${pad2(d)} ${hm}`;
		case 'slash-second':
			return `${y}/${m}/${d} ${hm}:00`;
	}
}

const NEEDS_QUOTES: Record<string, RegExp> = { ',': /[",\n\r]/, '\t': /["\t\n\r]/ };

/** One cell as Excel writes it: quoted only when it holds the delimiter, a quote or a line break. */
export function quoteCell(value: string, delimiter: ',' | '\t'): string {
	return NEEDS_QUOTES[delimiter].test(value) ? '"' + value.replaceAll('"', '""') + '"' : value;
}

export function formatLine(cells: readonly string[], delimiter: ',' | '\t', eol: string): string {
	let line = '';
	for (let i = 0; i < cells.length; i++) {
		if (i > 0) line += delimiter;
		line += quoteCell(cells[i], delimiter);
	}
	return line + eol;
}

export type TextEncoding = 'utf-8' | 'utf-8-bom' | 'gb18030' | 'utf-16le';

export function encodeText(text: string, encoding: TextEncoding): Buffer {
	switch (encoding) {
		case 'utf-8':
			return Buffer.from(text, 'utf8');
		case 'utf-8-bom':
			return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);
		case 'gb18030':
			return iconv.encode(text, 'gb18030');
		case 'utf-16le':
			return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
	}
}

const NON_ASCII = /[\u0080-\uffff]/;

/**
 * Accumulates encoded text for a write stream. GB18030 goes through iconv-lite, which is pure
 * JavaScript and the slowest step of a million-row export; the demo vocabulary repeats, so encoded
 * cells are cached, and ASCII (ids, dates, delimiters) is copied straight through.
 */
export class ChunkWriter {
	private buf: Buffer;
	private len = 0;
	private readonly cache = new Map<string, Buffer>();

	constructor(
		private readonly encoding: 'utf-8' | 'gb18030',
		private readonly size = 1 << 20
	) {
		this.buf = Buffer.allocUnsafe(size);
	}

	get length(): number {
		return this.len;
	}

	write(text: string): void {
		if (this.encoding === 'utf-8' || !NON_ASCII.test(text)) {
			this.reserve(text.length * 3);
			this.len += this.buf.write(text, this.len, this.encoding === 'utf-8' ? 'utf8' : 'latin1');
			return;
		}
		let bytes = this.cache.get(text);
		if (!bytes) {
			bytes = iconv.encode(text, 'gb18030');
			if (this.cache.size >= 200_000) this.cache.clear();
			this.cache.set(text, bytes);
		}
		this.reserve(bytes.length);
		bytes.copy(this.buf, this.len);
		this.len += bytes.length;
	}

	/** Hands the bytes over (the stream may hold on to them) and starts a fresh buffer. */
	take(): Buffer {
		const out = this.buf.subarray(0, this.len);
		this.buf = Buffer.allocUnsafe(this.size);
		this.len = 0;
		return out;
	}

	private reserve(n: number): void {
		if (this.len + n <= this.buf.length) return;
		const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.len + n));
		this.buf.copy(next, 0, 0, this.len);
		this.buf = next;
	}
}

/**
 * Sets every entry's DOS modification time in a zip to the given day. exceljs (through JSZip)
 * stamps entries with the current time, the only thing that keeps its output from being
 * byte-stable; the timestamps sit outside the compressed data and its CRCs, so rewriting them
 * in place is safe.
 */
export function stampZipEntries(zip: Buffer, day: number): Buffer {
	const out = Buffer.from(zip);
	const [y, m, d] = ymd(day);
	const dosDate = ((y - 1980) << 9) | (m << 5) | d;
	const dosTime = 9 << 11; // 09:00:00, office hours

	let eocd = -1;
	for (let i = out.length - 22; i >= Math.max(0, out.length - 22 - 0xffff); i--) {
		if (out.readUInt32LE(i) === 0x06054b50) {
			eocd = i;
			break;
		}
	}
	if (eocd < 0) throw new Error('stampZipEntries: no end of central directory');
	const entries = out.readUInt16LE(eocd + 10);
	let p = out.readUInt32LE(eocd + 16);
	for (let n = 0; n < entries; n++) {
		if (out.readUInt32LE(p) !== 0x02014b50) throw new Error('stampZipEntries: bad central header');
		out.writeUInt16LE(dosTime, p + 12);
		out.writeUInt16LE(dosDate, p + 14);
		const local = out.readUInt32LE(p + 42);
		if (out.readUInt32LE(local) !== 0x04034b50)
			throw new Error('stampZipEntries: bad local header');
		out.writeUInt16LE(dosTime, local + 10);
		out.writeUInt16LE(dosDate, local + 12);
		p += 46 + out.readUInt16LE(p + 28) + out.readUInt16LE(p + 30) + out.readUInt16LE(p + 32);
	}
	return out;
}
