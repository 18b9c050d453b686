// Property tests of the decode step (inspectHead + decodeToUtf8) on arbitrary bytes and on arbitrary
// text in every supported encoding: it refuses only with IngestRefusal in Chinese (or signals
// NotUtf8Error, which the pipeline turns into a GB18030 retry, and only where a retry can help),
// always ends, leaves no temp file behind a refusal, and gives back exactly the text that was written.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { isUtf8 } from 'node:buffer';
import fc from 'fast-check';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	decodeToUtf8,
	inspectHead,
	NotUtf8Error,
	type DecodedFile,
	type HeadInspection
} from './decode';
import { IngestRefusal } from './errors';

/** A run that takes longer than this fails as a hang instead of stalling the suite. */
const RUN_TIMEOUT_MS = 10_000;
const CHINESE = /[\u4e00-\u9fff]/;

let dir: string;
let tmpDir: string;
let n = 0;
beforeAll(() => {
	dir = fs.mkdtempSync(path.join(os.tmpdir(), 'decode-property-'));
	tmpDir = path.join(dir, 'tmp');
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function write(bytes: Uint8Array): string {
	const file = path.join(dir, `in-${++n}.csv`);
	fs.writeFileSync(file, bytes);
	return file;
}

const tempFiles = (): string[] => (fs.existsSync(tmpDir) ? fs.readdirSync(tmpDir) : []);

type Outcome =
	| { kind: 'decoded'; decoded: DecodedFile; streamed: Buffer; bom: boolean }
	| { kind: 'refused'; err: IngestRefusal }
	| { kind: 'not-utf8'; bom: boolean; encoding: string };

/** With `retry`, a NotUtf8Error is answered as the pipeline answers it: read again as GB18030. */
async function decode(file: string, retry = false): Promise<Outcome> {
	let inspection: HeadInspection;
	try {
		inspection = await inspectHead(file);
	} catch (err) {
		if (err instanceof IngestRefusal) return { kind: 'refused', err };
		throw err;
	}
	const chunks: Buffer[] = [];
	try {
		const decoded = await decodeToUtf8(file, inspection, tmpDir, (c) =>
			chunks.push(Buffer.from(c))
		);
		return { kind: 'decoded', decoded, streamed: Buffer.concat(chunks), bom: inspection.bom };
	} catch (err) {
		if (err instanceof IngestRefusal) return { kind: 'refused', err };
		if (err instanceof NotUtf8Error && retry && !inspection.bom) {
			chunks.length = 0;
			const gb = { ...inspection, encoding: 'gb18030' as const };
			const decoded = await decodeToUtf8(file, gb, tmpDir, (c) => chunks.push(Buffer.from(c)));
			return { kind: 'decoded', decoded, streamed: Buffer.concat(chunks), bom: false };
		}
		if (err instanceof NotUtf8Error)
			return { kind: 'not-utf8', bom: inspection.bom, encoding: inspection.encoding };
		throw err;
	}
}

const BOMS = {
	utf8: [0xef, 0xbb, 0xbf],
	utf16le: [0xff, 0xfe],
	utf16be: [0xfe, 0xff]
};

/** Arbitrary bytes, often behind a BOM or a real header, so every branch of the sniffing is hit. */
const arbitraryFile = fc
	.tuple(
		fc.constantFrom<number[]>([], [], BOMS.utf8, BOMS.utf16le, BOMS.utf16be),
		fc.constantFrom('', '', '编号,社区,问题描述,提出时间\n'),
		fc.uint8Array({ maxLength: 2048 }),
		fc.uint8Array({ maxLength: 8 })
	)
	.map(([bom, header, body, tail]) =>
		Buffer.concat([Buffer.from(bom), Buffer.from(header), body, tail])
	);

describe('decode on arbitrary bytes', () => {
	it('refuses in Chinese or decodes to clean UTF-8; NotUtf8Error only when a GB18030 retry can help', async () => {
		await fc.assert(
			fc.asyncProperty(arbitraryFile, async (bytes) => {
				const out = await decode(write(bytes));
				if (out.kind === 'refused') {
					expect(out.err.message).toMatch(CHINESE);
					expect(tempFiles()).toEqual([]);
				} else if (out.kind === 'not-utf8') {
					// The pipeline retries as GB18030 only when there is no BOM to say otherwise.
					expect(out).toEqual({ kind: 'not-utf8', bom: false, encoding: 'utf-8' });
					expect(tempFiles()).toEqual([]);
				} else {
					const text = fs.readFileSync(out.decoded.utf8Path);
					expect(isUtf8(text)).toBe(true);
					expect(text.includes(0)).toBe(false);
					// The scanner sees exactly the bytes DuckDB will read (a UTF-8 BOM is skipped).
					const skip = out.decoded.temporary ? 0 : out.bom ? 3 : 0;
					expect(out.streamed.equals(text.subarray(skip))).toBe(true);
					if (out.decoded.temporary) fs.rmSync(out.decoded.utf8Path);
				}
			}),
			{
				numRuns: 300,
				timeout: RUN_TIMEOUT_MS,
				// A UTF-8 BOM then a NUL, or then a cut-off character, once escaped as NotUtf8Error.
				examples: [
					[Buffer.from([0xef, 0xbb, 0xbf, 0])],
					[Buffer.from([0xef, 0xbb, 0xbf, 0x61, 0xe4])]
				]
			}
		);
	});
});

/** Text as Chinese office exports hold it: CJK, ASCII, full-width punctuation, line breaks. */
const officeText = fc.string({
	unit: fc.oneof(
		fc.constantFrom(
			...'社区问题描述楼道堆物整改完成时间云南路寿张广州四川，。；：“”（）、！？【】①√×·'.split('')
		),
		fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)),
		fc.constantFrom('\n', '\r\n', '\t', '\u3000', '𠀀', '䶮'),
		fc.integer({ min: 0x4e00, max: 0x9fa5 }).map((c) => String.fromCharCode(c))
	),
	minLength: 1,
	maxLength: 400
});

