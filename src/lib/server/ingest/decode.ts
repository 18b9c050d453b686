// Step 1 of the ingest: find out what encoding an uploaded text file is in, refuse what is not text,
// and give DuckDB a UTF-8 file to read. UTF-8 input is read in place (no copy); GB18030 and UTF-16
// are transcoded chunk by chunk to a temp file, so a 200 MB export is never one JS string.
import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import { once } from 'node:events';
import path from 'node:path';
import { isUtf8 } from 'node:buffer';
import { IngestRefusal } from './errors';
import { Gb18030ToUtf8 } from './gb18030';
import { locateHeader, type AliasIndex, type HeaderLocation } from './header';
import { RecordScanner, type ScanResult } from './record-scan';

export type SourceEncoding = 'utf-8' | 'gb18030' | 'utf-16le' | 'utf-16be';

export interface HeadInspection {
	sizeBytes: number;
	encoding: SourceEncoding;
	bom: boolean;
	/** The first bytes decoded (whole characters only), for sniffing the delimiter and header. */
	headText: string;
}

export interface DecodedFile {
	/** The UTF-8 file DuckDB reads: the upload itself, or a transcoded temp copy. */
	utf8Path: string;
	temporary: boolean;
	encoding: SourceEncoding;
	bom: boolean;
	sha256: string;
	sizeBytes: number;
}

const HEAD_BYTES = 64 * 1024;
const CHUNK_BYTES = 1024 * 1024;

const BINARY_MESSAGE =
	'文件内容不是受支持编码的文本（支持 UTF-8、GBK/GB18030、UTF-16）。请在 Excel/WPS 中打开原表，另存为“CSV（逗号分隔）”或 .xlsx 后重新上传。';

function startsWith(buf: Buffer, bytes: number[]): boolean {
	return bytes.every((b, i) => buf[i] === b);
}

/** Refuses containers and well-known binary formats by their magic numbers. */
function refuseKnownBinary(head: Buffer): void {
	if (startsWith(head, [0x50, 0x4b, 0x03, 0x04]) || startsWith(head, [0x50, 0x4b, 0x05, 0x06])) {
		throw new IngestRefusal(
			'container',
			'这是一个压缩包（zip）或 Excel 工作簿（.xlsx），不是 CSV 文本。如果是 Excel 文件，请保留 .xlsx 扩展名上传；否则请在 Excel/WPS 中另存为“CSV（逗号分隔）”。'
		);
	}
	if (startsWith(head, [0xd0, 0xcf, 0x11, 0xe0])) {
		throw new IngestRefusal(
			'container',
			'这是旧版 Excel（.xls）或 Office 文档，不是 CSV 文本。请在 Excel/WPS 中另存为 .xlsx 或“CSV（逗号分隔）”后重新上传。'
		);
	}
	const magic: number[][] = [
		[0x25, 0x50, 0x44, 0x46], // %PDF
		[0x1f, 0x8b], // gzip
		[0x89, 0x50, 0x4e, 0x47], // PNG
		[0xff, 0xd8, 0xff], // JPEG
		[0x52, 0x61, 0x72, 0x21], // RAR
		[0x37, 0x7a, 0xbc, 0xaf] // 7z
	];
	if (magic.some((m) => startsWith(head, m))) throw new IngestRefusal('binary', BINARY_MESSAGE);
}

/**
 * A GB18030 decoder accepts almost any byte soup (0xA5A5… decodes as katakana), so a decoded sample
 * must also look like what Chinese office files hold: ASCII, CJK ideographs and punctuation.
 */
export function looksLikeChineseOfficeText(text: string): boolean {
	let good = 0;
	let total = 0;
	for (const ch of text) {
		const cp = ch.codePointAt(0) ?? 0;
		total++;
		if (
			cp === 0x09 ||
			cp === 0x0a ||
			cp === 0x0d ||
			(cp >= 0x20 && cp < 0x7f) ||
			(cp >= 0xa0 && cp <= 0x24f) || // Latin-1 and Latin Extended (names, ×, ·)
			(cp >= 0x2000 && cp <= 0x27bf) || // punctuation, symbols, arrows, √ ①
			(cp >= 0x3000 && cp <= 0x303f) || // CJK punctuation
			(cp >= 0x3400 && cp <= 0x4dbf) ||
			(cp >= 0x4e00 && cp <= 0x9fff) ||
			(cp >= 0xf900 && cp <= 0xfaff) ||
			(cp >= 0xfe30 && cp <= 0xfe4f) ||
			(cp >= 0xff00 && cp <= 0xffef) || // full-width forms
			(cp >= 0x20000 && cp <= 0x3134f) // CJK extensions B–G (GB18030 four-byte characters)
		) {
			good++;
		}
	}
	return total > 0 && good / total >= 0.9;
}

