// GET /api/v1/mapping-profiles: the saved mapping profiles (PRODUCT.md's JSON) of every community
// the account may upload for.
import { json } from '@sveltejs/kit';
import { answering } from '$lib/server/http/api-error';
import { uploadContext } from '$lib/server/uploads/context';
import { listProfiles } from '$lib/server/uploads/profiles';
import type { RequestHandler } from './$types';
import { requireAccess } from '$lib/server/auth/guard';

export const GET: RequestHandler = ({ url, locals }) =>
	answering(async () => {
		const { scope } = requireAccess({ url, locals }, 'upload');
		const { db } = await uploadContext();
		return json({ profiles: await listProfiles(db, scope) });
	});
