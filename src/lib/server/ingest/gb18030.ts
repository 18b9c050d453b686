// GB18030 bytes straight to UTF-8 bytes, chunk by chunk, for the decode step. TextDecoder gives a JS
// string that must then be encoded again (Buffer.from), which cost more than the decoding itself on a
// 150 MB export. Two-byte characters come from a table built once from TextDecoder('gb18030'), and
// the rare four-byte ones are handed to it, so the result is exactly what TextDecoder decodes.

export class Gb18030Error extends Error {}

const LEAD_MIN = 0x81;
const LEAD_MAX = 0xfe;
const TRAIL_MIN = 0x40;
const TRAILS = 0xfe - TRAIL_MIN + 1;

let twoByteTable: Uint16Array | undefined;

/** Code point of each two-byte sequence, by (lead - 0x81) * 191 + (trail - 0x40); 0 = invalid. */
function table(): Uint16Array {
	if (twoByteTable) return twoByteTable;
	const t = new Uint16Array((LEAD_MAX - LEAD_MIN + 1) * TRAILS);
	const decoder = new TextDecoder('gb18030', { fatal: true });
	const pair = new Uint8Array(2);
	for (let lead = LEAD_MIN; lead <= LEAD_MAX; lead++) {
		for (let trail = TRAIL_MIN; trail <= 0xfe; trail++) {
			if (trail === 0x7f) continue;
			pair[0] = lead;
			pair[1] = trail;
			let text: string;
			try {
				text = decoder.decode(pair);
			} catch {
				continue;
			}
			const cp = text.codePointAt(0) ?? 0;
			if (text.length === 1 && cp > 0) {
				t[(lead - LEAD_MIN) * TRAILS + trail - TRAIL_MIN] = cp;
			}
		}
	}
	twoByteTable = t;
	return t;
}

/** A streaming fatal GB18030 decoder that yields UTF-8 bytes. */
export class Gb18030ToUtf8 {
	private carry: Buffer = Buffer.alloc(0);
	private readonly table = table();
	private readonly fourByte = new TextDecoder('gb18030', { fatal: true });
	/** True once a NUL character has been decoded. */
	sawNul = false;

	/** Decodes `chunk` (an incomplete character at its end waits for the next); throws on bad input. */
	push(chunk: Buffer): Buffer {
		const input = this.carry.length ? Buffer.concat([this.carry, chunk]) : chunk;
		if (input.indexOf(0) !== -1) this.sawNul = true;
		// Each input byte gives at most 3 output bytes (0x80 is U+20AC).
		const out = Buffer.allocUnsafe(input.length * 3);
		let i = 0;
		let o = 0;
		for (;;) {
			const stop = this.run(input, i, out, o);
			i = stop[0];
			o = stop[1];
			// The loop stops at the end, before an incomplete character, or at a four-byte one.
			if (i + 1 < input.length && input[i] > 0x80 && input[i + 1] >= 0x30 && input[i + 1] <= 0x39) {
				if (i + 3 >= input.length) break;
				let text: string;
				try {
					text = this.fourByte.decode(input.subarray(i, i + 4));
				} catch {
					throw new Gb18030Error('invalid four-byte sequence');
				}
				o += out.write(text, o, 'utf8');
				i += 4;
				continue;
			}
			if (stop[2]) throw new Gb18030Error('invalid byte sequence');
			break;
		}
		this.carry = Buffer.from(input.subarray(i));
		return out.subarray(0, o);
	}

	/**
	 * The hot loop, kept free of throws and string work so V8 keeps it optimised: decodes ASCII and
	 * two-byte characters from `i`, and returns where it stopped, the output length, and whether
	 * it stopped at an invalid sequence.
	 */
	private run(input: Buffer, i: number, out: Buffer, o: number): [number, number, boolean] {
		const t = this.table;
		const len = input.length;
		while (i < len) {
			const b = input[i];
			if (b < 0x80) {
				out[o++] = b;
				i++;
				continue;
			}
			if (b === 0x80) {
				out[o++] = 0xe2;
				out[o++] = 0x82;
				out[o++] = 0xac;
				i++;
				continue;
			}
			if (b === 0xff) return [i, o, true];
			if (i + 1 >= len) return [i, o, false];
			const b2 = input[i + 1];
			if (b2 >= 0x30 && b2 <= 0x39) return [i, o, false];
			const cp =
				b2 >= TRAIL_MIN && b2 !== 0x7f && b2 !== 0xff
					? t[(b - LEAD_MIN) * TRAILS + b2 - TRAIL_MIN]
					: 0;
			if (cp === 0) return [i, o, true];
			if (cp < 0x80) {
				out[o++] = cp;
			} else if (cp < 0x800) {
				out[o++] = 0xc0 | (cp >> 6);
				out[o++] = 0x80 | (cp & 0x3f);
			} else {
				out[o++] = 0xe0 | (cp >> 12);
				out[o++] = 0x80 | ((cp >> 6) & 0x3f);
				out[o++] = 0x80 | (cp & 0x3f);
			}
			i += 2;
		}
		return [i, o, false];
	}

	/** Throws when the input ended inside a character. */
	end(): void {
		if (this.carry.length) throw new Gb18030Error('truncated character');
	}
}
