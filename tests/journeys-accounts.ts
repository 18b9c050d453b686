// The accounts of the journeys' server (playwright.config.ts, project `journeys`): the first admin
// the server creates from LEDGER_ADMIN_PASSWORD, and the analyst and viewer that admin creates on
// /admin (tests/journeys.setup.ts) before the journeys sign in with them.
export const JOURNEYS_ADMIN_PASSWORD = 'journeys-admin-pass';

export const JOURNEYS_USERS = {
	analyst: {
		username: 'lvcheng.fenxi',
		displayName: '旅程分析员',
		password: 'journeys-analyst-pass'
	},
	viewer: {
		username: 'lvcheng.chakan',
		displayName: '旅程查看者',
		password: 'journeys-viewer-pass'
	}
} as const;
