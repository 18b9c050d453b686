// Issue 15: a scoped account's default as-of day and period come from the data in its scope, so
// another community's later upload neither moves them nor reveals that such data exists.
import { describe, expect, it } from 'vitest';
import { EMPTY_FILTERS } from '../../domain/filters';
import { parseCompareParams } from '../../domain/ranking';
import { loadCompareData } from '../compare/compare-data';
import { loadOverviewData } from '../dashboard/overview-data';
import { listProblems } from '../dashboard/problem-list';
import { ingestFile } from '../ingest/pipeline';
import { csv, ingestSandbox } from '../ingest/test-support';
import { loadReportData } from '../report/report-data';
import { defaultAsOf } from './as-of';

const box = ingestSandbox();
const MINE = '寿张路社区';
const OTHER = '云南路社区';
const TODAY = '2030-01-01';

async function load(rows: string[]) {
	const done = await ingestFile(
		box.db,
		box.file(`f${Math.random()}.csv`, csv(...rows)),
		box.options
	);
	expect(done.outcome).toBe('committed');
}

describe('the default as-of day of a scoped account', () => {
	it('stays at its communities’ last day when another community uploads later data', async () => {
		await load([`A-1,${MINE},营商环境,甲,2019-03-05,,待处理,,否`]);
		await load([`A-2,${MINE},营商环境,乙,2019-05-05,,已整改,2019-06-20,否`]);
		expect(await defaultAsOf(box.db, [MINE], TODAY)).toBe('2019-06-20');
		await load([`B-1,${OTHER},营商环境,丙,2021-09-15,,待处理,,否`]);

		expect(await defaultAsOf(box.db, null, TODAY)).toBe('2021-09-15');
		expect(await defaultAsOf(box.db, [MINE], TODAY)).toBe('2019-06-20');
		expect(await defaultAsOf(box.db, [], TODAY)).toBe(TODAY);

		const opts = { scope: [MINE], today: TODAY };
		const overview = await loadOverviewData(box.db, EMPTY_FILTERS, opts);
		expect(overview.period.asOf).toBe('2019-06-20');
		expect(overview.period.to).toBe('2019-06-20');
		const street = await loadOverviewData(box.db, EMPTY_FILTERS, { scope: null, today: TODAY });
		expect(street.period.asOf).toBe('2021-09-15');
		const compare = await loadCompareData(
			box.db,
			EMPTY_FILTERS,
			parseCompareParams(new URLSearchParams()),
			opts
		);
		expect(compare.period).toEqual(overview.period);
		const report = await loadReportData(box.db, EMPTY_FILTERS, opts);
		expect(report.overview.period).toEqual(overview.period);
		expect((await listProblems(box.db, EMPTY_FILTERS, {}, opts)).asOf).toBe('2019-06-20');

		// An empty scope sees nothing, and its day is today whatever the ledger holds.
		const none = await loadOverviewData(box.db, EMPTY_FILTERS, { scope: [], today: TODAY });
		expect(none.period.asOf).toBe(TODAY);
	});
});