/** Decodes `bytes` fatally, ignoring an incomplete character cut off at the end of the sample. */
function tryDecodeHead(label: string, bytes: Buffer): string | null {
	try {
		return new TextDecoder(label, { fatal: true }).decode(bytes, { stream: true });
	} catch {
		return null;
	}
}

/** The first 64 KB of a file and its size, read without loading the rest. */
export async function readHead(srcPath: string): Promise<{ head: Buffer; size: number }> {
	const handle = await fs.promises.open(srcPath, 'r');
	try {
		const { size } = await handle.stat();
		const head = Buffer.alloc(Math.min(size, HEAD_BYTES));
		await handle.read(head, 0, head.length, 0);
		return { head, size };
	} finally {
		await handle.close();
	}
}

/** Picks the encoding from a BOM or from the first 64 KB, and refuses what is clearly not text. */
export async function inspectHead(srcPath: string): Promise<HeadInspection> {
	const { head, size } = await readHead(srcPath);
	if (size === 0)
		throw new IngestRefusal(
			'empty',
			'文件是空的（0 字节），没有可导入的内容。请检查导出的文件是否完整。'
		);
	refuseKnownBinary(head);

	const pick = (encoding: SourceEncoding, bom: boolean, skip: number): HeadInspection => {
		const label = encoding === 'gb18030' ? 'gb18030' : encoding;
		const text = tryDecodeHead(label, head.subarray(skip));
		if (
			text === null ||
			(encoding !== 'utf-8' && !looksLikeChineseOfficeText(text.slice(0, 4000)))
		) {
			throw new IngestRefusal('encoding', BINARY_MESSAGE);
		}
		return { sizeBytes: size, encoding, bom, headText: text };
	};

	if (startsWith(head, [0xef, 0xbb, 0xbf])) return pick('utf-8', true, 3);
	if (startsWith(head, [0xff, 0xfe])) return pick('utf-16le', true, 2);
	if (startsWith(head, [0xfe, 0xff])) return pick('utf-16be', true, 2);

	if (head.includes(0)) {
		// UTF-16 without a BOM shows as ASCII with every other byte zero.
		let evenZero = 0;
		let oddZero = 0;
		for (let i = 0; i < Math.min(head.length, 4096); i++) {
			if (head[i] === 0) {
				if (i % 2 === 0) evenZero++;
				else oddZero++;
			}
		}
		if (oddZero > 8 && evenZero === 0) return pick('utf-16le', false, 0);
		if (evenZero > 8 && oddZero === 0) return pick('utf-16be', false, 0);
		throw new IngestRefusal('binary', BINARY_MESSAGE);
	}
	if (tryDecodeHead('utf-8', head) !== null) return pick('utf-8', false, 0);
	return pick('gb18030', false, 0);
}

/** Length of the prefix of `buf` that ends on a UTF-8 character boundary. */
function utf8Boundary(buf: Buffer): number {
	const end = buf.length;
	for (let back = 1; back <= Math.min(3, end); back++) {
		const b = buf[end - back];
		if ((b & 0xc0) === 0x80) continue; // continuation byte: keep looking for the lead
		const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
		return need > back ? end - back : end;
	}
	return end;
}

export class NotUtf8Error extends Error {}

/**
 * A streaming fatal decoder to UTF-8 bytes (null: the end of the input), refusing what does not
 * decode and any NUL. GB18030 goes byte to byte (./gb18030.ts); UTF-16 through TextDecoder.
 */
