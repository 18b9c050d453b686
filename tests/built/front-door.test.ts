// The built server's front door (issue 15), as `npm start` runs it: every state-changing route
// refuses a foreign Origin with 403 before any handler, parser or redirect answers; oversized URLs
// and headers get 414 and 431 in Chinese instead of a reset; no answer names a server path.
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { signedInServer } from './bad-input-client';

const CHINESE = /[\u4e00-\u9fff]/;
const FOREIGN = 'http://evil.example';

const s = signedInServer();

/** Every state-changing method of every route on disk, with sample parameters. */
function mutatingRoutes(): { method: string; path: string }[] {
	const root = path.resolve('src/routes');
	const found: { method: string; path: string }[] = [];
	const walk = (dir: string) => {
		for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
			const full = path.join(dir, entry.name);
			if (entry.isDirectory()) {
				walk(full);
				continue;
			}
			const route =
				'/' +
				path
					.relative(root, dir)
					.split(path.sep)
					.join('/')
					.replace(/\[id=integer\]/g, '1')
					.replace(/\[id\]/g, '00000000-0000-4000-8000-000000000000')
					.replace(/\[community\]/g, encodeURIComponent('云南路社区'));
			const source = fs.readFileSync(full, 'utf8');
			if (entry.name === '+server.ts') {
				for (const [, method] of source.matchAll(/export const (POST|PUT|PATCH|DELETE)\b/g))
					found.push({ method, path: route });
			} else if (entry.name === '+page.server.ts' && /export const actions\b/.test(source)) {
				found.push({ method: 'POST', path: route });
			}
		}
	};
	walk(root);
	return found;
}

/** Sends raw bytes and reads the whole answer; `reset` when the connection was cut instead. */
function raw(request: Buffer): Promise<{ status: number; body: string; reset: boolean }> {
	return new Promise((resolve) => {
		const socket = net.connect(s.server.port, '127.0.0.1');
		const chunks: Buffer[] = [];
		let reset = false;
		socket.on('data', (c) => chunks.push(c));
		socket.on('error', () => (reset = true));
		socket.on('close', () => {
			const text = Buffer.concat(chunks).toString('utf8');
			const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0);
			resolve({ status, body: text.split('\r\n\r\n').slice(1).join('\r\n\r\n'), reset });
		});
		socket.write(request, () => socket.end());
	});
}

describe('the Origin check comes first', () => {
	const routes = mutatingRoutes();

	it('finds the routes to check', () => {
		expect(routes.length).toBeGreaterThanOrEqual(15);
		expect(routes).toContainEqual({
			method: 'PUT',
			path: `/api/v1/mapping-profiles/${encodeURIComponent('云南路社区')}`
		});
	});

	it('answers 403 for every state-changing route, signed in, with a foreign Origin', async () => {
		const answers: string[] = [];
		for (const { method, path: p } of routes) {
			for (const suffix of ['', '/']) {
				const res = await fetch(`${s.server.url}${p}${suffix}`, {
					method,
					headers: { cookie: s.cookie, origin: FOREIGN, 'content-type': 'application/json' },
					body: method === 'DELETE' ? undefined : '{}',
					redirect: 'manual'
				});
				const body = await res.text();
				answers.push(`${method} ${p}${suffix} ${res.status} ${CHINESE.test(body)}`);
			}
		}
		expect(answers.filter((a) => !a.endsWith(' 403 true'))).toEqual([]);
	});

	it('answers 403 before the parser refuses a raw non-ASCII path, and 400 in Chinese after', async () => {
		const put = (origin: string) =>
			Buffer.concat([
				Buffer.from('PUT /api/v1/mapping-profiles/'),
				Buffer.from('…', 'utf8'),
				Buffer.from(
					` HTTP/1.1\r\nHost: 127.0.0.1:${s.server.port}\r\nOrigin: ${origin}\r\n` +
						`Cookie: ${s.cookie}\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}`
				)
			]);
		const foreign = await raw(put(FOREIGN));
		expect(foreign.status).toBe(403);
		expect(foreign.body).toMatch(CHINESE);
		const own = await raw(put(s.server.url));
		expect(own.status).toBe(400);
		expect(own.body).toMatch(/请求格式不正确/);
	});
});

describe('oversized URLs and headers', () => {
	it('answers a 10,000-character query value with 414 in Chinese', async () => {
		const res = await fetch(`${s.server.url}/api/v1/problems?q=${'a'.repeat(10_000)}`, {
			headers: { cookie: s.cookie }
		});
		expect(res.status).toBe(414);
		expect(((await res.json()) as { error: string }).error).toMatch(/地址太长/);
	});

	it('answers a 90 KB URL with 414 and 90 KB of headers with 431, without a reset', async () => {
		const host = `Host: 127.0.0.1:${s.server.port}\r\n`;
		const longUrl = await raw(
			Buffer.from(`GET /problems?q=${'%E4%B8%80'.repeat(10_000)} HTTP/1.1\r\n${host}\r\n`)
		);
		expect(longUrl).toMatchObject({ status: 414, reset: false });
		expect(longUrl.body).toMatch(/地址太长/);
		const bigHeader = await raw(
			Buffer.from(`GET /login HTTP/1.1\r\n${host}X-Big: ${'a'.repeat(90_000)}\r\n\r\n`)
		);
		expect(bigHeader).toMatchObject({ status: 431, reset: false });
		expect(bigHeader.body).toMatch(/请求头太大/);
	});
});

describe('no server paths in answers', () => {
	it('names the backup relative to the data folder', async () => {
		const res = await fetch(`${s.server.url}/api/v1/admin/backup`, {
			method: 'POST',
			headers: { cookie: s.cookie }
		});
		const text = await res.text();
		expect(res.status).toBe(200);
		expect(text).not.toContain(s.server.dataDir);
		const { file } = JSON.parse(text) as { file: string };
		expect(file).toMatch(/^backups\/ledger-[\d-]+\.duckdb$/);
		expect(fs.existsSync(path.join(s.server.dataDir, file))).toBe(true);
	});
});
