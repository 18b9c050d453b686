// GET /api/v1/compare/ranking?format=csv|xlsx&<the compare page's query>: the ranking as a file,
// within the account's scope; each export is written to the audit log.
import { audit } from '$lib/server/audit/audit';
import { ApiError, answering } from '$lib/server/http/api-error';
import { attachment } from '$lib/server/http/attachment';
import { compareFromUrl } from '$lib/server/compare/compare-request';
import { rankingCsv, rankingXlsx } from '$lib/server/compare/ranking-export';
import { webDatabase } from '$lib/server/web-database';
import type { RequestHandler } from './$types';
import { requireAccess } from '$lib/server/auth/guard';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export const GET: RequestHandler = ({ url, locals }) =>
	answering(async () => {
		const principal = requireAccess({ url, locals }, 'read');
		const format = url.searchParams.get('format') ?? 'csv';
		if (format !== 'csv' && format !== 'xlsx') {
			throw new ApiError(400, 'format 只能是 csv 或 xlsx。');
		}
		const db = await webDatabase();
		const data = await compareFromUrl(db, url, principal.scope);
		const name = `社区排名-${data.period.from}至${data.period.to}.${format}`;
		const body = format === 'csv' ? rankingCsv(data) : new Uint8Array(await rankingXlsx(data));
		await audit(db, {
			actor: principal,
			address: locals.address,
			action: 'export',
			target: 'compare.ranking',
			detail: {
				what: 'compare.ranking',
				format,
				file: name,
				query: url.search,
				rows: data.ranking.length
			},
			result: 'ok'
		});
		return new Response(body, {
			headers: {
				'content-type': format === 'csv' ? 'text/csv; charset=utf-8' : XLSX_TYPE,
				'content-disposition': attachment(name)
			}
		});
	});
