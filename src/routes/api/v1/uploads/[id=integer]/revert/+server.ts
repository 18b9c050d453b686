// POST /api/v1/uploads/{id}/revert: undoes a committed batch exactly, as the signed-in account (a
// `revertedBy` in the body is accepted and ignored); 404 for a batch outside the account's scope,
// 409 with the reason when it cannot (already reverted, later batches changed its problems).
import { json } from '@sveltejs/kit';
import { answering, ApiError } from '$lib/server/http/api-error';
import { readJson } from '$lib/server/http/json-body';
import { uploadContext } from '$lib/server/uploads/context';
import { revertUpload } from '$lib/server/uploads/revert';
import { auditRevert } from '$lib/server/uploads/upload-audit';
import type { RequestHandler } from './$types';
import { requireAccess } from '$lib/server/auth/guard';

export const POST: RequestHandler = ({ params, request, url, locals }) =>
	answering(async () => {
		const principal = requireAccess({ url, locals }, 'upload');
		const { db } = await uploadContext();
		// The body is optional and, now that the account says who reverts, carries nothing we use;
		// it is still read so a malformed one is refused as before.
		if (request.headers.get('content-type')) await readJson(request);
		const id = Number(params.id);
		const outcome = await revertUpload(db, id, {
			revertedBy: principal.username,
			scope: principal.scope
		});
		await auditRevert(db, { principal, address: locals.address }, id, outcome);
		if (outcome.outcome === 'refused') {
			throw new ApiError(outcome.code === 'not_found' ? 404 : 409, outcome.message);
		}
		return json(outcome);
	});
