// The one rule for where a redirect may go (login's `next`, the theme switch's `back`): a path of
// this app. The target is parsed as a browser would, against a placeholder origin, so a backslash
// (`/\host`), a tab or newline (`/\t/host`, browsers drop them) or `..//host` cannot leave the site,
// and what comes back is the URL's own serialisation: percent-encoded, without CR/LF.
const BASE = new URL('http://ledger.invalid');

/** A same-origin path (with its query and hash) for a redirect target, else `fallback`. */
export function sameOriginPath(target: string | null | undefined, fallback = '/'): string {
	if (!target || !target.startsWith('/')) return fallback;
	let url: URL;
	try {
		url = new URL(target, BASE);
	} catch {
		return fallback;
	}
	if (url.origin !== BASE.origin) return fallback;
	// A path that itself starts with // would be read as another host once in a Location header.
	if (!url.pathname.startsWith('/') || url.pathname.startsWith('//')) return fallback;
	return url.pathname + url.search + url.hash;
}
