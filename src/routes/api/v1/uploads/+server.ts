// GET /api/v1/uploads: the history of batches (a scoped account's own communities only). POST
// /api/v1/uploads (multipart, field `file`, one or more): with ?dryRun=1 each file is staged and
// previewed (commit it with POST /api/v1/uploads/staged/{stagedId}/commit); without it each file is
// ingested at once. A staged file is the uploader's own (others get 404 for it, admins excepted).
// The batch is recorded as the signed-in account's; an `uploadedBy` field is
// accepted and ignored. Rows of communities outside the account's scope become rejects.
import { json } from '@sveltejs/kit';
import { refusedStatus } from '$lib/server/ingest/errors';
import { answering } from '$lib/server/http/api-error';
import { uploadContext } from '$lib/server/uploads/context';
import { diskFull, isDiskFull } from '$lib/server/uploads/disk-full';
import { listBatches } from '$lib/server/uploads/history';
import { receiveUpload } from '$lib/server/uploads/receive';
import { auditCommit, auditPreview } from '$lib/server/uploads/upload-audit';
import {
	ingestStaged,
	previewRequestFromFields,
	previewStaged
} from '$lib/server/uploads/workflow';
import type { RequestHandler } from './$types';
import { requireAccess } from '$lib/server/auth/guard';

function pageOf(url: URL): { limit: number; offset: number } {
	const limit = Number(url.searchParams.get('limit') ?? 50);
	const offset = Number(url.searchParams.get('offset') ?? 0);
	return {
		limit: Number.isInteger(limit) && limit > 0 ? Math.min(limit, 500) : 50,
		offset: Number.isInteger(offset) && offset >= 0 ? offset : 0
	};
}

export const GET: RequestHandler = ({ url, locals }) =>
	answering(async () => {
		const { scope } = requireAccess({ url, locals }, 'upload');
		const { db } = await uploadContext();
		return json(await listBatches(db, pageOf(url), scope));
	});

export const POST: RequestHandler = ({ request, url, locals }) =>
	answering(async () => {
		const principal = requireAccess({ url, locals }, 'upload');
		const who = { principal, address: locals.address };
		const ctx = await uploadContext();
		const received = await receiveUpload(
			request,
			ctx.staging,
			ctx.settings.uploadLimitBytes,
			principal
		);
		const dryRun = ['1', 'true'].includes(url.searchParams.get('dryRun') ?? '');
		try {
			const options = previewRequestFromFields(received.fields);
			if (dryRun) {
				const files = [];
				for (const upload of received.files) {
					const preview = await previewStaged(ctx, upload, options, principal.scope);
					await auditPreview(ctx.db, who, preview);
					files.push(preview);
				}
				const refused = files.every((f) => f.result.outcome === 'refused');
				const status = refused ? refusedStatus(files.map((f) => f.result.refusal)) : 200;
				return json({ files }, { status });
			}
			const results = await ingestStaged(ctx, received.files, options, principal);
			for (const result of results) await auditCommit(ctx.db, who, result, null);
			const refused = results.every((r) => r.outcome === 'refused');
			const status = refused ? refusedStatus(results.map((r) => r.refusal)) : 200;
			return json({ files: results }, { status });
		} catch (err) {
			for (const upload of received.files) await ctx.staging.discard(upload.id);
			// A full disk while previewing or ingesting: the ingest rolled back, the files are gone.
			if (isDiskFull(err)) {
				console.error('磁盘空间不足，导入未能完成：', err);
				throw diskFull();
			}
			throw err;
		}
	});
