import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LedgerDatabase } from './db/database';
import { loadOverview } from './overview';

let db: LedgerDatabase;

beforeEach(async () => {
	db = await LedgerDatabase.open(':memory:');
});

afterEach(() => {
	db.close();
});

async function addUpload(state: 'committed' | 'reverted'): Promise<void> {
	await db.all(
		`INSERT INTO uploads (sha256, file_name, size_bytes, format, uploaded_by, rows_total,
			rows_accepted, rows_rejected, rows_blank, rows_inserted, rows_updated, status_changes,
			unmapped_headers, archive_path, state)
		 VALUES ('x', 'a.csv', 1, 'csv', 'test', 0, 0, 0, 0, 0, 0, 0, [], '/dev/null', $1)`,
		[state]
	);
}

async function addProblem(community: string, id: string, theme: string, status: string) {
	await db.all(
		`INSERT INTO problems (community, problem_id, id_derived, reported_at, theme, theme_source,
			description, status, first_upload_id, last_upload_id, source_row)
		 VALUES ($1, $2, false, DATE '2024-03-01', $3, 'file', '描述', $4, 1, 1, 2)`,
		[community, id, theme, status]
	);
}

describe('loadOverview', () => {
	it('is all zeros on an empty ledger', async () => {
		expect(await loadOverview(db)).toEqual({
			total: 0,
			valid: 0,
			communities: 0,
			uploads: 0,
			byTheme: [],
			byStatus: []
		});
	});

	it('counts problems by theme and status with both labels, largest first', async () => {
		await addUpload('committed');
		await addUpload('reverted');
		await addProblem('云南路社区', '1', 'safety', 'pending');
		await addProblem('云南路社区', '2', 'organization_building', 'verified');
		await addProblem('寿张路社区', '3', 'organization_building', 'duplicate');

		const overview = await loadOverview(db);

		expect(overview).toMatchObject({ total: 3, valid: 2, communities: 2, uploads: 1 });
		expect(overview.byTheme).toEqual([
			{
				code: 'organization_building',
				labelZh: '组织建设',
				labelEn: 'Party organisation',
				count: 2
			},
			{ code: 'safety', labelZh: '安全生产', labelEn: 'Work safety', count: 1 }
		]);
		expect(overview.byStatus.map((s) => [s.code, s.labelZh, s.labelEn, s.count])).toEqual([
			['duplicate', '重复', 'Duplicate', 1],
			['pending', '待处理', 'Pending', 1],
			['verified', '已销号', 'Signed off', 1]
		]);
	});
});