type Encoding = 'utf-8' | 'utf-8-bom' | 'utf-16le' | 'utf-16be' | 'gb18030';

function encode(text: string, encoding: Encoding): Buffer {
	switch (encoding) {
		case 'utf-8':
			return Buffer.from(text, 'utf8');
		case 'utf-8-bom':
			return Buffer.concat([Buffer.from(BOMS.utf8), Buffer.from(text, 'utf8')]);
		case 'utf-16le':
			return Buffer.concat([Buffer.from(BOMS.utf16le), Buffer.from(text, 'utf16le')]);
		case 'utf-16be':
			return Buffer.concat([Buffer.from(BOMS.utf16be), Buffer.from(text, 'utf16le').swap16()]);
		case 'gb18030':
			return iconv.encode(text, 'gb18030');
	}
}

describe('decode of text in each supported encoding', () => {
	it('gives back exactly the text that was written, whatever the encoding', async () => {
		await fc.assert(
			fc.asyncProperty(
				officeText,
				fc.constantFrom<Encoding>('utf-8', 'utf-8-bom', 'utf-16le', 'utf-16be', 'gb18030'),
				async (text, encoding) => {
					const bytes = encode(text, encoding);
					// Short GBK text can also be valid UTF-8 (小 is D0 A1, Cyrillic С in UTF-8): that
					// guess is the sniffer's to make, not a decoding error.
					fc.pre(encoding !== 'gb18030' || !isUtf8(bytes));
					const out = await decode(write(bytes), true);
					expect(out.kind).toBe('decoded');
					if (out.kind !== 'decoded') return;
					const decoded = fs.readFileSync(out.decoded.utf8Path, 'utf8');
					if (out.decoded.temporary) fs.rmSync(out.decoded.utf8Path);
					expect(decoded.replace(/^\ufeff/, '')).toBe(text);
					expect(out.streamed.toString('utf8')).toBe(text);
				}
			),
			{
				numRuns: 300,
				timeout: RUN_TIMEOUT_MS,
				// 銆 in GB18030 is E3 80, a cut-off UTF-8 character: only the retry as GB18030 reads it.
				examples: [['銆', 'gb18030']]
			}
		);
	});
});
