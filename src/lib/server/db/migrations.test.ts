import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { all } from './database';
import { migrate, MIGRATIONS } from './migrations';
import { suppliedMask, type CanonicalField } from './supplied-fields';

let instance: DuckDBInstance;
let c: DuckDBConnection;
beforeEach(async () => {
	instance = await DuckDBInstance.create(':memory:');
	c = await instance.connect();
});
afterEach(() => {
	c.closeSync();
	instance.closeSync();
});

/** A database as a release at schema version `version` left it, recorded as migrate() does. */
async function schemaAt(version: number): Promise<void> {
	await c.run(`CREATE TABLE schema_migrations (
		version INTEGER PRIMARY KEY,
		name VARCHAR NOT NULL,
		applied_at TIMESTAMP NOT NULL DEFAULT current_timestamp
	)`);
	for (const m of MIGRATIONS.filter((m) => m.version <= version)) {
		await m.up(c);
		await c.run('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [
			m.version,
			m.name
		]);
	}
}

async function addUpload(id: number, mapping: object | null, profile: object | null) {
	await c.run(
		`INSERT INTO uploads (id, sha256, file_name, size_bytes, format, uploaded_by, rows_total, rows_accepted,
			rows_rejected, rows_blank, rows_inserted, rows_updated, status_changes, unmapped_headers,
			column_mapping, mapping_profile, archive_path)
		 VALUES ($1, 'sha', 'f.csv', 1, 'csv', 'cli', 1, 1, 0, 0, 1, 0, 0, [], $2::JSON, $3::JSON, 'a')`,
		[
			id,
			mapping === null ? null : JSON.stringify(mapping),
			profile === null ? null : JSON.stringify(profile)
		]
	);
}

const PROBLEM_INSERT = `(community, problem_id, id_derived, street, reported_at, theme, theme_source,
	description, status, resolved_at, first_upload_id, last_upload_id, source_row)
	VALUES ('云南路社区', $1, false, '云南路街道', DATE '2018-11-05', 'other', 'classified', '甲', 'pending',
		$2::DATE, $3, $4, 2)`;

const ALWAYS: CanonicalField[] = [
	'problem_id',
	'community',
	'reported_at',
	'description',
	'theme',
	'status'
];
const mask = (...fields: CanonicalField[]) => suppliedMask([...ALWAYS, ...fields]);

describe('migration 4 (supplied_fields)', () => {
	it('backfills from the fields each row stores and its first and last uploads mapped or defaulted', async () => {
		await schemaAt(3);
		const base = {
			problem_id: '编号',
			community: '社区',
			description: '问题描述',
			reported_at: '提出时间'
		};
		await addUpload(1, { ...base, acknowledged_at: '受理时间' }, null);
		await addUpload(
			2,
			{ ...base, deadline: '整改时限' },
			{ columns: {}, defaults: { campaign: '第一批' } }
		);
		await addUpload(3, base, { columns: { title: '' } });
		const problem = (id: string, resolved: string | null, first: number, last: number) =>
			c.run(`INSERT INTO problems ${PROBLEM_INSERT}`, [id, resolved, first, last]);
		await problem('P1', null, 1, 1);
		await problem('P2', null, 1, 2);
		await problem('P3', '2018-12-01', 3, 3);
		// An acknowledgement derived from the status history, in a file without 受理时间.
		await problem('P4', null, 3, 3);
		await c.run("UPDATE problems SET acknowledged_at = DATE '2018-11-30' WHERE problem_id = 'P4'");
		// The row upload 2 replaced, kept for a revert.
		await c.run(
			`INSERT INTO problem_versions BY NAME SELECT 2 AS upload_id, * REPLACE (1 AS last_upload_id)
			 FROM problems WHERE problem_id = 'P2'`
		);

		expect(await migrate(c)).toEqual([4, 5, 6]);

		expect(
			await all(c, 'SELECT problem_id AS id, supplied_fields AS mask FROM problems ORDER BY id')
		).toEqual([
			{ id: 'P1', mask: mask('acknowledged_at') },
			{ id: 'P2', mask: mask('acknowledged_at', 'deadline', 'campaign') },
			// A stored value counts; street does not (the settings default always fills it).
			{ id: 'P3', mask: mask('resolved_at') },
			// Nor a derived 受理时间: only a column or a default records it.
			{ id: 'P4', mask: mask() }
		]);
		expect(
			await all(c, 'SELECT problem_id AS id, supplied_fields AS mask FROM problem_versions')
		).toEqual([{ id: 'P2', mask: mask('acknowledged_at') }]);
		expect(await all(c, 'SELECT max(version) AS v FROM schema_migrations')).toEqual([{ v: 6 }]);
		// A version stays a column-for-column copy of a problem row (uploads/revert.ts).
		const columns = (table: string) =>
			all<{ name: string; type: string }>(
				c,
				`SELECT column_name AS name, data_type AS type FROM duckdb_columns()
				 WHERE table_name = $1 ORDER BY column_index`,
				[table]
			);
		expect(await columns('problem_versions')).toEqual([
			{ name: 'upload_id', type: 'INTEGER' },
			...(await columns('problems'))
		]);
		const [{ temp }] = await all<{ temp: number }>(
			c,
			'SELECT count(*)::INTEGER AS temp FROM duckdb_tables() WHERE temporary'
		);
		expect(temp).toBe(0);
	});

	it('gives rows written later without the column a mask of 0, and runs on an empty database', async () => {
		await schemaAt(3);
		expect(await migrate(c)).toEqual([4, 5, 6]);
		await c.run(`INSERT INTO problems ${PROBLEM_INSERT}`, ['Q1', null, 1, 1]);
		expect(await all(c, 'SELECT supplied_fields AS mask FROM problems')).toEqual([{ mask: 0 }]);
		expect(await migrate(c)).toEqual([]);
	});
});

describe('migration 5 (the community of each reject, the load key of each upload)', () => {
	it('gives old rejects the community their batch was for or the one an out-of-scope reject names', async () => {
		await schemaAt(4);
		await addUpload(1, null, null);
		await addUpload(2, null, null);
		await c.run("UPDATE uploads SET community = '云南路社区' WHERE id = 2");
		await c.run(
			`INSERT INTO rejects VALUES
				(1, 3, '社区', '寿张路社区', '社区“寿张路社区”不在本账号的社区范围内：本账号只能导入云南路社区的问题。'),
				(1, 4, '提出时间', '昨天', '“提出时间”不是可识别的日期。'),
				(2, 5, '提出时间', '昨天', '“提出时间”不是可识别的日期。')`
		);
		expect(await migrate(c)).toEqual([5, 6]);
		expect(
			await all(c, 'SELECT row_number AS row, community FROM rejects ORDER BY row_number')
		).toEqual([
			{ row: 3, community: '寿张路社区' },
			// Its community is unknown: only the whole street may read it.
			{ row: 4, community: null },
			{ row: 5, community: '云南路社区' }
		]);
		// Their uploader's scope is unknown: no later upload is skipped as theirs.
		expect(
			await all(
				c,
				'SELECT id, load_key AS key, load_street AS street, load_scope AS scope FROM uploads ORDER BY id'
			)
		).toEqual([
			{ id: 1, key: null, street: null, scope: null },
			{ id: 2, key: null, street: null, scope: null }
		]);
	});
});
