// GET /api/v1/uploads/{id}/rejects: the batch's rejects as CSV (UTF-8 with BOM) for Excel/WPS; 404
// for a batch outside the account's scope; a scoped account gets only its communities' rejects.
// Each download is written to the audit log.
import { audit } from '$lib/server/audit/audit';
import { ApiError, answering } from '$lib/server/http/api-error';
import { attachment } from '$lib/server/http/attachment';
import { uploadContext } from '$lib/server/uploads/context';
import { getBatch, rejectsCsv } from '$lib/server/uploads/history';
import type { RequestHandler } from './$types';
import { requireAccess } from '$lib/server/auth/guard';

export const GET: RequestHandler = ({ params, url, locals }) =>
	answering(async () => {
		const principal = requireAccess({ url, locals }, 'upload');
		const { db } = await uploadContext();
		const id = Number(params.id);
		const batch = await getBatch(db, id, principal.scope);
		const name = batch ? `${batch.fileName.replace(/\.[^.]*$/, '')}-第${id}批-拒收行.csv` : null;
		await audit(db, {
			actor: principal,
			address: locals.address,
			action: 'export',
			target: `upload:${id}`,
			detail: {
				what: 'upload.rejects',
				format: 'csv',
				uploadId: id,
				file: name,
				rows: batch?.rowsRejected ?? null
			},
			result: batch ? 'ok' : 'refused'
		});
		if (!batch || !name) throw new ApiError(404, `没有第 ${id} 批导入。`);
		return new Response(rejectsCsv(db, id, principal.scope), {
			headers: {
				'content-type': 'text/csv; charset=utf-8',
				'content-disposition': attachment(name)
			}
		});
	});
