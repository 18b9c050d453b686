// GET /api/v1/uploads/{id}/rejects: the batch's rejects as CSV (UTF-8 with BOM) for Excel/WPS.
import { ApiError, answering } from '$lib/server/http/api-error';
import { attachment } from '$lib/server/http/attachment';
import { uploadContext } from '$lib/server/uploads/context';
import { getBatch, rejectsCsv } from '$lib/server/uploads/history';
import type { RequestHandler } from './$types';
import { requireAccess } from '$lib/server/auth/guard';

export const GET: RequestHandler = ({ params, url, locals }) =>
	answering(async () => {
		requireAccess({ url, locals }, 'upload');
		const { db } = await uploadContext();
		const id = Number(params.id);
		const batch = await getBatch(db, id);
		if (!batch) throw new ApiError(404, `没有第 ${id} 批导入。`);
		const base = batch.fileName.replace(/\.[^.]*$/, '');
		return new Response(rejectsCsv(db, id), {
			headers: {
				'content-type': 'text/csv; charset=utf-8',
				'content-disposition': attachment(`${base}-第${id}批-拒收行.csv`)
			}
		});
	});
