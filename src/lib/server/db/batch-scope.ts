// Which batches (uploads) and which of their rows an account's scope may see: the conditions over
// `uploads u` and `rejects r` that uploads/history.ts (the history, a batch's detail and downloads)
// and the ingest's no-op message share. Scope by construction: every reject carries its row's
// community (migration 5), so nothing here guesses a row's community from its text.
import type { Scope } from './query-compiler';

/** A batch's communities: those its accepted rows named, and the one chosen for the whole file. */
export const BATCH_COMMUNITIES = `list_distinct(list_concat(
	coalesce((SELECT list(uc.community) FROM upload_communities uc WHERE uc.upload_id = u.id), []::VARCHAR[]),
	CASE WHEN u.community IS NOT NULL THEN [u.community] ELSE []::VARCHAR[] END))`;

export interface ScopeCondition {
	sql: string;
	params: Record<string, string>;
}

/**
 * The condition (over `uploads u`) that a batch lies in `scope`, and its parameter: every community
 * of the batch is in the scope. A batch with no community at all (every row rejected) cannot be
 * placed, so it is only in the whole street's scope: fail closed.
 */
export function batchInScope(scope: Scope): ScopeCondition {
	if (scope === null) return { sql: 'true', params: {} };
	return {
		sql: `(len(${BATCH_COMMUNITIES}) > 0 AND list_has_all($b_scope::JSON::VARCHAR[], ${BATCH_COMMUNITIES}))`,
		params: { b_scope: JSON.stringify(scope) }
	};
}

/**
 * The condition (over `rejects r`) that a reject's row lies in `scope`. A reject whose community is
 * unknown (a line that could not be read, a row without 社区 in a file without one) is no
 * community's: only the whole street sees it.
 */
export function rejectInScope(scope: Scope): ScopeCondition {
	if (scope === null) return { sql: 'true', params: {} };
	return {
		sql: `(r.community IS NOT NULL AND list_contains($b_scope::JSON::VARCHAR[], r.community))`,
		params: { b_scope: JSON.stringify(scope) }
	};
}

/**
 * The condition (over `uploads u`) that every row of the batch's file lies in `scope`: its batch
 * does, and none of its rejects lies outside. Only then may the account have the original file.
 */
export function fileInScope(scope: Scope): ScopeCondition {
	if (scope === null) return { sql: 'true', params: {} };
	const batch = batchInScope(scope);
	const reject = rejectInScope(scope);
	return {
		sql: `(${batch.sql} AND NOT EXISTS (SELECT 1 FROM rejects r WHERE r.upload_id = u.id AND NOT ${reject.sql}))`,
		params: { ...batch.params, ...reject.params }
	};
}
