// Cross-site request refusal for every state-changing request (forms, multipart uploads and JSON
// alike), in place of SvelteKit's form-only check: that one compares whole origins, and adapter-node
// without ORIGIN assumes https, so every form posted over plain-HTTP intranet addresses would fail.
// Here the browser's Origin host must equal the host the request was sent to. A request without
// Origin is not from a browser page (browsers send it with every POST): scripts and curl pass.

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export const CROSS_SITE_MESSAGE =
	'拒绝了来自其他网站的请求：只能在本系统自己的页面上提交。如果您是从本系统页面操作的，请刷新页面后重试。';

/** True when a browser on another site sent this state-changing request. */
export function isCrossSite(request: Request): boolean {
	return isCrossSiteBy({
		method: request.method,
		origin: request.headers.get('origin'),
		secFetchSite: request.headers.get('sec-fetch-site'),
		host: new URL(request.url).host
	});
}

/** The same decision from the request's parts (the Node server checks before SvelteKit runs). */
export function isCrossSiteBy(request: {
	method: string;
	origin: string | null;
	secFetchSite: string | null;
	/** The host the request was sent to. */
	host: string;
}): boolean {
	if (SAFE_METHODS.has(request.method.toUpperCase())) return false;
	if (request.secFetchSite === 'cross-site') return true;
	if (request.origin === null) return false;
	try {
		return new URL(request.origin).host !== request.host;
	} catch {
		return true; // "null" (sandboxed frames, file://) or garbage
	}
}
