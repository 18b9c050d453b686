import { describe, expect, it, vi } from 'vitest';

vi.mock('$app/paths', () => ({ resolve: (p: string) => p }));

describe('localizedHref', () => {
	it('gives same-origin paths, never an absolute URL', async () => {
		const { localizedHref, sameHrefIn } = await import('./localized-href');
		expect(localizedHref('/problems')).toBe('/problems');
		expect(localizedHref('/problems', 'en')).toBe('/en/problems');
		expect(sameHrefIn(new URL('http://localhost:3000/problems?theme=safety'), 'en')).toBe(
			'/en/problems?theme=safety'
		);
		expect(sameHrefIn(new URL('http://localhost:3000/en/problems'), 'zh-CN')).toBe('/problems');
	});
});
