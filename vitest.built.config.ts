// The suites that need the built app as a real process (tests/built/): crash safety, load, backup,
// bad input over HTTP, hostile workbooks. `npm run test:built` builds first; they are not part of
// `npm test`.
import { defineConfig } from 'vitest/config';

export default defineConfig({
	test: {
		expect: { requireAssertions: true },
		environment: 'node',
		include: ['tests/built/**/*.test.ts'],
		// One server at a time on 2 cores; each suite starts its own.
		fileParallelism: false,
		testTimeout: 300_000,
		hookTimeout: 120_000
	}
});
