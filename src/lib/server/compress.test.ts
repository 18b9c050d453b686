import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { gzipIfAccepted } from './compress';

const html = '<!doctype html><p>问题台账</p>'.repeat(200);
const request = (encoding?: string) =>
	new Request('http://localhost/', { headers: encoding ? { 'accept-encoding': encoding } : {} });
const page = () => new Response(html, { headers: { 'content-type': 'text/html; charset=utf-8' } });

describe('gzipIfAccepted', () => {
	it('compresses HTML for a client that accepts gzip, byte for byte', async () => {
		const res = gzipIfAccepted(request('gzip, deflate, br'), page());
		expect(res.headers.get('content-encoding')).toBe('gzip');
		const body = Buffer.from(await res.arrayBuffer());
		expect(body.length).toBeLessThan(Buffer.byteLength(html) / 5);
		expect(gunzipSync(body).toString('utf8')).toBe(html);
	});

	it('leaves a response alone for a client without gzip, or a type that gains nothing', async () => {
		expect(gzipIfAccepted(request(), page()).headers.get('content-encoding')).toBeNull();
		const png = new Response(new Uint8Array([1, 2, 3]), {
			headers: { 'content-type': 'image/png' }
		});
		expect(gzipIfAccepted(request('gzip'), png).headers.get('content-encoding')).toBeNull();
	});
});
