// Gzip for the pages and JSON the server renders: the app runs without a reverse proxy in a street
// office, and a dashboard page with its first-paint chart SVGs is mostly repetitive text
// (about 500 KB raw, a fraction of that gzipped). Static files are served pre-compressed by
// adapter-node already.

const COMPRESSIBLE = /^(text\/html|application\/json|image\/svg\+xml)/;

export function gzipIfAccepted(request: Request, response: Response): Response {
	const type = response.headers.get('content-type') ?? '';
	if (
		!response.body ||
		response.headers.has('content-encoding') ||
		!COMPRESSIBLE.test(type) ||
		!/\bgzip\b/.test(request.headers.get('accept-encoding') ?? '')
	) {
		return response;
	}
	const headers = new Headers(response.headers);
	headers.set('content-encoding', 'gzip');
	headers.delete('content-length');
	headers.append('vary', 'Accept-Encoding');
	return new Response(response.body.pipeThrough(new CompressionStream('gzip')), {
		status: response.status,
		statusText: response.statusText,
		headers
	});
}
