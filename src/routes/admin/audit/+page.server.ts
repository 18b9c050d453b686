import { AUDIT_ACTIONS, AUDIT_RESULTS } from '$lib/server/audit/audit';
import {
	auditFiltersFromUrl,
	auditFiltersToParams,
	loadAuditView
} from '$lib/server/admin/audit-view';
import { requireAccess } from '$lib/server/auth/guard';
import { webDatabase } from '$lib/server/web-database';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const principal = requireAccess(event, 'admin');
	const filters = auditFiltersFromUrl(event.url.searchParams);
	const view = await loadAuditView(await webDatabase(), filters, principal);
	const pageQuery = (page: number) => auditFiltersToParams({ ...filters, page }).toString();
	return {
		...view,
		filters,
		actions: [...AUDIT_ACTIONS],
		results: [...AUDIT_RESULTS],
		previousQuery: filters.page > 1 ? pageQuery(filters.page - 1) : null,
		nextQuery: filters.page < view.pages ? pageQuery(filters.page + 1) : null
	};
};
