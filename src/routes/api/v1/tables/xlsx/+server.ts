// POST /api/v1/tables/xlsx with { title, columns, rows }: the table as an XLSX file. The pages send
// a chart's numbers (what its table view shows) so every chart's data downloads as XLSX as well as
// CSV; the conversion reads nothing from the database. Thin over $lib/server/export/table-xlsx.
import * as v from 'valibot';
import { chartFileName } from '$lib/charts/table-csv';
import { requireAccess } from '$lib/server/auth/guard';
import { tableXlsx, TableSchema } from '$lib/server/export/table-xlsx';
import { ApiError, answering } from '$lib/server/http/api-error';
import { attachment } from '$lib/server/http/attachment';
import { readJson } from '$lib/server/http/json-body';
import type { RequestHandler } from './$types';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export const POST: RequestHandler = ({ url, locals, request }) =>
	answering(async () => {
		requireAccess({ url, locals }, 'read');
		const parsed = v.safeParse(TableSchema, await readJson(request, 4 * 1024 * 1024));
		if (!parsed.success) {
			const issue = parsed.issues[0];
			const where = v.getDotPath(issue);
			throw new ApiError(400, `表格内容不对${where ? `（${where}）` : ''}：${issue.message}`);
		}
		const body = await tableXlsx(parsed.output);
		const name = chartFileName(parsed.output.title, 'xlsx');
		return new Response(new Uint8Array(body), {
			headers: { 'content-type': XLSX_TYPE, 'content-disposition': attachment(name) }
		});
	});
