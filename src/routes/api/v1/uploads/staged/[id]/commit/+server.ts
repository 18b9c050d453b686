// POST /api/v1/uploads/staged/{id}/commit with JSON { previewKey, uploadedBy }: commits exactly the
// latest preview of a staged file; 409 when the key is not that preview's.
import { json } from '@sveltejs/kit';
import * as v from 'valibot';
import { answering } from '$lib/server/http/api-error';
import { readJson } from '$lib/server/http/json-body';
import { uploadContext } from '$lib/server/uploads/context';
import { UploadRequestError } from '$lib/server/uploads/receive';
import { commitStaged, uploaderName } from '$lib/server/uploads/workflow';
import type { RequestHandler } from './$types';
import { requireAccess } from '$lib/server/auth/guard';

const CommitRequest = v.object({
	previewKey: v.pipe(v.string('请附上预览返回的 previewKey。'), v.minLength(1)),
	uploadedBy: v.optional(v.string())
});

export const POST: RequestHandler = ({ params, request, url, locals }) =>
	answering(async () => {
		requireAccess({ url, locals }, 'upload');
		const ctx = await uploadContext();
		const body = v.safeParse(CommitRequest, await readJson(request));
		if (!body.success) throw new UploadRequestError(400, body.issues[0].message);
		const result = await commitStaged(ctx, params.id, {
			previewKey: body.output.previewKey,
			uploadedBy: uploaderName(body.output.uploadedBy)
		});
		const status =
			result.outcome === 'refused' ? (result.refusal === 'stale_preview' ? 409 : 422) : 200;
		return json(result, { status });
	});
