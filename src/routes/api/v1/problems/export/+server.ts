// GET /api/v1/problems/export?format=csv|xlsx&encoding=utf-8|gbk&<filter parameters>&sort=&dir=:
// the filtered problem list as a streamed file, within the account's scope; each export is written
// to the audit log. Thin over $lib/server/export/problems-export.
import { audit } from '$lib/server/audit/audit';
import { requireAccess } from '$lib/server/auth/guard';
import { parseListOptions } from '$lib/server/dashboard/problem-list';
import { exportProblems } from '$lib/server/export/problems-export';
import { ApiError, answering } from '$lib/server/http/api-error';
import { attachment } from '$lib/server/http/attachment';
import { webDatabase } from '$lib/server/web-database';
import type { RequestHandler } from './$types';
import { parseScopedFilters } from '$lib/server/auth/scoped-filters';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** YYYYMMDD of the server's local day, for the file name. */
function stamp(now = new Date()): string {
	const pad = (n: number) => String(n).padStart(2, '0');
	return `${now.getFullYear()}${pad(now.getMonth() + 1)}${pad(now.getDate())}`;
}

export const GET: RequestHandler = ({ url, locals }) =>
	answering(async () => {
		const principal = requireAccess({ url, locals }, 'read');
		const format = url.searchParams.get('format') ?? 'csv';
		if (format !== 'csv' && format !== 'xlsx') {
			throw new ApiError(400, 'format 只能是 csv 或 xlsx。');
		}
		const encoding = url.searchParams.get('encoding') ?? 'utf-8';
		if (encoding !== 'utf-8' && encoding !== 'gbk') {
			throw new ApiError(400, 'encoding 只能是 utf-8 或 gbk。');
		}
		const parsed = parseScopedFilters(url.searchParams, principal.scope);
		if (!parsed.ok) throw new ApiError(parsed.status, parsed.message);
		const options = parseListOptions(url.searchParams);
		if (!options.ok) throw new ApiError(400, options.message);
		const db = await webDatabase();
		const file = await exportProblems(db, {
			filters: parsed.filters,
			scope: principal.scope,
			sort: options.options.sort,
			dir: options.options.dir,
			format,
			encoding
		});
		const name = `问题清单-${stamp()}.${format}`;
		await audit(db, {
			actor: principal,
			address: locals.address,
			action: 'export',
			target: 'problems',
			detail: {
				what: 'problems',
				format,
				encoding: format === 'csv' ? encoding : null,
				file: name,
				query: url.search,
				rows: file.rows
			},
			result: 'ok'
		});
		return new Response(file.stream, {
			headers: {
				'content-type':
					format === 'xlsx'
						? XLSX_TYPE
						: `text/csv; charset=${encoding === 'gbk' ? 'gb18030' : 'utf-8'}`,
				'content-disposition': attachment(name)
			}
		});
	});
