// GET /api/v1/uploads/{id}: one batch with its mapping and the first page of its rejects
// (?limit, ?offset page through them); 404 for a batch outside the account's scope. A batch whose
// file also held other communities' rows comes back `partial`, with only the scope's rejects.
import { json } from '@sveltejs/kit';
import { ApiError, answering } from '$lib/server/http/api-error';
import { uploadContext } from '$lib/server/uploads/context';
import { batchRejects, getBatch } from '$lib/server/uploads/history';
import type { RequestHandler } from './$types';
import { requireAccess } from '$lib/server/auth/guard';

export const GET: RequestHandler = ({ params, url, locals }) =>
	answering(async () => {
		const { scope } = requireAccess({ url, locals }, 'upload');
		const { db } = await uploadContext();
		const id = Number(params.id);
		const batch = await getBatch(db, id, scope);
		if (!batch) throw new ApiError(404, `没有第 ${id} 批导入。`);
		const limit = Math.min(Math.max(Number(url.searchParams.get('limit')) || 200, 1), 10_000);
		const offset = Math.max(Number(url.searchParams.get('offset')) || 0, 0);
		return json({ ...batch, rejects: await batchRejects(db, id, { limit, offset }, scope) });
	});
