import adapter from '@sveltejs/adapter-node';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	compilerOptions: {
		// Runes everywhere except in dependencies (the `sv` default).
		runes: ({ filename }) => (filename.split(/[/\\]/).includes('node_modules') ? undefined : true)
	},
	kit: {
		adapter: adapter(),
		// Every page's CSS goes inline in its HTML (about 20 KB in all, so one round trip fewer on
		// first paint): the report's PDF is printed from the page's HTML alone, with the network off
		// (src/lib/server/report/report-pdf.ts), and must carry its own styles.
		inlineStyleThreshold: Infinity,
		// SvelteKit's own check compares whole origins, which fails for forms over plain HTTP when
		// adapter-node runs without ORIGIN (it assumes https); src/hooks.server.ts checks instead,
		// for every state-changing request, JSON included (src/lib/server/http/same-origin.ts).
		csrf: { trustedOrigins: ['*'] },
		// Enforced in production: scripts only from this origin (SvelteKit adds hashes for its own
		// inline start-up script); styles may be inline, since ECharts' SVG renderer and Svelte set
		// style attributes; first-paint charts are data: SVG images. Nothing is framed or posted
		// elsewhere.
		csp: {
			mode: 'auto',
			directives: {
				'default-src': ['self'],
				'script-src': ['self'],
				'style-src': ['self', 'unsafe-inline'],
				'img-src': ['self', 'data:', 'blob:'],
				'font-src': ['self'],
				'connect-src': ['self'],
				'object-src': ['none'],
				'base-uri': ['self'],
				'form-action': ['self'],
				'frame-ancestors': ['none']
			}
		}
	}
};

export default config;
