// The checks the built server makes on every request before SvelteKit sees it, installed by
// src/cli/serve.ts on adapter-node's Node server: a URL over MAX_URL_BYTES gets 414, a
// state-changing request from another site 403 (so no route, redirect or parser answers first),
// and a request Node's parser refuses (headers over its 16 KB, a raw non-ASCII path) gets a
// Chinese answer instead of Node's bare 400/431 and a reset connection.
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { CROSS_SITE_MESSAGE, isCrossSiteBy } from './same-origin';

/** Longest request target (path and query) served; browsers' own limits are near 8 KB too. */
export const MAX_URL_BYTES = 8 * 1024;

export const URL_TOO_LONG_MESSAGE = `请求的地址太长（超过 ${MAX_URL_BYTES / 1024} KB），无法处理。请减少筛选条件或搜索词后重试。`;
export const HEADERS_TOO_LARGE_MESSAGE =
	'请求头太大，无法处理。请清除本站的 Cookie 后重试；如果仍然出现，请联系管理员。';
export const BAD_REQUEST_MESSAGE =
	'请求格式不正确（例如地址里有未编码的字符），无法处理。请从本系统的页面重新操作。';

/** How long a refused connection may go on sending before it is closed anyway. */
const DRAIN_MS = 5_000;
/** How much of a refused body is read (and dropped) so that the client reads the answer. */
const DRAIN_BYTES = 64 * 1024 * 1024;

export interface Refusal {
	status: 400 | 403 | 414 | 431;
	message: string;
}

/** Whether a parsed request may go on to SvelteKit, or the refusal to answer it with. */
export function frontDoorRefusal(req: {
	method?: string;
	url?: string;
	headers: IncomingMessage['headers'];
}): Refusal | null {
	if (Buffer.byteLength(req.url ?? '') > MAX_URL_BYTES) {
		return { status: 414, message: URL_TOO_LONG_MESSAGE };
	}
	const one = (name: string) => {
		const value = req.headers[name];
		return Array.isArray(value) ? value.join(', ') : (value ?? null);
	};
	const crossSite = isCrossSiteBy({
		method: req.method ?? 'GET',
		origin: one('origin'),
		secFetchSite: one('sec-fetch-site'),
		host: hostOf(one('host'))
	});
	return crossSite ? { status: 403, message: CROSS_SITE_MESSAGE } : null;
}

function hostOf(header: string | null): string {
	try {
		return new URL(`http://${header ?? ''}`).host;
	} catch {
		return '';
	}
}

/** The start of a request Node's parser gave up on: its request line and the headers read. */
export function parseRawStart(raw: Buffer): {
	method?: string;
	url?: string;
	lineComplete: boolean;
	headers: Record<string, string>;
} {
	const text = raw.toString('latin1');
	const end = text.indexOf('\r\n');
	const line = end === -1 ? text : text.slice(0, end);
	const [method, url] = line.split(' ');
	const headers: Record<string, string> = {};
	if (end !== -1) {
		for (const h of text.slice(end + 2).split('\r\n')) {
			const colon = h.indexOf(':');
			if (colon > 0) headers[h.slice(0, colon).trim().toLowerCase()] = h.slice(colon + 1).trim();
		}
	}
	return { method, url, lineComplete: end !== -1, headers };
}

function isApiPath(url: string | undefined): boolean {
	return (url ?? '').startsWith('/api/');
}

function body(refusal: Refusal, api: boolean): { type: string; text: string } {
	return api
		? { type: 'application/json; charset=utf-8', text: JSON.stringify({ error: refusal.message }) }
		: { type: 'text/plain; charset=utf-8', text: refusal.message };
}

/**
 * Ends a refused connection without a reset: the answer, then a half-close, then whatever the
 * client still sends is read and dropped (up to a cap and a time), so that it can read the answer.
 */
function answerAndDrain(socket: Socket, head: string, payload: Buffer): void {
	let seen = 0;
	const timer = setTimeout(() => socket.destroy(), DRAIN_MS);
	timer.unref();
	socket.on('data', (chunk: Buffer) => {
		seen += chunk.length;
		if (seen > DRAIN_BYTES) socket.destroy();
	});
	socket.on('error', () => undefined);
	socket.on('close', () => clearTimeout(timer));
	socket.end(Buffer.concat([Buffer.from(head, 'latin1'), payload]));
	socket.resume();
}

/** What Node's parser refused, as the answer to give (exported for the tests). */
export function clientErrorRefusal(code: string | undefined, raw: Buffer | undefined): Refusal {
	const start = parseRawStart(raw ?? Buffer.alloc(0));
	if (code === 'HPE_HEADER_OVERFLOW') {
		const lineTooLong = !start.lineComplete || Buffer.byteLength(start.url ?? '') > MAX_URL_BYTES;
		return lineTooLong
			? { status: 414, message: URL_TOO_LONG_MESSAGE }
			: { status: 431, message: HEADERS_TOO_LARGE_MESSAGE };
	}
	// Even a request the parser refused is first checked for its origin.
	const crossSite = frontDoorRefusal({ ...start, url: '', headers: start.headers });
	return crossSite ?? { status: 400, message: BAD_REQUEST_MESSAGE };
}

const REASONS: Record<Refusal['status'], string> = {
	400: 'Bad Request',
	403: 'Forbidden',
	414: 'URI Too Long',
	431: 'Request Header Fields Too Large'
};

export function installFrontDoor(server: Server): void {
	// Every 'request' listener adapter-node (polka, its shutdown counter) attached runs only for a
	// request that passes.
	const listeners = server.listeners('request') as ((
		req: IncomingMessage,
		res: ServerResponse
	) => void)[];
	server.removeAllListeners('request');
	server.on('request', (req: IncomingMessage, res: ServerResponse) => {
		const refusal = frontDoorRefusal(req);
		if (!refusal) {
			for (const listener of listeners) listener.call(server, req, res);
			return;
		}
		const { type, text } = body(refusal, isApiPath(req.url));
		res.writeHead(refusal.status, {
			'content-type': type,
			'content-length': Buffer.byteLength(text),
			'cache-control': 'no-store',
			// The body (if any) is not read: the connection must not be reused.
			connection: 'close'
		});
		res.end(text);
		req.resume();
	});
	// Node's parser reports the same error again for every later chunk of a refused connection.
	const answered = new WeakSet<Socket>();
	server.on(
		'clientError',
		(err: NodeJS.ErrnoException & { rawPacket?: Buffer }, socket: Socket) => {
			if (answered.has(socket)) return;
			answered.add(socket);
			if (!socket.writable || err.code === 'ECONNRESET') {
				socket.destroy();
				return;
			}
			const refusal = clientErrorRefusal(err.code, err.rawPacket);
			const start = parseRawStart(err.rawPacket ?? Buffer.alloc(0));
			const { type, text } = body(refusal, isApiPath(start.url));
			const payload = Buffer.from(text);
			answerAndDrain(
				socket,
				`HTTP/1.1 ${refusal.status} ${REASONS[refusal.status]}\r\n` +
					`content-type: ${type}\r\ncontent-length: ${payload.length}\r\n` +
					'cache-control: no-store\r\nconnection: close\r\n\r\n',
				payload
			);
		}
	);
}
