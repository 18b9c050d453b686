import { describe, expect, it } from 'vitest';
import { serialisedWrite } from '../db/write-queue';
import { ViewCache } from './view-cache';

describe('the view cache', () => {
	it('computes a view once until a write settles, then again', async () => {
		const cache = new ViewCache<number>();
		let runs = 0;
		const make = async () => ++runs;
		expect(await cache.get(['overview', { from: '2019-01-01' }], make)).toBe(1);
		expect(await cache.get(['overview', { from: '2019-01-01' }], make)).toBe(1);
		expect(await cache.get(['overview', { from: '2019-02-01' }], make)).toBe(2);
		await serialisedWrite(async () => undefined);
		expect(await cache.get(['overview', { from: '2019-01-01' }], make)).toBe(3);
	});

	it('counts a failed write too, and shares one computation between requests in flight', async () => {
		const cache = new ViewCache<number>();
		let runs = 0;
		const make = () => new Promise<number>((resolve) => setTimeout(() => resolve(++runs), 10));
		const [a, b] = await Promise.all([cache.get(['x'], make), cache.get(['x'], make)]);
		expect([a, b, runs]).toEqual([1, 1, 1]);
		await serialisedWrite(async () => {
			throw new Error('rolled back');
		}).catch(() => undefined);
		expect(await cache.get(['x'], make)).toBe(2);
	});

	it('does not keep a failure, and keeps at most maxEntries views', async () => {
		const cache = new ViewCache<number>(2);
		await expect(cache.get(['bad'], () => Promise.reject(new Error('x')))).rejects.toThrow('x');
		expect(await cache.get(['bad'], async () => 7)).toBe(7);
		await cache.get(['a'], async () => 1);
		await cache.get(['b'], async () => 2);
		expect(cache.size).toBe(2);
		let again = 0;
		await cache.get(['bad'], async () => ++again);
		expect(again).toBe(1);
	});
});
