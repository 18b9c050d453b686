// Links inside the app, in a language: SvelteKit's resolve() (base path, typed routes) under
// Paraglide's locale prefix (/ for zh-CN, /en/... for English). The result is typed ResolvedPathname
// because it is one, which is also what eslint-plugin-svelte's no-navigation-without-resolve checks.
import { resolve } from '$app/paths';
import type { Pathname, ResolvedPathname } from '$app/types';
import { deLocalizeHref, localizeHref, type Locale } from '$lib/paraglide/runtime';

/** An app page in the current language, or in `locale`. */
export function localizedHref(pathname: Pathname, locale?: Locale): ResolvedPathname {
	return localizeHref(resolve(pathname), locale && { locale }) as ResolvedPathname;
}

/** The page at `url` (path and query) in another language. */
export function sameHrefIn(url: URL, locale: Locale): ResolvedPathname {
	return localizeHref(deLocalizeHref(url.pathname + url.search), { locale }) as ResolvedPathname;
}

/** The page's path without its locale prefix, e.g. to mark the current navigation item. */
export function currentPath(url: URL): string {
	return deLocalizeHref(url.pathname);
}
