// Where the test corpus lives; imported by unit tests and by the end-to-end seeding script.
import fs from 'node:fs';
import path from 'node:path';

/**
 * The shared corpus beside the project when it is there (as in CI), else the copy in
 * data/fixtures/corpus, so a lone clone still runs every test; tests/fixtures-sync.test.ts keeps the
 * copy identical to the shared original.
 */
export const SHARED_CORPUS = path.resolve(process.cwd(), '../shared/corpus');
export const FIXTURE_CORPUS = path.resolve(process.cwd(), 'data/fixtures/corpus');
export const CORPUS = fs.existsSync(SHARED_CORPUS) ? SHARED_CORPUS : FIXTURE_CORPUS;
