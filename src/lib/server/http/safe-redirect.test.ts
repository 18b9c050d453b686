import { describe, expect, it } from 'vitest';
import { sameOriginPath } from './safe-redirect';

/** Where a browser lands when it follows `Location: <path>` from http://app.example. */
function landing(path: string): string {
	return new URL(path, 'http://app.example').host;
}

describe('redirect targets', () => {
	it('keeps paths of this app with their query', () => {
		expect(sameOriginPath('/problems?theme=a&page=2')).toBe('/problems?theme=a&page=2');
		expect(sameOriginPath('/en/compare#ranking')).toBe('/en/compare#ranking');
		expect(sameOriginPath('/问题')).toBe('/%E9%97%AE%E9%A2%98');
	});

	it('sends every way off the site to the fallback', () => {
		const attacks = [
			'//evil.example/x',
			'/\\evil.example/x',
			'/\t/evil.example/x',
			'/\n/evil.example/x',
			'/\r\n/evil.example/x',
			'\\\\evil.example',
			'/x/..//evil.example',
			'/.//evil.example',
			'https://evil.example/',
			'javascript:alert(1)',
			'evil.example',
			'',
			null,
			undefined
		];
		for (const target of attacks) {
			const path = sameOriginPath(target);
			expect(landing(path), JSON.stringify(target)).toBe('app.example');
		}
		expect(sameOriginPath('/\\evil.example/x')).toBe('/');
		expect(sameOriginPath('/\t/evil.example/x', '/login')).toBe('/login');
	});

	it('never returns CR or LF, which a Location header refuses', () => {
		const path = sameOriginPath('/problems\r\nSet-Cookie: a=b');
		expect(path).not.toMatch(/[\r\n]/);
		expect(() => new Headers({ location: path })).not.toThrow();
	});
});
