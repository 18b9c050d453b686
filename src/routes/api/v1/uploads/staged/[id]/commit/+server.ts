// POST /api/v1/uploads/staged/{id}/commit with JSON { previewKey }: commits exactly the latest
// preview of a staged file as the signed-in account (an `uploadedBy` field is accepted and
// ignored); 404 for another account's staged file (admins excepted); 409 when the key is not that
// preview's. Every commit, and every refusal, is audited.
import { json } from '@sveltejs/kit';
import { refusedStatus } from '$lib/server/ingest/errors';
import * as v from 'valibot';
import { ApiError, answering } from '$lib/server/http/api-error';
import { readJson } from '$lib/server/http/json-body';
import { uploadContext } from '$lib/server/uploads/context';
import { answeringDiskFull } from '$lib/server/uploads/disk-full';
import { UploadRequestError } from '$lib/server/uploads/receive';
import { STAGED_NOT_FOUND } from '$lib/server/uploads/staging';
import { auditCommit, auditCommitRefused } from '$lib/server/uploads/upload-audit';
import { commitStaged } from '$lib/server/uploads/workflow';
import type { RequestHandler } from './$types';
import { requireAccess } from '$lib/server/auth/guard';

const CommitRequest = v.object({
	previewKey: v.pipe(v.string('请附上预览返回的 previewKey。'), v.minLength(1)),
	/** Before accounts, the uploader's typed name; the account is the uploader now. */
	uploadedBy: v.optional(v.unknown())
});

export const POST: RequestHandler = ({ params, request, url, locals }) =>
	answering(async () => {
		const principal = requireAccess({ url, locals }, 'upload');
		const who = { principal, address: locals.address };
		const ctx = await uploadContext();
		const body = v.safeParse(CommitRequest, await readJson(request));
		if (!body.success) throw new UploadRequestError(400, body.issues[0].message);
		// Another account's staged file is not there for this one (admins excepted).
		if (!(await ctx.staging.getFor(params.id, principal))) {
			await auditCommitRefused(ctx.db, who, params.id, STAGED_NOT_FOUND);
			throw new UploadRequestError(404, STAGED_NOT_FOUND);
		}
		const result = await answeringDiskFull(
			() => commitStaged(ctx, params.id, { previewKey: body.output.previewKey, by: principal }),
			() => ctx.staging.discard(params.id)
		).catch(async (err: unknown) => {
			// Refused before the ingest ran: an unknown staged file, a stale key, a commit under way.
			if (err instanceof ApiError) await auditCommitRefused(ctx.db, who, params.id, err.message);
			throw err;
		});
		await auditCommit(ctx.db, who, result, params.id);
		const status = result.outcome === 'refused' ? refusedStatus([result.refusal]) : 200;
		return json(result, { status });
	});
