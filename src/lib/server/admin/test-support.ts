// Shared set-up for the admin tests: a fresh in-memory database, an admin acting on it, and
// problems written straight into the table (only the columns the admin code reads).
import { LedgerDatabase } from '../db/database';
import { createUser } from '../auth/users';
import type { Principal } from '../../domain/roles';
import type { AdminContext } from './accounts';

export async function adminContext(): Promise<AdminContext> {
	const db = await LedgerDatabase.open(':memory:');
	const admin = await createUser(db, { username: 'boss', password: 'boss-pass-1', role: 'admin' });
	const actor: Principal = {
		userId: admin.id,
		username: admin.username,
		displayName: null,
		role: 'admin',
		scope: null,
		via: 'session'
	};
	return { db, actor, address: '10.1.2.3' };
}

export interface TestProblem {
	community?: string;
	problemId: string;
	theme: string;
	source: 'file' | 'mapping' | 'classified';
	label?: string | null;
	title?: string | null;
	description: string;
}

export async function insertProblems(db: LedgerDatabase, problems: TestProblem[]): Promise<void> {
	for (const p of problems) {
		await db.all(
			`INSERT INTO problems (community, problem_id, id_derived, reported_at, theme, theme_label,
				theme_source, title, description, status, first_upload_id, last_upload_id, source_row)
			 VALUES ($1, $2, false, DATE '2019-03-01', $3, $4, $5, $6, $7, 'pending', 1, 1, 2)`,
			[
				p.community ?? '云南路社区',
				p.problemId,
				p.theme,
				p.label ?? null,
				p.source,
				p.title ?? null,
				p.description
			]
		);
	}
}

export async function themesOf(db: LedgerDatabase): Promise<Record<string, string>> {
	const rows = await db.all<{ id: string; theme: string }>(
		'SELECT problem_id AS id, theme FROM problems ORDER BY problem_id'
	);
	return Object.fromEntries(rows.map((r) => [r.id, r.theme]));
}

export interface LoggedEntry {
	actor: string | null;
	address: string | null;
	action: string;
	target: string | null;
	detail: Record<string, unknown> | null;
	result: string;
}

/** The audit log, oldest first, with each detail parsed. */
export async function auditEntries(db: LedgerDatabase): Promise<LoggedEntry[]> {
	const rows = await db.all<Omit<LoggedEntry, 'detail'> & { detail: string | null }>(
		`SELECT actor, address, action, target, detail::VARCHAR AS detail, result
		 FROM audit_log ORDER BY id`
	);
	return rows.map((r) => ({ ...r, detail: r.detail ? JSON.parse(r.detail) : null }));
}
