// data/fixtures/corpus is a copy of ../shared/corpus for clones that lack it; where the shared
// original is present (CI, developer machines), the copy must be byte-identical.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURE_CORPUS, SHARED_CORPUS } from '../src/lib/server/ingest/test-corpus';

function listFiles(root: string): string[] {
	return (
		fs
			.readdirSync(root, { recursive: true, withFileTypes: true })
			// csv-spectrum's .gitattributes would make git rewrite the copy's *_crlf.csv line ends on
			// checkout; the copy leaves it out so its bytes stay those of the shared files.
			.filter((e) => e.isFile() && e.name !== '.gitattributes')
			.map((e) => path.relative(root, path.join(e.parentPath, e.name)))
			.sort()
	);
}

describe.skipIf(!fs.existsSync(SHARED_CORPUS))('fixture copy of the shared corpus', () => {
	it('holds exactly the shared files, byte for byte', () => {
		const shared = listFiles(SHARED_CORPUS);
		expect(listFiles(FIXTURE_CORPUS)).toEqual(shared);
		for (const f of shared) {
			const same = fs
				.readFileSync(path.join(SHARED_CORPUS, f))
				.equals(fs.readFileSync(path.join(FIXTURE_CORPUS, f)));
			expect(same, `${f} differs; copy ../shared/corpus to data/fixtures/corpus again`).toBe(true);
		}
	});
});
