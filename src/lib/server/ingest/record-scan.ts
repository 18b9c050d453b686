// Counts CSV records in a UTF-8 byte stream the way DuckDB's reader does (a quoted cell may hold line
// breaks), noting the empty lines DuckDB skips and any quote left open. The parse step needs both to
// give every row the number Excel shows; called by the pipeline while the file is decoded.

const LF = 0x0a;
const CR = 0x0d;
const QUOTE = 0x22;

export interface ScanResult {
	/** Records in the file, blank ones included (a final line break does not start a record). */
	records: number;
	/** 1-based numbers of empty lines, which DuckDB skips. */
	blankRecords: number[];
	newline: 'lf' | 'crlf' | 'mixed' | 'none';
	/** The record where a quote opened and never closed, or null. */
	unterminatedQuoteRecord: number | null;
}

export class RecordScanner {
	private inQuote = false;
	private pendingQuote = false;
	private record = 1;
	private recordBytes = 0;
	private lastByte = -1;
	private quoteRecord = 0;
	private lf = 0;
	private crlf = 0;
	private readonly blanks: number[] = [];

	constructor(private readonly delimiter: number) {}

	push(buf: Buffer): void {
		const len = buf.length;
		if (len === 0) return;
		let i = 0;
		if (this.pendingQuote) {
			this.pendingQuote = false;
			if (buf[0] === QUOTE) i = 1;
			else this.inQuote = false;
		}
		let nextNl = -2;
		let nextQt = -2;
		while (i < len) {
			if (this.inQuote) {
				const q = buf.indexOf(QUOTE, i);
				if (q === -1) {
					this.recordBytes += len - i;
					break;
				}
				this.recordBytes += q + 1 - i;
				if (q + 1 === len) {
					this.pendingQuote = true;
					break;
				}
				if (buf[q + 1] === QUOTE) {
					this.recordBytes++;
					i = q + 2;
				} else {
					this.inQuote = false;
					i = q + 1;
				}
				continue;
			}
			if (nextNl !== -1 && nextNl < i) nextNl = buf.indexOf(LF, i);
			if (nextQt !== -1 && nextQt < i) nextQt = buf.indexOf(QUOTE, i);
			if (nextNl === -1 && nextQt === -1) {
				this.recordBytes += len - i;
				break;
			}
			if (nextQt !== -1 && (nextNl === -1 || nextQt < nextNl)) {
				const before = this.recordBytes + (nextQt - i);
				const prev = nextQt > 0 ? buf[nextQt - 1] : this.lastByte;
				// RFC 4180: a quote opens a quoted cell only at the start of a cell; elsewhere it is text.
				if (before === 0 || prev === this.delimiter) {
					this.inQuote = true;
					this.quoteRecord = this.record;
				}
				this.recordBytes = before + 1;
				i = nextQt + 1;
				continue;
			}
			const nl = nextNl;
			const content = this.recordBytes + (nl - i);
			const hasCr = nl > 0 ? buf[nl - 1] === CR : this.lastByte === CR;
			if (hasCr) this.crlf++;
			else this.lf++;
			if (content === 0 || (content === 1 && hasCr)) this.blanks.push(this.record);
			this.record++;
			this.recordBytes = 0;
			i = nl + 1;
		}
		this.lastByte = buf[len - 1];
	}

	finish(): ScanResult {
		if (this.pendingQuote) {
			this.pendingQuote = false;
			this.inQuote = false;
		}
		const records = this.recordBytes > 0 ? this.record : this.record - 1;
		return {
			records,
			blankRecords: this.blanks,
			newline: this.lf && this.crlf ? 'mixed' : this.crlf ? 'crlf' : this.lf ? 'lf' : 'none',
			unterminatedQuoteRecord: this.inQuote ? this.quoteRecord : null
		};
	}
}
