import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeToUtf8, inspectHead, looksLikeChineseOfficeText, NotUtf8Error } from './decode';
import { IngestRefusal } from './errors';

let dir: string;
beforeAll(() => {
	dir = fs.mkdtempSync(path.join(os.tmpdir(), 'decode-test-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function write(name: string, bytes: Buffer | string): string {
	const p = path.join(dir, name);
	fs.writeFileSync(p, bytes);
	return p;
}

async function decodeAll(
	file: string
): Promise<{ text: string; streamed: string; encoding: string; temporary: boolean }> {
	const inspection = await inspectHead(file);
	const chunks: Buffer[] = [];
	const d = await decodeToUtf8(file, inspection, path.join(dir, 'tmp'), (c) =>
		chunks.push(Buffer.from(c))
	);
	const text = fs.readFileSync(d.utf8Path, 'utf8');
	if (d.temporary) fs.rmSync(d.utf8Path);
	return {
		text,
		streamed: Buffer.concat(chunks).toString('utf8'),
		encoding: d.encoding,
		temporary: d.temporary
	};
}

async function refusal(file: string): Promise<string> {
	try {
		await inspectHead(file);
	} catch (err) {
		if (err instanceof IngestRefusal) return err.code;
		throw err;
	}
	return 'accepted';
}

const SAMPLE = '编号,社区,问题描述\nYN1,云南路社区,"楼道堆物，存在隐患"\n';

describe('inspectHead + decodeToUtf8', () => {
	it('reads UTF-8 in place, without a copy', async () => {
		const r = await decodeAll(write('u8.csv', SAMPLE));
		expect(r).toMatchObject({ encoding: 'utf-8', temporary: false, streamed: SAMPLE });
	});

	it('skips a UTF-8 BOM for the scanner', async () => {
		const r = await decodeAll(
			write('bom.csv', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(SAMPLE)]))
		);
		expect(r.encoding).toBe('utf-8');
		expect(r.streamed).toBe(SAMPLE);
	});

	it('transcodes GB18030 (what Chinese Excel writes) to a UTF-8 temp file', async () => {
		const r = await decodeAll(write('gbk.csv', iconv.encode(SAMPLE, 'gb18030')));
		expect(r).toMatchObject({ encoding: 'gb18030', temporary: true, text: SAMPLE });
	});

	it('transcodes UTF-16 LE and BE with their BOMs', async () => {
		const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(SAMPLE, 'utf16le')]);
		const be = Buffer.from(le);
		be.swap16();
		expect((await decodeAll(write('le.txt', le))).text).toBe(SAMPLE);
		const rbe = await decodeAll(write('be.txt', be));
		expect(rbe).toMatchObject({ encoding: 'utf-16be', text: SAMPLE });
	});

	it('keeps characters split across 1 MB chunks intact, in both paths', async () => {
		// 3-byte UTF-8 characters and 2-byte GBK characters: the chunk edge falls inside one.
		const line = '云南路社区问题清单，楼道堆物\n';
		const big = line.repeat(Math.ceil((3 * 1024 * 1024) / Buffer.byteLength(line)));
		const u = await decodeAll(write('big8.csv', big));
		expect(u.streamed.length).toBe(big.length);
		expect(u.streamed === big).toBe(true);
		const g = await decodeAll(write('bigg.csv', iconv.encode(big, 'gb18030')));
		expect(g.text === big).toBe(true);
	});

	it('signals a file that turns out not to be UTF-8 after its first 64 KB', async () => {
		const ascii = 'a,b\n'.repeat(20000);
		const file = write(
			'late.csv',
			Buffer.concat([Buffer.from(ascii), iconv.encode('社区,问题\n', 'gb18030')])
		);
		const inspection = await inspectHead(file);
		expect(inspection.encoding).toBe('utf-8');
		await expect(decodeToUtf8(file, inspection, dir, () => {})).rejects.toBeInstanceOf(
			NotUtf8Error
		);
	});

	it('refuses empty, zip, old .xls, NUL-laden and byte-soup files', async () => {
		expect(await refusal(write('empty.csv', ''))).toBe('empty');
		expect(await refusal(write('zip.csv', Buffer.from([0x50, 0x4b, 0x03, 0x04, 1, 2, 3])))).toBe(
			'container'
		);
		expect(await refusal(write('xls.csv', Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1])))).toBe(
			'container'
		);
		expect(
			await refusal(write('nul.csv', Buffer.from([0x41, 0, 0, 0x42, 0x43, 0, 0x44, 0x41, 0, 0, 0])))
		).toBe('binary');
		expect(await refusal(write('soup.csv', Buffer.alloc(4096, 0xa5)))).toBe('encoding');
	});

	it('tells Chinese office text from decodable noise', () => {
		expect(looksLikeChineseOfficeText('编号,社区\r\nYN1,云南路社区（一）')).toBe(true);
		expect(looksLikeChineseOfficeText('ヵヵヵヵヵヵヵヵ')).toBe(false);
	});
});
