// GET / PUT / DELETE /api/v1/mapping-profiles/{community}: the profile the next upload from that
// community starts from. PUT takes the profile JSON itself.
import { json } from '@sveltejs/kit';
import { ApiError, answering } from '$lib/server/http/api-error';
import { readJson } from '$lib/server/http/json-body';
import { IngestRefusal } from '$lib/server/ingest/errors';
import { uploadContext } from '$lib/server/uploads/context';
import {
	deleteProfile,
	saveProfile,
	savedProfile,
	validateProfile
} from '$lib/server/uploads/profiles';
import type { RequestHandler } from './$types';
import { requireAccess } from '$lib/server/auth/guard';

function communityOf(raw: string): string {
	const community = raw.trim();
	if (!community || community.length > 100)
		throw new ApiError(400, '社区名称不能为空，最多 100 个字。');
	return community;
}

export const GET: RequestHandler = ({ params, url, locals }) =>
	answering(async () => {
		requireAccess({ url, locals }, 'upload');
		const { db } = await uploadContext();
		const saved = await savedProfile(db, communityOf(params.community));
		if (!saved) throw new ApiError(404, `“${params.community}”还没有保存映射方案。`);
		return json(saved);
	});

export const PUT: RequestHandler = ({ params, request, url, locals }) =>
	answering(async () => {
		requireAccess({ url, locals }, 'upload');
		const { db } = await uploadContext();
		const community = communityOf(params.community);
		const input = await readJson(request);
		try {
			return json(await saveProfile(db, community, await validateProfile(db, input)));
		} catch (err) {
			if (err instanceof IngestRefusal) throw new ApiError(400, err.message);
			throw err;
		}
	});

export const DELETE: RequestHandler = ({ params, url, locals }) =>
	answering(async () => {
		requireAccess({ url, locals }, 'upload');
		const { db } = await uploadContext();
		const removed = await deleteProfile(db, communityOf(params.community));
		if (!removed) throw new ApiError(404, `“${params.community}”没有保存映射方案。`);
		return new Response(null, { status: 204 });
	});
