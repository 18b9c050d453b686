// GET /api/v1/compare?community=A&community=B…&<filters>&w_<rate>=&min=: the compare page's figures
// (chosen units, the street, the ranking of every unit, theme focus) as JSON.
import { json } from '@sveltejs/kit';
import { answering } from '$lib/server/http/api-error';
import { compareFromUrl } from '$lib/server/compare/compare-request';
import { webDatabase } from '$lib/server/web-database';
import type { RequestHandler } from './$types';
import { requireAccess } from '$lib/server/auth/guard';

export const GET: RequestHandler = ({ url, locals }) =>
	answering(async () => {
		const { scope } = requireAccess({ url, locals }, 'read');
		return json(await compareFromUrl(await webDatabase(), url, scope));
	});
