// Small JSON request bodies for the API's POST/PUT endpoints, read with a running byte count that
// stops at the cap (the server accepts large bodies for uploads) and with Chinese messages for what
// a script got wrong.
import { ApiError, DrainedBodyTooLarge } from './api-error';
import { bodyTooLargeMessage, readCapped } from './body-cap';

const MAX_JSON_BYTES = 1024 * 1024;

export async function readJson(request: Request, maxBytes = MAX_JSON_BYTES): Promise<unknown> {
	if (!/^application\/json\b/i.test(request.headers.get('content-type') ?? '')) {
		throw new ApiError(415, '请以 JSON 发送（Content-Type: application/json）。');
	}
	const bytes = await readCapped(request, maxBytes);
	if (bytes === null) throw new DrainedBodyTooLarge(bodyTooLargeMessage(maxBytes));
	const text = new TextDecoder().decode(bytes);
	if (text.trim() === '') return {};
	try {
		return JSON.parse(text) as unknown;
	} catch {
		throw new ApiError(400, '请求内容不是有效的 JSON。');
	}
}
