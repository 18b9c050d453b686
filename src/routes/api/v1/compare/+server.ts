// GET /api/v1/compare?community=A&community=B…&<filters>&w_<rate>=&min=: the compare page's figures
// (chosen units, the street, the ranking of every unit, theme focus) as JSON.
import { json } from '@sveltejs/kit';
import { answering } from '$lib/server/http/api-error';
import { compareFromUrl } from '$lib/server/compare/compare-request';
import { webDatabase } from '$lib/server/web-database';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = ({ url }) =>
	answering(async () => json(await compareFromUrl(await webDatabase(), url)));
