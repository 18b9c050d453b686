import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readSettings } from './env';

describe('readSettings', () => {
	it('puts everything under data/ by default', () => {
		const s = readSettings({});
		expect(s.dbPath).toBe(path.resolve('data/ledger.duckdb'));
		expect(s.uploadsDir).toBe(path.resolve('data/uploads'));
		expect(s).toMatchObject({
			defaultStreet: '云南路街道',
			responseDays: 3,
			memoryLimit: '1GB',
			stagingDir: path.resolve('data/staging'),
			uploadLimitBytes: 50 * 1024 * 1024
		});
	});

	it('lets the environment move the database and tune limits', () => {
		const s = readSettings({
			LEDGER_DATA_DIR: '/srv/ledger',
			LEDGER_DB: ':memory:',
			LEDGER_MEMORY_LIMIT: '512MB',
			LEDGER_RESPONSE_DAYS: '5',
			LEDGER_UPLOAD_LIMIT_MB: '2'
		});
		expect(s).toMatchObject({
			dbPath: ':memory:',
			uploadsDir: '/srv/ledger/uploads',
			memoryLimit: '512MB',
			responseDays: 5,
			uploadLimitBytes: 2 * 1024 * 1024
		});
	});

	it('refuses settings that are not what they claim', () => {
		expect(() => readSettings({ LEDGER_MEMORY_LIMIT: 'lots' })).toThrow(/LEDGER_MEMORY_LIMIT/);
		expect(() => readSettings({ LEDGER_RESPONSE_DAYS: '-1' })).toThrow(/LEDGER_RESPONSE_DAYS/);
	});
});
