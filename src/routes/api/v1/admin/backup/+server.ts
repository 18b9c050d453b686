// POST /api/v1/admin/backup (admin): a consistent copy of the database made by the running server,
// which holds the file the CLI cannot open. Kept in the data folder's backups/ and answered as
// { file, sizeBytes, createdAt }, `file` relative to the data folder (backups/ledger-….duckdb: no
// server path leaves the server); with ?download=1 the copy itself is sent back (`ledger backup --url`).
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { json } from '@sveltejs/kit';
import { audit } from '$lib/server/audit/audit';
import { requireStreetAdmin } from '$lib/server/auth/guard';
import { runBackup } from '$lib/server/db/backup';
import { ApiError, answering } from '$lib/server/http/api-error';
import { attachment } from '$lib/server/http/attachment';
import { webDatabase } from '$lib/server/web-database';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = ({ url, locals }) =>
	answering(async () => {
		// A copy of the whole database holds every community: not for an admin with a scope.
		const principal = requireStreetAdmin({ url, locals });
		const download = url.searchParams.get('download') === '1';
		const db = await webDatabase();
		if (db.path === ':memory:') {
			throw new ApiError(409, '数据库是临时的内存数据库（LEDGER_DB=:memory:），没有可备份的文件。');
		}
		const entry = { actor: principal, address: locals.address, action: 'export' as const };
		let file: string;
		try {
			file = await runBackup(db);
		} catch (err) {
			await audit(db, { ...entry, target: 'backup', detail: { what: 'backup' }, result: 'failed' });
			throw err;
		}
		const { size } = fs.statSync(file);
		const name = `${path.basename(path.dirname(file))}/${path.basename(file)}`;
		await audit(db, {
			...entry,
			target: 'backup',
			detail: { what: 'backup', file: name, sizeBytes: size, download },
			result: 'ok'
		});
		if (!download) {
			return json({ file: name, sizeBytes: size, createdAt: new Date().toISOString() });
		}
		return new Response(Readable.toWeb(fs.createReadStream(file)) as ReadableStream, {
			headers: {
				'content-type': 'application/octet-stream',
				'content-length': String(size),
				'content-disposition': attachment(path.basename(file))
			}
		});
	});
