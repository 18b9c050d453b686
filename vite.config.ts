import { defineConfig } from 'vitest/config';
import { sveltekit } from '@sveltejs/kit/vite';
import { paraglideVitePlugin } from '@inlang/paraglide-js';

export default defineConfig({
	plugins: [
		sveltekit(),
		// Compiles messages/*.json into src/lib/paraglide (git-ignored) on dev, build and test.
		// The locale lives in the URL (/ is zh-CN, /en/... is English), so switching works without
		// JavaScript and every view stays shareable.
		paraglideVitePlugin({
			project: './project.inlang',
			outdir: './src/lib/paraglide',
			strategy: ['url', 'baseLocale']
		})
	],
	test: {
		expect: { requireAssertions: true },
		// DuckDB and file-system tests are I/O bound; keep them in one fork pool on 2 cores.
		testTimeout: 60_000,
		projects: [
			{
				extends: './vite.config.ts',
				test: {
					name: 'server',
					environment: 'node',
					include: ['src/**/*.{test,spec}.{js,ts}', 'tests/**/*.test.ts'],
					exclude: ['src/**/*.svelte.{test,spec}.{js,ts}', 'tests/built/**']
				}
			}
		]
	}
});
