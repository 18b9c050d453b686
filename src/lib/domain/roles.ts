// Who may do what (PRODUCT.md / the accounts issue): admin — everything, users and taxonomy;
// analyst — uploads, mappings, reverts, exports; viewer — dashboards, compare, report, exports.
// Pure, so the server enforces it and the browser hides what a role cannot use.

export const ROLES = ['admin', 'analyst', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

export type Permission =
	/** Dashboards, problem list and pages, compare, report, stats and their exports. */
	| 'read'
	/** Upload, preview, commit and revert batches; save mapping profiles. */
	| 'upload'
	/** Users, roles, scopes, API tokens, the taxonomy and status labels, the audit log. */
	| 'admin';

const GRANTS: Record<Role, readonly Permission[]> = {
	admin: ['read', 'upload', 'admin'],
	analyst: ['read', 'upload'],
	viewer: ['read']
};

export function can(role: Role, permission: Permission): boolean {
	return GRANTS[role].includes(permission);
}

export const ROLE_LABELS: Record<Role, { zh: string; en: string }> = {
	admin: { zh: '管理员', en: 'Administrator' },
	analyst: { zh: '分析员', en: 'Analyst' },
	viewer: { zh: '查看者', en: 'Viewer' }
};

/** The signed-in user (or API token's user) as pages and endpoints see it. */
export interface Principal {
	userId: number;
	username: string;
	displayName: string | null;
	role: Role;
	/** The communities this account may see; null = the whole street; [] = none. */
	scope: string[] | null;
	via: 'session' | 'token';
}
