import type { Reroute } from '@sveltejs/kit';
import { deLocalizeUrl } from '$lib/paraglide/runtime';

// /en/... renders the same route as /...; the locale itself is read by paraglideMiddleware.
export const reroute: Reroute = (request) => deLocalizeUrl(request.url).pathname;
