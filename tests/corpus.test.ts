// Every file of the shared corpus gives exactly what expected.json says; the numbers are read from
// expected.json, never copied here.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countBy } from '../src/lib/server/db/stats';
import type { FileResult } from '../src/lib/domain/upload-model';
import { ingestFile } from '../src/lib/server/ingest/pipeline';
import { CORPUS, expectedRejects } from '../src/lib/server/ingest/test-corpus';
import { sandbox, type Sandbox } from '../src/lib/server/ingest/test-support';

interface Expectation {
	outcome: 'committed' | 'refused' | 'refused_or_rejected';
	accepted?: number;
	rejected?: number;
	rejected_rows?: number[];
	encoding?: string;
	header_row?: number;
	reason?: string;
}

const expected = JSON.parse(fs.readFileSync(path.join(CORPUS, 'expected.json'), 'utf8')) as {
	good: Record<string, Expectation>;
	bad: Record<string, Expectation>;
	totals_after_good: {
		total: number;
		by_status: Record<string, number>;
		by_community: Record<string, number>;
		by_theme: Record<string, number>;
	};
};

/** Which refusal code answers each reason written in expected.json. */
const REFUSAL_FOR_REASON: [RegExp, string[]][] = [
	[/^empty file/, ['empty']],
	[/^no data rows/, ['no_data']],
	[/^not text in a supported encoding/, ['encoding', 'binary']],
	[/^not a CSV \(a zip/, ['container']],
	[/^required column missing/, ['missing_column']],
	[/^two columns map to/, ['duplicate_column']]
];

function checkFile(name: string, result: FileResult, exp: Expectation): void {
	if (exp.outcome === 'refused') {
		expect(result.outcome).toBe('refused');
		expect(result.message).toMatch(/[\u4e00-\u9fff]/); // a message in Chinese
		const match = REFUSAL_FOR_REASON.find(([re]) => re.test(exp.reason ?? ''));
		expect(match, `no refusal code known for "${exp.reason}"`).toBeDefined();
		expect(match?.[1]).toContain(result.refusal);
		if (/^two columns map to (\w+): (.*)$/.test(exp.reason ?? '')) {
			const [, field, headers] = /^two columns map to (\w+): (.*)$/.exec(exp.reason ?? '') ?? [];
			expect(result.message).toContain(field);
			expect(result.message).toContain(headers);
		}
		if (/^required column missing: (\w+)/.test(exp.reason ?? '')) {
			expect(result.message).toContain(
				/^required column missing: (\w+)/.exec(exp.reason ?? '')?.[1]
			);
		}
		return;
	}
	if (exp.outcome === 'refused_or_rejected') {
		// Never a silent accept: refused with the row named, or row 2 rejected.
		if (result.outcome === 'refused') expect(result.message).toMatch(/第 2 行/);
		else expect(result.rejects.map((r) => r.row)).toContain(2);
		return;
	}
	expect(result.outcome).toBe('committed');
	expect(result.rowsAccepted).toBe(exp.accepted);
	// Where the corpus expects a 合计 row as a reject, it is skipped and named in a note instead.
	const { rejected, rejectedRows, totals } = expectedRejects(name, exp);
	if (totals.length)
		expect(result.notes).toContainEqual(
			expect.stringContaining(`第 ${totals.join('、')} 行是合计行`)
		);
	expect(result.rowsRejected).toBe(rejected);
	expect([...new Set(result.rejects.map((r) => r.row))]).toEqual(rejectedRows);
	if (exp.encoding) expect(result.encoding).toBe(exp.encoding);
	if (exp.header_row) expect(result.headerRow).toBe(exp.header_row);
}

describe.each(['good', 'bad'] as const)('corpus/%s', (group) => {
	let box: Sandbox;
	beforeAll(async () => {
		box = await sandbox();
	});
	afterAll(async () => box.dispose());

	it.each(Object.entries(expected[group]))('%s', async (name, exp) => {
		// Each file alone, against an empty database.
		const own = await sandbox();
		try {
			const result = await ingestFile(own.db, path.join(CORPUS, group, name), own.options);
			checkFile(name, result, exp);
			if (result.outcome === 'refused') {
				const [{ n }] = await own.db.all<{ n: number }>(
					'SELECT (SELECT count(*) FROM problems) + (SELECT count(*) FROM uploads) + (SELECT count(*) FROM rejects) AS n'
				);
				expect(Number(n)).toBe(0);
			}
		} finally {
			await own.dispose();
		}
	});
});

describe('corpus totals after loading every good file', () => {
	let box: Sandbox;
	beforeAll(async () => {
		box = await sandbox();
		for (const name of Object.keys(expected.good)) {
			const r = await ingestFile(box.db, path.join(CORPUS, 'good', name), box.options);
			expect(r.outcome).toBe('committed');
		}
	});
	afterAll(async () => box.dispose());

	const asMap = (
		rows: { count: number; [k: string]: unknown }[],
		dim: string
	): Record<string, number> => Object.fromEntries(rows.map((r) => [String(r[dim]), r.count]));

	it('has the expected total', async () => {
		expect((await countBy(box.db, [])).total).toBe(expected.totals_after_good.total);
	});
	it('has the expected counts by status', async () => {
		expect(asMap((await countBy(box.db, ['status'])).rows, 'status')).toEqual(
			expected.totals_after_good.by_status
		);
	});
	it('has the expected counts by community', async () => {
		expect(asMap((await countBy(box.db, ['community'])).rows, 'community')).toEqual(
			expected.totals_after_good.by_community
		);
	});
	it('has the expected counts by theme', async () => {
		expect(asMap((await countBy(box.db, ['theme'])).rows, 'theme')).toEqual(
			expected.totals_after_good.by_theme
		);
	});
	it('reads GB18030 four-byte characters back exactly', async () => {
		const r = await ingestFile(
			box.db,
			path.join(CORPUS, 'bad', 'gb18030_four_byte.csv'),
			box.options
		);
		expect(r.outcome).toBe('committed');
		const [row] = await box.db.all<{ description: string }>(
			"SELECT description FROM problems WHERE problem_id = 'GB4001'"
		);
		expect(row.description).toBe('𠀀字与䶮字在GB18030中为四字节编码');
	});
	it('stores injection payloads as plain text', async () => {
		await ingestFile(box.db, path.join(CORPUS, 'bad', 'injection.csv'), box.options);
		const rows = await box.db.all<{ problem_id: string; description: string }>(
			"SELECT problem_id, description FROM problems WHERE problem_id LIKE 'INJ%' ORDER BY problem_id"
		);
		expect(rows.map((r) => r.description)).toEqual([
			'=HYPERLINK("http://example.invalid","点这里")',
			'+1+1',
			'-2+3',
			'@SUM(A1:A9)',
			'<img src=x onerror=alert(1)><script>alert(2)</script>'
		]);
	});
});