function transcoder(encoding: 'gb18030' | 'utf-16le' | 'utf-16be'): (raw: Buffer | null) => Buffer {
	const refuse = (): never => {
		throw new IngestRefusal('encoding', BINARY_MESSAGE);
	};
	if (encoding === 'gb18030') {
		const gb = new Gb18030ToUtf8();
		return (raw) => {
			let bytes: Buffer = Buffer.alloc(0);
			try {
				if (raw) bytes = gb.push(raw);
				else gb.end();
			} catch {
				refuse();
			}
			if (gb.sawNul) throw new IngestRefusal('binary', BINARY_MESSAGE);
			return bytes;
		};
	}
	const decoder = new TextDecoder(encoding, { fatal: true, ignoreBOM: false });
	return (raw) => {
		let text = '';
		try {
			text = raw ? decoder.decode(raw, { stream: true }) : decoder.decode();
		} catch {
			refuse();
		}
		if (text.includes('\u0000')) throw new IngestRefusal('binary', BINARY_MESSAGE);
		return Buffer.from(text, 'utf8');
	};
}

/**
 * Reads the whole file once: hashes it, and either validates it as UTF-8 in place or transcodes it
 * to `tmpDir`. `onUtf8` sees every UTF-8 byte in order (after any BOM), for the record scanner.
 */
export async function decodeToUtf8(
	srcPath: string,
	inspection: HeadInspection,
	tmpDir: string,
	onUtf8: (chunk: Buffer) => void
): Promise<DecodedFile> {
	const hash = createHash('sha256');
	const { encoding, bom } = inspection;
	let skipBom = bom ? (encoding === 'utf-8' ? 3 : 2) : 0;
	const input = fs.createReadStream(srcPath, { highWaterMark: CHUNK_BYTES });

	if (encoding === 'utf-8') {
		// With a BOM the file says it is UTF-8, so a GB18030 retry cannot help: refuse it here.
		const notUtf8 = (): Error =>
			bom ? new IngestRefusal('encoding', BINARY_MESSAGE) : new NotUtf8Error(srcPath);
		let carry = Buffer.alloc(0);
		for await (const raw of input as AsyncIterable<Buffer>) {
			hash.update(raw);
			let chunk = carry.length ? Buffer.concat([carry, raw]) : raw;
			if (skipBom) {
				chunk = chunk.subarray(skipBom);
				skipBom = 0;
			}
			const cut = utf8Boundary(chunk);
			const whole = chunk.subarray(0, cut);
			if (!isUtf8(whole) || whole.includes(0)) {
				input.destroy();
				throw notUtf8();
			}
			onUtf8(whole);
			carry = Buffer.from(chunk.subarray(cut));
		}
		if (carry.length) throw notUtf8();
		return {
			utf8Path: srcPath,
			temporary: false,
			encoding,
			bom,
			sha256: hash.digest('hex'),
			sizeBytes: inspection.sizeBytes
		};
	}

	await fs.promises.mkdir(tmpDir, { recursive: true });
	const outPath = path.join(
		tmpDir,
		`decoded-${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2)}.csv`
	);
	const output = fs.createWriteStream(outPath);
	const transcode = transcoder(encoding);
	const write = async (bytes: Buffer): Promise<void> => {
		onUtf8(bytes);
		if (!output.write(bytes)) await once(output, 'drain');
	};
	try {
		for await (const raw of input as AsyncIterable<Buffer>) {
			hash.update(raw);
			await write(transcode(raw));
		}
		await write(transcode(null));
		output.end();
		await once(output, 'finish');
	} catch (err) {
		input.destroy();
		// A write still queued fails with ERR_STREAM_DESTROYED; the file is removed anyway.
		output.on('error', () => {});
		output.destroy();
		await fs.promises.rm(outPath, { force: true });
		throw err;
	}
	return {
		utf8Path: outPath,
		temporary: true,
		encoding,
		bom,
		sha256: hash.digest('hex'),
		sizeBytes: inspection.sizeBytes
	};
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

/** A file decoded to UTF-8, its header located and its records scanned. */
export interface TextSource {
	decoded: DecodedFile;
	scan: ScanResult;
	location: HeaderLocation;
	inspection: HeadInspection;
	temps: string[];
}

/**
 * Decodes a file to UTF-8 while scanning its records: a file that mixes CRLF and LF is rewritten
 * with LF only, and one whose first 64 KB were plain ASCII but whose rest is not UTF-8 is read again
 * as GB18030 (GBK exports can start in pure ASCII).
 */
export async function decodeText(
	srcPath: string,
	tmpDir: string,
	aliasIndex: AliasIndex,
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
