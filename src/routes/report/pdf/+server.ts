// GET /report/pdf?<the report's query>: the report page printed to an A4 PDF by headless Chromium on
// the server. The page is fetched through SvelteKit (same session, so the same scope and figures as
// on screen) and printed with $lib/server/report/report-pdf; each download is audited.
import { error } from '@sveltejs/kit';
import { audit } from '$lib/server/audit/audit';
import { requireAccess } from '$lib/server/auth/guard';
import { attachment } from '$lib/server/http/attachment';
import { htmlToPdf, PdfUnavailable } from '$lib/server/report/report-pdf';
import { webDatabase } from '$lib/server/web-database';
import type { RequestHandler } from './$types';
import { parseScopedFilters } from '$lib/server/auth/scoped-filters';

// A link the user follows (not an API): failures are error pages in Chinese, and only a finished PDF
// arrives as a download (Content-Disposition), so no error is ever saved as a .pdf file.
export const GET: RequestHandler = async ({ url, locals, fetch }) => {
	const principal = requireAccess({ url, locals }, 'read');
	const parsed = parseScopedFilters(url.searchParams, principal.scope);
	if (!parsed.ok) error(parsed.status, parsed.message);
	// The page in the same language, under the same query: /report/pdf → /report, /en/report/pdf → /en/report.
	const page = await fetch(`${url.pathname.replace(/\/pdf$/, '')}${url.search}`, {
		headers: { accept: 'text/html' }
	});
	if (!page.ok) error(page.status === 404 ? 404 : 500, '报告页面没有生成，请打开报告页查看原因。');
	let pdf: Buffer;
	try {
		pdf = await htmlToPdf(await page.text());
	} catch (err) {
		if (err instanceof PdfUnavailable) {
			error(
				503,
				'服务器上没有可用的 Chromium，无法生成 PDF。请在报告页点“打印”，选择“另存为 PDF”。'
			);
		}
		throw err;
	}
	const from = url.searchParams.get('from') ?? '';
	const to = url.searchParams.get('to') ?? '';
	const name = from || to ? `问题台账汇报-${from}至${to}.pdf` : '问题台账汇报.pdf';
	await audit(await webDatabase(), {
		actor: principal,
		address: locals.address,
		action: 'export',
		target: 'report.pdf',
		detail: { what: 'report.pdf', file: name, query: url.search, bytes: pdf.length },
		result: 'ok'
	});
	return new Response(new Uint8Array(pdf), {
		headers: { 'content-type': 'application/pdf', 'content-disposition': attachment(name) }
	});
};
