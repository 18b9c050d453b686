// The accounts tests/e2e-setup.ts creates in every end-to-end database, one per role, with the
// passwords the journeys sign in with.
export const E2E_USERS = {
	admin: { username: 'admin', password: 'e2e-admin-pass', role: 'admin', scope: null },
	analyst: { username: 'fenxi', password: 'e2e-analyst-pass', role: 'analyst', scope: null },
	viewer: { username: 'chakan', password: 'e2e-viewer-pass', role: 'viewer', scope: null },
	scoped: {
		username: 'yunnanlu',
		password: 'e2e-scoped-pass',
		role: 'viewer',
		scope: ['云南路社区']
	}
} as const;

export type E2eRole = keyof typeof E2E_USERS;
