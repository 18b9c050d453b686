import { describe, expect, it } from 'vitest';
import { serialisedWrite } from './write-queue';

const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

describe('serialisedWrite', () => {
	it('runs queued writes one at a time, in order, and goes on after one fails', async () => {
		const log: string[] = [];
		const write = (name: string, fail = false) =>
			serialisedWrite(async () => {
				log.push(`${name} start`);
				await tick();
				log.push(`${name} end`);
				if (fail) throw new Error(`${name} failed`);
				return name;
			});
		const results = await Promise.allSettled([write('a'), write('b', true), write('c')]);
		expect(results.map((r) => (r.status === 'fulfilled' ? r.value : String(r.reason)))).toEqual([
			'a',
			'Error: b failed',
			'c'
		]);
		expect(log).toEqual(['a start', 'a end', 'b start', 'b end', 'c start', 'c end']);
	});
});
