// What tests/e2e-setup.ts learned while seeding the end-to-end database.
import fs from 'node:fs';
import path from 'node:path';

export interface E2eFacts {
	problems: number;
	withHistory: { key: string; problemId: string; changes: number };
}

export function e2eFacts(): E2eFacts {
	const file = path.resolve('test-results/e2e-data/e2e-facts.json');
	return JSON.parse(fs.readFileSync(file, 'utf8')) as E2eFacts;
}
