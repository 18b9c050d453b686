import { can } from '$lib/domain/roles';
import type { LayoutServerLoad } from './$types';

// Every page learns who is signed in (for the header) and what they may open; each page's own
// load still checks its access itself.
export const load: LayoutServerLoad = ({ locals }) => {
	const p = locals.principal;
	return {
		theme: locals.theme,
		user: p
			? {
					username: p.username,
					displayName: p.displayName,
					role: p.role,
					canUpload: can(p.role, 'upload'),
					canAdmin: can(p.role, 'admin'),
					/** An admin of the whole street: the taxonomy and backups are its alone. */
					canAdminStreet: can(p.role, 'admin') && p.scope === null
				}
			: null
	};
};
