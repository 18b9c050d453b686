// Where the test corpus lives; imported by unit tests and by the end-to-end seeding script.
import fs from 'node:fs';
import path from 'node:path';

/**
 * The shared corpus beside the project when it is there (as in CI), else the copy in
 * data/fixtures/corpus, so a lone clone still runs every test; tests/fixtures-sync.test.ts keeps the
 * copy identical to the shared original.
 */
export const SHARED_CORPUS = path.resolve(process.cwd(), '../shared/corpus');
export const FIXTURE_CORPUS = path.resolve(process.cwd(), 'data/fixtures/corpus');
export const CORPUS = fs.existsSync(SHARED_CORPUS) ? SHARED_CORPUS : FIXTURE_CORPUS;

/**
 * Rows of corpus files that are a 合计 (total) line: row 10 of row_errors.csv is `合计,,,,…`. The
 * corpus expects them as rejects; the importer skips them and names them in a note instead (README,
 * "Total rows"), since a sum under the list is not a problem with missing fields.
 */
export const TOTAL_ROWS: Readonly<Record<string, readonly number[]>> = { 'row_errors.csv': [10] };

/** What the importer rejects of a corpus file the corpus expects `rejected` rejects of. */
export function expectedRejects(
	name: string,
	expected: { rejected?: number; rejected_rows?: number[] }
): { rejected: number; rejectedRows: number[] | undefined; totals: number[] } {
	const totals = (TOTAL_ROWS[name] ?? []).filter((row) => expected.rejected_rows?.includes(row));
	return {
		rejected: (expected.rejected ?? 0) - totals.length,
		rejectedRows: expected.rejected_rows?.filter((row) => !totals.includes(row)),
		totals
	};
}
