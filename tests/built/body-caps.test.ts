// Request bodies capped while they stream (issue 15), against the built server: anonymous 50 MB
// login posts cost neither memory nor other users' time, chunked JSON is cut off at its cap, and
// every refusal is a 413 in Chinese the client reads (no reset).
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { BuiltServer } from './built-server';
import { signedInServer, signIn } from './bad-input-client';

const CHINESE = /[\u4e00-\u9fff]/;

const s = signedInServer();

/** The server process's resident memory, in bytes (Linux). */
function rssOf(built: BuiltServer): number {
	const status = fs.readFileSync(`/proc/${built.proc.pid}/status`, 'utf8');
	return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) * 1024;
}

describe('request bodies are capped while they stream', () => {
	/** A chunked body of `mb` megabytes, and how much of it the server took. */
	function chunkedBody(mb: number) {
		let sent = 0;
		const body = new ReadableStream<Uint8Array>({
			pull(controller) {
				if (sent >= mb * 1024 * 1024) return controller.close();
				sent += 64 * 1024;
				controller.enqueue(new Uint8Array(64 * 1024).fill(0x61));
			}
		});
		return { body, sent: () => sent };
	}

	it('refuses five anonymous 50 MB login posts with 413, and others are served meanwhile', async () => {
		const posts = Array.from({ length: 5 }, async () => {
			const { body, sent } = chunkedBody(50);
			const res = await fetch(`${s.server.url}/login`, {
				method: 'POST',
				headers: { 'content-type': 'application/x-www-form-urlencoded', origin: s.server.url },
				body,
				duplex: 'half'
			} as RequestInit).catch((err: unknown) => err as Error);
			if (res instanceof Error)
				return {
					status: 0,
					text: `${res.message} ${String((res as { cause?: unknown }).cause)}`,
					sent: sent()
				};
			return { status: res.status, text: await res.text(), sent: sent() };
		});
		const rssBefore = rssOf(s.server);
		const started = Date.now();
		const page = await fetch(`${s.server.url}/login`);
		const pageMs = Date.now() - started;
		const answers = await Promise.all(posts);
		for (const a of answers) {
			expect(a.status, a.text).toBe(413);
			expect(a.text).toMatch(/请求内容过大（上限 16 KB）/);
		}
		expect(page.status).toBe(200);
		expect(pageMs).toBeLessThan(1500);
		// Before: +780 MB, with every body parsed whole.
		expect(rssOf(s.server) - rssBefore).toBeLessThan(100 * 1024 * 1024);
	});

	it('refuses a declared 50 MB login post at once', async () => {
		const res = await fetch(`${s.server.url}/login`, {
			method: 'POST',
			headers: { 'content-type': 'application/x-www-form-urlencoded', origin: s.server.url },
			body: 'a'.repeat(50 * 1024 * 1024)
		});
		expect(res.status).toBe(413);
		expect(await res.text()).toMatch(CHINESE);
	});

	it('refuses a chunked 20 MB JSON body with 413 before parsing it', async () => {
		const { body } = chunkedBody(20);
		const res = await fetch(
			`${s.server.url}/api/v1/mapping-profiles/${encodeURIComponent('云南路社区')}`,
			{
				method: 'PUT',
				headers: { cookie: s.cookie, 'content-type': 'application/json' },
				body,
				duplex: 'half'
			} as RequestInit
		);
		expect(res.status).toBe(413);
		expect(((await res.json()) as { error: string }).error).toMatch(/请求内容过大（上限 1 MB）/);
	});

	it('still signs in with a normal form post', async () => {
		expect((await signIn(s.server)).cookie).toMatch(/^ledger_session=/);
	});
});
