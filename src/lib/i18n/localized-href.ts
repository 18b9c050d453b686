// Links inside the app, in a language: SvelteKit's resolve() (base path, typed routes) under
// Paraglide's locale prefix (/ for zh-CN, /en/... for English). The result is typed ResolvedPathname
// because it is one, which is also what eslint-plugin-svelte's no-navigation-without-resolve checks.
import { resolve } from '$app/paths';
import type { Pathname, ResolvedPathname } from '$app/types';
import { drillFilters, filtersToParams, type Drill, type Filters } from '$lib/domain/filters';
import { deLocalizeHref, getLocale, localizeHref, type Locale } from '$lib/paraglide/runtime';

/**
 * Paraglide's localizeHref answers with an absolute URL whenever its origin guess differs from the
 * page's (on the server, and in the browser it can fall back to "http://fallback.com"); every
 * locale here lives on the same origin, so only the path, query and hash are kept.
 */
function pathOnly(href: string): ResolvedPathname {
	const url = new URL(href, 'http://same-origin.invalid');
	return (url.pathname + url.search + url.hash) as ResolvedPathname;
}

/**
 * resolve() typed for any one Pathname. Its own signature checks a union argument by splitting it,
 * which TypeScript gives up on past 25 members (the app has more routes than that); a Pathname
 * never needs params, so the narrower signature is exact.
 * https://github.com/microsoft/TypeScript/pull/30779
 */
const resolvePathname = resolve as (pathname: Pathname) => ResolvedPathname;

/** An app page in the current language, or in `locale`. */
export function localizedHref(pathname: Pathname, locale?: Locale): ResolvedPathname {
	return pathOnly(localizeHref(resolvePathname(pathname), locale && { locale }));
}

/** The page at `url` (path and query) in another language. */
export function sameHrefIn(url: URL, locale: Locale): ResolvedPathname {
	return pathOnly(localizeHref(deLocalizeHref(url.pathname + url.search), { locale }));
}

/** The page's path without its locale prefix, e.g. to mark the current navigation item. */
export function currentPath(url: URL): string {
	return deLocalizeHref(url.pathname);
}

/** `path` with the URL form of `filters` as its query (none when no filter is set). */
export function hrefWithFilters(
	path: ResolvedPathname,
	filters: Partial<Filters>
): ResolvedPathname {
	const query = filtersToParams(filters).toString();
	return (query ? `${path}?${query}` : path) as ResolvedPathname;
}

/**
 * The problem list of exactly what a figure counts (domain/filters.ts drillFilters): the page's
 * filters narrowed by the figure's population, range and values; null when it counts nothing.
 */
export function drillHref(page: Filters, asOf: string, drill: Drill): ResolvedPathname | null {
	const filters = drillFilters(page, asOf, drill);
	return filters && hrefWithFilters(problemsPath(), filters);
}

/** The list's path in the current language, worked out once per language: a page has hundreds. */
const problemsPaths = new Map<string, ResolvedPathname>();
function problemsPath(): ResolvedPathname {
	const locale = getLocale();
	let path = problemsPaths.get(locale);
	if (!path) problemsPaths.set(locale, (path = localizedHref('/problems')));
	return path;
}
