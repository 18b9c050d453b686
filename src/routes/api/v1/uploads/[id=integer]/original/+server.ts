// GET /api/v1/uploads/{id}/original: the file exactly as it was uploaded, under its own name; 404 for
// a batch outside the account's scope, 403 when the file also holds rows of communities outside it.
// Each download is written to the audit log.
import fs from 'node:fs';
import { Readable } from 'node:stream';
import { audit } from '$lib/server/audit/audit';
import { ApiError, answering } from '$lib/server/http/api-error';
import { attachment } from '$lib/server/http/attachment';
import { uploadContext } from '$lib/server/uploads/context';
import { originalFile, PARTIAL_ORIGINAL } from '$lib/server/uploads/history';
import type { RequestHandler } from './$types';
import { requireAccess } from '$lib/server/auth/guard';

export const GET: RequestHandler = ({ params, url, locals }) =>
	answering(async () => {
		const principal = requireAccess({ url, locals }, 'upload');
		const { db } = await uploadContext();
		const id = Number(params.id);
		const file = await originalFile(db, id, principal.scope);
		await audit(db, {
			actor: principal,
			address: locals.address,
			action: 'export',
			target: `upload:${id}`,
			detail: {
				what: 'upload.original',
				uploadId: id,
				file: typeof file === 'object' && file ? file.fileName : null
			},
			result: typeof file === 'object' && file ? 'ok' : 'refused'
		});
		if (file === 'partial') throw new ApiError(403, PARTIAL_ORIGINAL);
		if (!file) throw new ApiError(404, `找不到第 ${params.id} 批的原始文件。`);
		return new Response(Readable.toWeb(fs.createReadStream(file.path)) as ReadableStream, {
			headers: {
				'content-type': 'application/octet-stream',
				'content-length': String(file.sizeBytes),
				'content-disposition': attachment(file.fileName)
			}
		});
	});
