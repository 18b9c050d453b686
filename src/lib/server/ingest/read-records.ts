// The decode and parse steps alone, for files that are not problem lists: yields every record as
// its cells, header included. Used by the parser conformance test (csv-spectrum) and for
// diagnosing odd files; the ingest pipeline composes the same steps with header mapping in between.
import fs from 'node:fs';
import type { LedgerDatabase } from '../db/database';
import { all } from '../db/database';
import { decodeToUtf8, inspectHead } from './decode';
import { splitHeadRecords } from './header';
import { cellColumn, dropParsed, parseCsv } from './parse';
import { RecordScanner } from './record-scan';

export async function readRecords(
	db: LedgerDatabase,
	file: string,
	opts: { delimiter: string; tmpDir: string }
): Promise<(string | null)[][]> {
	const inspection = await inspectHead(file);
	const scanner = new RecordScanner(opts.delimiter.charCodeAt(0));
	const decoded = await decodeToUtf8(file, inspection, opts.tmpDir, (c) => scanner.push(c));
	try {
		const scan = scanner.finish();
		const [first] = splitHeadRecords(inspection.headText, opts.delimiter, false, 1);
		const tag = `read_${process.pid}_${Date.now()}`;
		return await db.withConnection(async (c) => {
			try {
				const parsed = await parseCsv(c, {
					utf8Path: decoded.utf8Path,
					delimiter: opts.delimiter,
					width: first.length,
					headerRow: 0,
					blankRecords: scan.blankRecords,
					tag
				});
				const cols = Array.from({ length: parsed.width }, (_, i) => cellColumn(i));
				const rows = await all<Record<string, string | null>>(
					c,
					`SELECT ${cols.join(', ')} FROM ${parsed.table} ORDER BY row_no`
				);
				return rows.map((r) => cols.map((col) => r[col]));
			} finally {
				await dropParsed(c, tag);
			}
		});
	} finally {
		if (decoded.temporary) await fs.promises.rm(decoded.utf8Path, { force: true });
	}
}
