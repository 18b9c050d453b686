// POST /api/v1/uploads/staged/{id}: preview a staged file again with other options (JSON:
// community, exportedAt, sheet, profile); every preview returns a new previewKey.
// DELETE: discard the staged file without committing it.
import { json } from '@sveltejs/kit';
import { answering } from '$lib/server/http/api-error';
import { readJson } from '$lib/server/http/json-body';
import { uploadContext } from '$lib/server/uploads/context';
import { UploadRequestError } from '$lib/server/uploads/receive';
import { auditPreview } from '$lib/server/uploads/upload-audit';
import { parsePreviewRequest, previewStaged } from '$lib/server/uploads/workflow';
import type { RequestHandler } from './$types';
import { requireAccess } from '$lib/server/auth/guard';

export const POST: RequestHandler = ({ params, request, url, locals }) =>
	answering(async () => {
		const principal = requireAccess({ url, locals }, 'upload');
		const ctx = await uploadContext();
		const options = parsePreviewRequest(await readJson(request));
		const upload = await ctx.staging.get(params.id);
		if (!upload) {
			throw new UploadRequestError(
				404,
				'找不到这个待提交的文件：它可能已经提交、被放弃，或已超过 24 小时被清理。请重新上传。'
			);
		}
		const preview = await previewStaged(ctx, upload, options, principal.scope);
		await auditPreview(ctx.db, { principal, address: locals.address }, preview);
		return json(preview, { status: preview.result.outcome === 'refused' ? 422 : 200 });
	});

export const DELETE: RequestHandler = ({ params, url, locals }) =>
	answering(async () => {
		requireAccess({ url, locals }, 'upload');
		const ctx = await uploadContext();
		await ctx.staging.discard(params.id);
		return new Response(null, { status: 204 });
	});
