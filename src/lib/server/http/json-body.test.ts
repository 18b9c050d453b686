import { describe, expect, it } from 'vitest';
import { ApiError } from './api-error';
import { readJson } from './json-body';

const CHUNK = 64 * 1024;

/** A chunked JSON body (no Content-Length) of `total` bytes, counting what was pulled from it. */
function chunked(total: number) {
	let pulled = 0;
	const body = new ReadableStream<Uint8Array>({
		pull(controller) {
			if (pulled >= total) return controller.close();
			const chunk = new Uint8Array(CHUNK).fill(0x20); // spaces: valid JSON padding
			if (pulled === 0) chunk[0] = 0x5b; // '['
			pulled += CHUNK;
			controller.enqueue(chunk);
		}
	});
	const request = new Request('http://localhost/api/v1/x', {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body,
		duplex: 'half'
	} as RequestInit);
	return { request, pulled: () => pulled };
}

describe('readJson', () => {
	it('answers 413 for an endless chunked body once past the cap, before its end', async () => {
		const { request, pulled } = chunked(Infinity);
		const err = await readJson(request, 1024 * 1024).catch((e: unknown) => e);
		expect(err).toBeInstanceOf(ApiError);
		expect((err as ApiError).status).toBe(413);
		expect((err as ApiError).message).toMatch(/请求内容过大（上限 1 MB）/);
		expect(pulled()).toBeGreaterThan(1024 * 1024);
	});

	it('refuses a declared Content-Length over the cap without reading', async () => {
		const request = new Request('http://localhost/api/v1/x', {
			method: 'PUT',
			headers: { 'content-type': 'application/json', 'content-length': String(5 * 1024 * 1024) },
			body: '{}'
		});
		await expect(readJson(request)).rejects.toMatchObject({ status: 413 });
	});

	it('reads a body under the cap, with text in UTF-8', async () => {
		const request = new Request('http://localhost/api/v1/x', {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ community: '云南路社区' })
		});
		expect(await readJson(request)).toEqual({ community: '云南路社区' });
	});
});
