// POST /api/v1/uploads/staged/{id}: preview a staged file again with other options (JSON:
// community, exportedAt, sheet, profile); every preview returns a new previewKey.
// DELETE: discard the staged file without committing it. Only its uploader (or an admin) may do
// either; for anyone else the file does not exist (404, as for an unknown id).
import { json } from '@sveltejs/kit';
import { refusedStatus } from '$lib/server/ingest/errors';
import { answering } from '$lib/server/http/api-error';
import { readJson } from '$lib/server/http/json-body';
import { uploadContext } from '$lib/server/uploads/context';
import { answeringDiskFull } from '$lib/server/uploads/disk-full';
import { UploadRequestError } from '$lib/server/uploads/receive';
import { STAGED_NOT_FOUND } from '$lib/server/uploads/staging';
import { auditPreview } from '$lib/server/uploads/upload-audit';
import { parsePreviewRequest, previewStaged } from '$lib/server/uploads/workflow';
import type { RequestHandler } from './$types';
import { requireAccess } from '$lib/server/auth/guard';

export const POST: RequestHandler = ({ params, request, url, locals }) =>
	answering(async () => {
		const principal = requireAccess({ url, locals }, 'upload');
		const ctx = await uploadContext();
		const options = parsePreviewRequest(await readJson(request));
		const upload = await ctx.staging.getFor(params.id, principal);
		if (!upload) throw new UploadRequestError(404, STAGED_NOT_FOUND);
		const preview = await answeringDiskFull(
			() => previewStaged(ctx, upload, options, principal.scope),
			() => ctx.staging.discard(upload.id)
		);
		await auditPreview(ctx.db, { principal, address: locals.address }, preview);
		const refused = preview.result.outcome === 'refused';
		return json(preview, { status: refused ? refusedStatus([preview.result.refusal]) : 200 });
	});

export const DELETE: RequestHandler = ({ params, url, locals }) =>
	answering(async () => {
		const principal = requireAccess({ url, locals }, 'upload');
		const ctx = await uploadContext();
		if (!(await ctx.staging.getFor(params.id, principal))) {
			throw new UploadRequestError(404, STAGED_NOT_FOUND);
		}
		await ctx.staging.discard(params.id);
		return new Response(null, { status: 204 });
	});
