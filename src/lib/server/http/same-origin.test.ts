import { describe, expect, it } from 'vitest';
import { isCrossSite } from './same-origin';

const post = (headers: Record<string, string>) =>
	new Request('https://10.0.0.5:3000/api/v1/uploads', { method: 'POST', headers });

describe('isCrossSite', () => {
	it('lets the app’s own pages post, over http even when the server assumes https', () => {
		expect(isCrossSite(post({ origin: 'http://10.0.0.5:3000' }))).toBe(false);
		expect(
			isCrossSite(post({ origin: 'https://10.0.0.5:3000', 'sec-fetch-site': 'same-origin' }))
		).toBe(false);
	});

	it('refuses a page on another host or port, a null origin, and a cross-site fetch', () => {
		expect(isCrossSite(post({ origin: 'http://evil.example' }))).toBe(true);
		expect(isCrossSite(post({ origin: 'http://10.0.0.5:8080' }))).toBe(true);
		expect(isCrossSite(post({ origin: 'null' }))).toBe(true);
		expect(isCrossSite(post({ 'sec-fetch-site': 'cross-site' }))).toBe(true);
	});

	it('lets scripts without an Origin post, and never blocks reads', () => {
		expect(isCrossSite(post({}))).toBe(false);
		expect(
			isCrossSite(
				new Request('https://10.0.0.5:3000/', { headers: { origin: 'http://evil.example' } })
			)
		).toBe(false);
	});

	it('refuses a cross-origin JSON POST as well as a form (SvelteKit checks forms only)', () => {
		const json = new Request('https://10.0.0.5:3000/api/v1/uploads/1/revert', {
			method: 'POST',
			headers: { origin: 'http://evil.example', 'content-type': 'application/json' },
			body: '{}'
		});
		expect(isCrossSite(json)).toBe(true);
	});
});
