// The HTTP side of the built suites (bad input, body caps, front door, hostile files): signs in to a
// built server, streams multipart uploads from memory or from a file (with or without a
// Content-Length), cuts one off mid-body over a raw socket, and reads what the server kept: totals,
// staged folders, temp files.
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { once } from 'node:events';
import { afterAll, beforeAll } from 'vitest';
import {
	ADMIN_PASSWORD,
	startBuiltServer,
	type BuiltServer,
	type StartOptions
} from './built-server';

export interface Session {
	server: BuiltServer;
	cookie: string;
}

export interface Answer {
	status: number;
	// eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON of several endpoints
	body: any;
}

/** Signs in through the login form as a browser posts it (the admin unless told); the session. */
export async function signIn(
	server: BuiltServer,
	username = 'admin',
	password = ADMIN_PASSWORD
): Promise<Session> {
	const res = await fetch(`${server.url}/login`, {
		method: 'POST',
		// As a browser's form post: with text/html SvelteKit answers the action with its redirect.
		headers: {
			origin: server.url,
			accept: 'text/html',
			'content-type': 'application/x-www-form-urlencoded'
		},
		body: new URLSearchParams({ username, password }),
		redirect: 'manual'
	});
	const cookie = res.headers
		.getSetCookie()
		.find((c) => c.startsWith('ledger_session='))
		?.split(';')[0];
	if (res.status !== 303 || !cookie)
		throw new Error(`sign-in as ${username} failed: ${res.status}`);
	return { server, cookie };
}

/**
 * One built server for the whole test file, signed in to as its admin: started before the first
 * test, stopped and its data folder removed after the last. Its session, usable inside the tests.
 */
export function signedInServer(options: StartOptions = {}): Session {
	let server: BuiltServer | undefined;
	let cookie: string | undefined;
	beforeAll(async () => {
		server = await startBuiltServer(options);
		({ cookie } = await signIn(server));
	});
	afterAll(async () => {
		await server?.stop();
		if (server) fs.rmSync(server.dataDir, { recursive: true, force: true });
	});
	const started = <T>(value: T | undefined): T => {
		if (value === undefined) throw new Error('signedInServer() is only usable inside a test');
		return value;
	};
	return {
		get server() {
			return started(server);
		},
		get cookie() {
			return started(cookie);
		}
	};
}

export async function api(
	s: Session,
	pathAndQuery: string,
	init: { method?: string; json?: unknown } = {}
): Promise<Answer> {
	const res = await fetch(`${s.server.url}${pathAndQuery}`, {
		method: init.method ?? 'GET',
		headers: {
			cookie: s.cookie,
			origin: s.server.url,
			...(init.json === undefined ? {} : { 'content-type': 'application/json' })
		},
		body: init.json === undefined ? undefined : JSON.stringify(init.json)
	});
	const text = await res.text();
	return { status: res.status, body: text.startsWith('{') ? JSON.parse(text) : text };
}

export interface UploadFile {
	/** The file name as the client sends it (UTF-8, as browsers do). */
	name: string;
	content?: Buffer;
	/** Streamed from disk instead of `content`. */
	path?: string;
}

const BOUNDARY = '----ledgerBadInput7d1e';

function multipartParts(file: UploadFile): { head: Buffer; tail: Buffer } {
	return {
		head: Buffer.from(
			`--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\n` +
				'Content-Type: text/csv\r\n\r\n'
		),
		tail: Buffer.from(`\r\n--${BOUNDARY}--\r\n`)
	};
}

function fileSize(file: UploadFile): number {
	return file.path ? fs.statSync(file.path).size : file.content!.length;
}

/**
 * POSTs one file to /api/v1/uploads. With `chunked` the body has no Content-Length, so only the
 * server's own byte count can stop an oversize one. The answer may come before the whole body was
 * sent (413): it is read, and the rest of the body is dropped.
 */
