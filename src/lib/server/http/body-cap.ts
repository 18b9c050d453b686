// Request bodies read with a running byte count: reading stops as soon as it passes the cap,
// before anything is parsed, so a 50 MB (or endless chunked) body costs at most the cap in memory. The handle hook caps every page form post this way; readJson caps the API's JSON bodies.
// Only POST /api/v1/uploads takes large bodies, and streams them to disk with its own cap.

/** Form posts of signed-in pages (the taxonomy's keyword lists are the largest). */
export const FORM_BODY_LIMIT = 64 * 1024;
/** Form posts anyone may send (the login form). */
export const PUBLIC_FORM_BODY_LIMIT = 16 * 1024;

function size(bytes: number): string {
	return bytes >= 1024 * 1024 ? `${bytes / 1024 / 1024} MB` : `${bytes / 1024} KB`;
}

export function bodyTooLargeMessage(maxBytes: number): string {
	return `请求内容过大（上限 ${size(maxBytes)}），没有处理。请减少填写的内容后重试；上传文件请用“数据导入”页。`;
}

/** How much of a refused body is still read (and dropped), and for how long, so that the client can
 * read the 413: cancelling the stream destroys the socket, and the client sees a reset instead. */
const DRAIN_BYTES = 64 * 1024 * 1024;
const DRAIN_MS = 10_000;

function discardRest(reader: ReadableStreamDefaultReader<Uint8Array>, alreadyRead = 0): void {
	let seen = alreadyRead;
	const stop = () => void reader.cancel().catch(() => undefined);
	const timer = setTimeout(stop, DRAIN_MS);
	timer.unref?.();
	void (async () => {
		try {
			for (;;) {
				const { done, value } = await reader.read();
				if (done) break;
				seen += value.byteLength;
				if (seen > DRAIN_BYTES) {
					stop();
					break;
				}
			}
		} catch {
			// The client went away: nothing left to drain.
		} finally {
			clearTimeout(timer);
		}
	})();
}

/**
 * The body's bytes, or null when it is over `maxBytes` (declared or counted while it streams). The
 * rest of a refused body is never kept: it is read and dropped, up to a bound, in the background.
 */
export async function readCapped(request: Request, maxBytes: number): Promise<Uint8Array | null> {
	const declared = Number(request.headers.get('content-length'));
	if (Number.isFinite(declared) && declared > maxBytes) {
		if (request.body) {
			if (declared > DRAIN_BYTES) await request.body.cancel().catch(() => undefined);
			else discardRest(request.body.getReader());
		}
		return null;
	}
	if (!request.body) return new Uint8Array(0);
	const reader = request.body.getReader();
	const chunks: Uint8Array[] = [];
	let seen = 0;
	for (;;) {
		const { done, value } = await reader.read();
		if (done) break;
		seen += value.byteLength;
		if (seen > maxBytes) {
			discardRest(reader, seen);
			return null;
		}
		chunks.push(value);
	}
	const bytes = new Uint8Array(seen);
	let at = 0;
	for (const chunk of chunks) {
		bytes.set(chunk, at);
		at += chunk.byteLength;
	}
	return bytes;
}

/** The same request with its body read under the cap (so later readers parse it), or null when over. */
export async function cappedRequest(request: Request, maxBytes: number): Promise<Request | null> {
	const bytes = await readCapped(request, maxBytes);
	if (bytes === null) return null;
	const headers = new Headers(request.headers);
	headers.delete('transfer-encoding');
	headers.set('content-length', String(bytes.byteLength));
	return new Request(request.url, {
		method: request.method,
		headers,
		body: bytes.byteLength ? (bytes as Uint8Array<ArrayBuffer>) : null,
		signal: request.signal
	});
}
