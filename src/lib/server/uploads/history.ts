// The history of committed batches for the uploads page and GET /api/v1/uploads: who loaded which
// file for which communities, with what counts, and whether it was reverted; and the downloads of a
// batch's original file and of its rejects. A scoped account sees only the batches all of whose
// communities lie in its scope; any other batch is not there for it.
import fs from 'node:fs';
import { Readable } from 'node:stream';
import type { BatchSummary } from '../../domain/upload-model';
import type { LedgerDatabase } from '../db/database';
import type { Scope } from '../db/query-compiler';
import { csvLine, UTF8_BOM } from '../export/csv';

/** A batch's communities: those its accepted rows named, and the one chosen for the whole file. */
const BATCH_COMMUNITIES = `list_distinct(list_concat(
	coalesce((SELECT list(uc.community) FROM upload_communities uc WHERE uc.upload_id = u.id), []::VARCHAR[]),
	CASE WHEN u.community IS NOT NULL THEN [u.community] ELSE []::VARCHAR[] END))`;

/**
 * The condition (over `uploads u`) that a batch lies in `scope`, and its parameter: every community
 * of the batch is in the scope. A batch with no community at all (every row rejected) cannot be
 * placed, so it is only in the whole street's scope: fail closed.
 */
export function batchInScope(scope: Scope): { sql: string; params: Record<string, string> } {
	if (scope === null) return { sql: 'true', params: {} };
	return {
		sql: `(len(${BATCH_COMMUNITIES}) > 0 AND list_has_all($b_scope::JSON::VARCHAR[], ${BATCH_COMMUNITIES}))`,
		params: { b_scope: JSON.stringify(scope) }
	};
}

const BATCH_SELECT = `
	SELECT u.id, u.file_name AS "fileName", u.size_bytes::DOUBLE AS "sizeBytes", u.format, u.encoding,
		coalesce((SELECT list(uc.community ORDER BY uc.rows DESC, uc.community) FROM upload_communities uc WHERE uc.upload_id = u.id),
			CASE WHEN u.community IS NOT NULL THEN [u.community] END, []::VARCHAR[]) AS communities,
		u.uploaded_by AS "uploadedBy", strftime(u.uploaded_at, '%Y-%m-%d %H:%M') AS "uploadedAt",
		strftime(u.exported_at, '%Y-%m-%d') AS "exportedAt",
		u.rows_total AS "rowsTotal", u.rows_accepted AS "rowsAccepted", u.rows_rejected AS "rowsRejected",
		u.rows_inserted AS "rowsInserted", u.rows_updated AS "rowsUpdated", u.status_changes AS "statusChanges",
		u.state, strftime(r.reverted_at, '%Y-%m-%d %H:%M') AS "revertedAt", r.reverted_by AS "revertedBy"
	FROM uploads u
	LEFT JOIN (SELECT upload_id, max(reverted_at) AS reverted_at, arg_max(reverted_by, reverted_at) AS reverted_by
		FROM upload_reverts GROUP BY upload_id) r ON r.upload_id = u.id`;

/** A page of the batches in `scope`, newest first, and how many there are. */
export async function listBatches(
	db: LedgerDatabase,
	page: { limit: number; offset: number },
	scope: Scope
): Promise<{ batches: BatchSummary[]; total: number }> {
	const visible = batchInScope(scope);
	const batches = await db.all<BatchSummary>(
		`${BATCH_SELECT} WHERE ${visible.sql} ORDER BY u.id DESC LIMIT $limit OFFSET $offset`,
		{ ...visible.params, limit: page.limit, offset: page.offset }
	);
	const [{ total }] = await db.all<{ total: number }>(
		`SELECT count(*)::INTEGER AS total FROM uploads u WHERE ${visible.sql}`,
		visible.params
	);
	return { batches, total };
}

export interface BatchDetail extends BatchSummary {
	delimiter: string | null;
	headerRow: number | null;
	sheet: string | null;
	unmappedHeaders: string[];
	columnMapping: Record<string, string>;
	mappingProfile: unknown;
}

/** One batch in `scope`; null when it is unknown or outside the scope. */
export async function getBatch(
	db: LedgerDatabase,
	id: number,
	scope: Scope
): Promise<BatchDetail | null> {
	const visible = batchInScope(scope);
	const [row] = await db.all<
		Omit<BatchDetail, 'columnMapping' | 'mappingProfile'> & {
			columnMapping: string | null;
			mappingProfile: string | null;
		}
	>(
		`SELECT b.*, u.delimiter, u.header_row AS "headerRow", u.sheet, u.unmapped_headers AS "unmappedHeaders",
			u.column_mapping::VARCHAR AS "columnMapping", u.mapping_profile::VARCHAR AS "mappingProfile"
		 FROM (${BATCH_SELECT} WHERE u.id = $id AND ${visible.sql}) b JOIN uploads u ON u.id = b.id`,
		{ ...visible.params, id }
	);
	if (!row) return null;
	return {
		...row,
		columnMapping: row.columnMapping
			? (JSON.parse(row.columnMapping) as Record<string, string>)
			: {},
		mappingProfile: row.mappingProfile ? (JSON.parse(row.mappingProfile) as unknown) : null
	};
}

/** The archived original of a batch, as it was uploaded; null when the batch is unknown or outside `scope`. */
export async function originalFile(
	db: LedgerDatabase,
	id: number,
	scope: Scope
): Promise<{ path: string; fileName: string; sizeBytes: number } | null> {
	const visible = batchInScope(scope);
	const [row] = await db.all<{ path: string; fileName: string }>(
		`SELECT archive_path AS path, file_name AS "fileName" FROM uploads u WHERE id = $id AND ${visible.sql}`,
		{ ...visible.params, id }
	);
	if (!row) return null;
	const stat = await fs.promises.stat(row.path).catch(() => null);
	if (!stat) return null;
	return { ...row, sizeBytes: stat.size };
}

export interface StoredReject {
	row: number;
	column: string | null;
	value: string | null;
	reason: string;
}

/** A page of a batch's rejects, in row order (the caller has found the batch with getBatch). */
export async function batchRejects(
	db: LedgerDatabase,
	id: number,
	page: { limit: number; offset: number }
): Promise<StoredReject[]> {
	return db.all<StoredReject>(
		`SELECT row_number AS row, column_name AS column, value, reason FROM rejects
		 WHERE upload_id = $1 ORDER BY row_number, column_name NULLS FIRST LIMIT $2 OFFSET $3`,
		[id, page.limit, page.offset]
	);
}

const REJECT_PAGE = 10_000;

/** A batch's rejects as CSV (UTF-8 with BOM, so Excel reads the Chinese), read page by page. */
export function rejectsCsv(db: LedgerDatabase, id: number): ReadableStream<Uint8Array> {
	const encoder = new TextEncoder();
	async function* lines(): AsyncGenerator<Uint8Array> {
		yield encoder.encode(UTF8_BOM + csvLine(['行号', '列', '值', '原因']));
		for (let offset = 0; ; offset += REJECT_PAGE) {
			const rows = await batchRejects(db, id, { limit: REJECT_PAGE, offset });
			if (rows.length === 0) return;
			yield encoder.encode(rows.map((r) => csvLine([r.row, r.column, r.value, r.reason])).join(''));
		}
	}
	return Readable.toWeb(Readable.from(lines())) as ReadableStream<Uint8Array>;
}
