import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { Gb18030ToUtf8 } from './gb18030';

/** What TextDecoder makes of the bytes (null: it refuses them), the reference we must equal. */
function reference(bytes: Uint8Array): string | null {
	try {
		return new TextDecoder('gb18030', { fatal: true }).decode(bytes);
	} catch {
		return null;
	}
}

/** Our decoder over `bytes` cut at `cuts` (null: it refuses them). */
function ours(bytes: Buffer, cuts: number[] = []): string | null {
	const decoder = new Gb18030ToUtf8();
	const parts: Buffer[] = [];
	let from = 0;
	try {
		for (const to of [...cuts, bytes.length]) {
			parts.push(decoder.push(bytes.subarray(from, to)));
			from = to;
		}
		decoder.end();
	} catch {
		return null;
	}
	return Buffer.concat(parts).toString('utf8');
}

describe('Gb18030ToUtf8', () => {
	it('decodes Chinese office text as TextDecoder does, however the chunks fall', () => {
		const text = '编号,社区,问题描述\r\nYN001,云南路社区,"楼道堆物，消防隐患（已整改）€·×√①𠀀"\n';
		const bytes = iconv.encode(text, 'gb18030');
		expect(ours(bytes)).toBe(text);
		for (let cut = 0; cut <= bytes.length; cut++) expect(ours(bytes, [cut])).toBe(text);
	});

	it('agrees with TextDecoder on every two-byte sequence, valid or not', () => {
		let differences = 0;
		for (let lead = 0x80; lead <= 0xff; lead++) {
			for (let trail = 0; trail <= 0xff; trail++) {
				const bytes = Buffer.from([lead, trail, 0x41]);
				if (ours(bytes) !== reference(bytes)) differences++;
			}
		}
		expect(differences).toBe(0);
	});

	it('agrees with TextDecoder on four-byte sequences and refuses a truncated end', () => {
		let differences = 0;
		for (let b1 = 0x81; b1 <= 0xfe; b1 += 5) {
			for (let b3 = 0x80; b3 <= 0xff; b3 += 3) {
				for (const [b2, b4] of [
					[0x30, 0x30],
					[0x31, 0x39],
					[0x39, 0x3a],
					[0x35, 0x2f]
				]) {
					const bytes = Buffer.from([b1, b2, b3, b4]);
					if (ours(bytes, [2]) !== reference(bytes)) differences++;
				}
			}
		}
		expect(differences).toBe(0);
		expect(ours(Buffer.from([0x41, 0xd4]))).toBeNull();
		expect(ours(Buffer.from([0x81, 0x30, 0x81]))).toBeNull();
	});

	it('notes a NUL so the caller can refuse binary data', () => {
		const decoder = new Gb18030ToUtf8();
		decoder.push(Buffer.from([0x41, 0x00, 0x42]));
		expect(decoder.sawNul).toBe(true);
	});
});
