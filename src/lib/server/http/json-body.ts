// Small JSON request bodies for the API's POST/PUT endpoints, read with a cap (the server accepts
// large bodies for uploads) and with Chinese messages for what a script got wrong.
import { ApiError } from './api-error';

const MAX_JSON_BYTES = 1024 * 1024;

export async function readJson(request: Request, maxBytes = MAX_JSON_BYTES): Promise<unknown> {
	if (!/^application\/json\b/i.test(request.headers.get('content-type') ?? '')) {
		throw new ApiError(415, '请以 JSON 发送（Content-Type: application/json）。');
	}
	const declared = Number(request.headers.get('content-length'));
	if (Number.isFinite(declared) && declared > maxBytes) throw new ApiError(413, '请求内容过大。');
	const text = await request.text();
	if (Buffer.byteLength(text) > maxBytes) throw new ApiError(413, '请求内容过大。');
	if (text.trim() === '') return {};
	try {
		return JSON.parse(text) as unknown;
	} catch {
		throw new ApiError(400, '请求内容不是有效的 JSON。');
	}
}
