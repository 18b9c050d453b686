import adapter from '@sveltejs/adapter-node';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	compilerOptions: {
		// Runes everywhere except in dependencies (the `sv` default).
		runes: ({ filename }) => (filename.split(/[/\\]/).includes('node_modules') ? undefined : true)
	},
	kit: {
		adapter: adapter(),
		// SvelteKit's own check compares whole origins, which fails for forms over plain HTTP when
		// adapter-node runs without ORIGIN (it assumes https); src/hooks.server.ts checks instead,
		// for every state-changing request, JSON included (src/lib/server/http/same-origin.ts).
		csrf: { trustedOrigins: ['*'] }
	}
};

export default config;
