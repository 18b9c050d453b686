// POST /api/v1/uploads/{id}/revert (JSON { revertedBy } optional): undoes a committed batch exactly;
// 409 with the reason when it cannot (already reverted, later batches changed its problems).
import { json } from '@sveltejs/kit';
import { answering, ApiError } from '$lib/server/http/api-error';
import { readJson } from '$lib/server/http/json-body';
import { uploadContext } from '$lib/server/uploads/context';
import { revertUpload } from '$lib/server/uploads/revert';
import { uploaderName } from '$lib/server/uploads/workflow';
import type { RequestHandler } from './$types';
import { requireAccess } from '$lib/server/auth/guard';

export const POST: RequestHandler = ({ params, request, url, locals }) =>
	answering(async () => {
		requireAccess({ url, locals }, 'upload');
		const { db } = await uploadContext();
		const body = request.headers.get('content-type') ? await readJson(request) : {};
		const by = (body as { revertedBy?: unknown }).revertedBy;
		const outcome = await revertUpload(db, Number(params.id), { revertedBy: uploaderName(by) });
		if (outcome.outcome === 'refused') {
			throw new ApiError(outcome.code === 'not_found' ? 404 : 409, outcome.message);
		}
		return json(outcome);
	});
