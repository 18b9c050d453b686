// The audit log: who did what, when, from where, to what, and whether it worked. Appended to by
// logins, uploads, commits, reverts, mapping, taxonomy, user and role changes, and exports; read
// by /admin/audit. Nothing in the code updates or deletes an entry.
import type { DuckDBConnection } from '@duckdb/node-api';
import type { LedgerDatabase } from '../db/database';
import type { Principal } from '../../domain/roles';

/** Every action the log records, in the order /admin/audit offers them. */
export const AUDIT_ACTIONS = [
	'login',
	'logout',
	'password.change',
	'user.create',
	'user.update',
	'user.password_reset',
	'token.issue',
	'token.revoke',
	'upload.preview',
	'upload.commit',
	'upload.revert',
	'mapping.save',
	'mapping.delete',
	'taxonomy.update',
	'taxonomy.import',
	'status.update',
	'export'
] as const;

export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export const AUDIT_RESULTS = ['ok', 'failed', 'refused'] as const;
export type AuditResult = (typeof AUDIT_RESULTS)[number];

export interface AuditEntry {
	actor: Pick<Principal, 'userId' | 'username'> | { userId: null; username: string } | null;
	address: string | null;
	action: AuditAction;
	target?: string | null;
	detail?: Record<string, unknown> | null;
	result: AuditResult;
}

export async function audit(db: LedgerDatabase, entry: AuditEntry): Promise<void> {
	await db.withConnection((c) => auditOn(c, entry));
}

/** The same, on a connection: inside a transaction, the entry commits or rolls back with the change. */
export async function auditOn(c: DuckDBConnection, entry: AuditEntry): Promise<void> {
	await c.run(
		`INSERT INTO audit_log (actor, actor_id, address, action, target, detail, result)
		 VALUES ($1, $2, $3, $4, $5, $6::JSON, $7)`,
		[
			entry.actor?.username ?? null,
			entry.actor?.userId ?? null,
			entry.address,
			entry.action,
			entry.target ?? null,
			entry.detail ? JSON.stringify(entry.detail) : null,
			entry.result
		]
	);
}

export interface AuditRow {
	id: number;
	at: string;
	actor: string | null;
	address: string | null;
	action: string;
	target: string | null;
	detail: string | null;
	result: AuditResult;
}

export interface AuditQuery {
	actor?: string;
	action?: string;
	result?: AuditResult;
	from?: string;
	to?: string;
	/**
	 * A scoped admin's communities: only entries made by accounts scoped within them (itself and the
	 * accounts it administers). Omitted or null: every entry.
	 */
	withinScope?: readonly string[] | null;
	limit: number;
	offset: number;
}

/**
 * The condition (over audit_log) that an entry was made by an account scoped within `scope`; an
 * entry of an unscoped account, or of a name no account has (a failed sign-in), is outside.
 */
export function auditActorWithin(scope: readonly string[]): {
	sql: string;
	params: Record<string, string>;
} {
	return {
		sql: `actor_id IN (SELECT id FROM users
			WHERE scope IS NOT NULL AND list_has_all($a_scope::JSON::VARCHAR[], scope))`,
		params: { a_scope: JSON.stringify(scope) }
	};
}

export async function listAudit(
	db: LedgerDatabase,
	q: AuditQuery
): Promise<{ rows: AuditRow[]; total: number }> {
	const where: string[] = [];
	const params: Record<string, string | number> = {};
	if (q.actor) {
		where.push('actor = $actor');
		params.actor = q.actor;
	}
	if (q.action) {
		where.push('action = $action');
		params.action = q.action;
	}
	if (q.result) {
		where.push('result = $result');
		params.result = q.result;
	}
	if (q.from) {
		where.push('occurred_at >= $from::DATE');
		params.from = q.from;
	}
	if (q.to) {
		where.push('occurred_at < $to::DATE + INTERVAL 1 DAY');
		params.to = q.to;
	}
	if (q.withinScope) {
		const within = auditActorWithin(q.withinScope);
		where.push(within.sql);
		Object.assign(params, within.params);
	}
	const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
	const rows = await db.all<AuditRow>(
		`SELECT id::INTEGER AS id, strftime(occurred_at, '%Y-%m-%d %H:%M:%S') AS at, actor, address, action, target,
			detail::VARCHAR AS detail, result
		 FROM audit_log ${clause} ORDER BY id DESC LIMIT $limit OFFSET $offset`,
		{ ...params, limit: q.limit, offset: q.offset }
	);
	const [{ total }] = await db.all<{ total: number }>(
		`SELECT count(*)::INTEGER AS total FROM audit_log ${clause}`,
		params
	);
	return { rows, total };
}