export function postUpload(
	s: Session,
	file: UploadFile,
	opts: { dryRun?: boolean; chunked?: boolean } = {}
): Promise<Answer> {
	const { head, tail } = multipartParts(file);
	const url = `${s.server.url}/api/v1/uploads${opts.dryRun ? '?dryRun=1' : ''}`;
	const headers: Record<string, string> = {
		cookie: s.cookie,
		origin: s.server.url,
		'content-type': `multipart/form-data; boundary=${BOUNDARY}`
	};
	if (!opts.chunked) headers['content-length'] = String(head.length + fileSize(file) + tail.length);
	return new Promise<Answer>((resolve, reject) => {
		const req = http.request(url, { method: 'POST', headers });
		let answered = false;
		req.on('error', (err) => {
			if (!answered) reject(err);
		});
		req.on('response', (res) => {
			answered = true;
			const chunks: Buffer[] = [];
			res.on('data', (c: Buffer) => chunks.push(c));
			res.on('error', reject);
			res.on('end', () => {
				req.destroy();
				const text = Buffer.concat(chunks).toString('utf8');
				resolve({
					status: res.statusCode ?? 0,
					body: text.startsWith('{') ? JSON.parse(text) : text
				});
			});
		});
		void (async () => {
			req.write(head);
			const source: AsyncIterable<Buffer> | Buffer[] = file.path
				? fs.createReadStream(file.path, { highWaterMark: 1 << 20 })
				: [file.content!];
			for await (const chunk of source) {
				if (answered || req.destroyed) return;
				if (!req.write(chunk)) await Promise.race([once(req, 'drain'), once(req, 'close')]);
			}
			if (!answered && !req.destroyed) req.end(tail);
		})().catch(() => undefined);
	});
}

/**
 * Sends the headers and the first half of an upload's body over a raw socket, waits until the
 * server has started staging it (`started`), then drops the connection.
 */
export async function cutOffUpload(
	s: Session,
	file: UploadFile & { content: Buffer },
	started: () => boolean
): Promise<void> {
	const { head, tail } = multipartParts(file);
	const body = Buffer.concat([head, file.content, tail]);
	const socket = net.connect(s.server.port, '127.0.0.1');
	await once(socket, 'connect');
	socket.write(
		`POST /api/v1/uploads HTTP/1.1\r\nHost: 127.0.0.1:${s.server.port}\r\nOrigin: ${s.server.url}\r\n` +
			`Cookie: ${s.cookie}\r\nContent-Type: multipart/form-data; boundary=${BOUNDARY}\r\n` +
			`Content-Length: ${body.length}\r\n\r\n`
	);
	socket.write(body.subarray(0, Math.floor(body.length / 2)));
	await waitFor(started, 'the half-sent upload to reach the staging folder');
	socket.destroy();
}

export async function waitFor(check: () => boolean, what: string, ms = 15_000): Promise<void> {
	const deadline = Date.now() + ms;
	while (!check()) {
		if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
		await new Promise((r) => setTimeout(r, 50));
	}
}

export interface Totals {
	problems: number;
	batches: number;
	byCommunity: Record<string, number>;
}

/** What the database holds, read through the API as a user would. */
export async function totals(s: Session): Promise<Totals> {
	const stats = await api(s, '/api/v1/stats?by=community');
	const history = await api(s, '/api/v1/uploads?limit=1');
	if (stats.status !== 200 || history.status !== 200) throw new Error('cannot read the totals');
	const byCommunity: Record<string, number> = {};
	for (const row of stats.body.rows as { community: string; count: number }[])
		byCommunity[row.community] = row.count;
	return { problems: stats.body.total, batches: history.body.total, byCommunity };
}

const list = (dir: string): string[] => (fs.existsSync(dir) ? fs.readdirSync(dir).sort() : []);

/** Staged upload folders, and which of them are complete (have their meta.json). */
export function staged(s: Session): { all: string[]; partial: string[] } {
	const dir = path.join(s.server.dataDir, 'staging');
	const all = list(dir);
	return { all, partial: all.filter((id) => !fs.existsSync(path.join(dir, id, 'meta.json'))) };
}

export const tmpFiles = (s: Session): string[] => list(path.join(s.server.dataDir, 'tmp'));
export const archived = (s: Session): string[] => list(path.join(s.server.dataDir, 'uploads'));
