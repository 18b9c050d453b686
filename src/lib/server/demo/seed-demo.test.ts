import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { count, sandbox, type Sandbox } from '../ingest/test-support';
import { seedDemo, type SeedSummary } from './seed-demo';

let box: Sandbox;
let summary: SeedSummary;
beforeAll(async () => {
	box = await sandbox();
	summary = await seedDemo(box.db, box.options);
}, 120_000);
afterAll(async () => box.dispose());

describe('seed-demo through the real ingest', () => {
	it('loads every demo export without a reject', async () => {
		expect(summary.seeded).toBe(true);
		expect(summary.rejected).toBe(0);
		expect(await count(box.db, 'uploads')).toBe(summary.files);
		expect(summary.problems).toBeGreaterThanOrEqual(1900);
		expect(summary.problems).toBeLessThanOrEqual(2100);
	});

	it('builds status histories dated within 2018–2019 from the successive exports', async () => {
		const [e] = await box.db.all<{ n: number; first: string; last: string; problems: number }>(
			`SELECT count(*)::INTEGER AS n, strftime(min(changed_on), '%Y-%m-%d') AS first, strftime(max(changed_on), '%Y-%m-%d') AS last,
				count(DISTINCT community || problem_id)::INTEGER AS problems FROM status_events`
		);
		expect(e.n).toBeGreaterThan(500);
		expect(e.first >= '2018-01-01' && e.last <= '2019-12-31').toBe(true);
	});

	it('covers every theme, community and status, with themes read from the files', async () => {
		const [r] = await box.db.all<{
			themes: number;
			units: number;
			statuses: number;
			classified: number;
		}>(
			`SELECT count(DISTINCT theme)::INTEGER AS themes, count(DISTINCT community)::INTEGER AS units,
				count(DISTINCT status)::INTEGER AS statuses, count(*) FILTER (WHERE theme_source = 'classified')::INTEGER AS classified FROM problems`
		);
		expect(r).toEqual({ themes: 11, units: 10, statuses: 11, classified: 0 });
	});

	it('skips when asked to seed only an empty database', async () => {
		const again = await seedDemo(box.db, box.options, { ifEmpty: true });
		expect(again.seeded).toBe(false);
		expect(await count(box.db, 'uploads')).toBe(summary.files);
	});
});
