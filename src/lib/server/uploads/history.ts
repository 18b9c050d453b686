// The history of committed batches for the uploads page and GET /api/v1/uploads: who loaded which
// file for which communities, with what counts, and whether it was reverted; and the downloads of a
// batch's original file and of its rejects. A scoped account sees only the batches all of whose
// communities lie in its scope (any other batch is not there for it), of those only the rejects of
// its communities, and the original file only when every row of the file lies in its scope.
import fs from 'node:fs';
import { Readable } from 'node:stream';
import type { BatchSummary } from '../../domain/upload-model';
import type { LedgerDatabase } from '../db/database';
import { batchInScope, fileInScope, rejectInScope } from '../db/batch-scope';
import type { Scope } from '../db/query-compiler';
import { csvLine, UTF8_BOM } from '../export/csv';

/**
 * The batch columns as `scope` may see them. A batch whose file also held rows outside the scope
 * (rejected, e.g. as another community's) is `partial`: its rejected and total counts are of the
 * scope's rows only, as are its rejects, and its original file is refused.
 */
function batchSelect(scope: Scope): { sql: string; params: Record<string, string> } {
	const reject = rejectInScope(scope);
	const counts =
		scope === null
			? `u.rows_total AS "rowsTotal", u.rows_rejected AS "rowsRejected", false AS partial`
			: `CASE WHEN s.hidden THEN u.rows_accepted + s.visible ELSE u.rows_total END AS "rowsTotal",
				CASE WHEN s.hidden THEN s.visible ELSE u.rows_rejected END AS "rowsRejected",
				s.hidden AS partial`;
	const seen =
		scope === null
			? ''
			: ` JOIN LATERAL (SELECT count(DISTINCT r.row_number) FILTER (WHERE ${reject.sql})::INTEGER AS visible,
					coalesce(bool_or(NOT ${reject.sql}), false) AS hidden
				FROM rejects r WHERE r.upload_id = u.id) s ON true`;
	return {
		sql: `
	SELECT u.id, u.file_name AS "fileName", u.size_bytes::DOUBLE AS "sizeBytes", u.format, u.encoding,
		coalesce((SELECT list(uc.community ORDER BY uc.rows DESC, uc.community) FROM upload_communities uc WHERE uc.upload_id = u.id),
			CASE WHEN u.community IS NOT NULL THEN [u.community] END, []::VARCHAR[]) AS communities,
		u.uploaded_by AS "uploadedBy", strftime(u.uploaded_at, '%Y-%m-%d %H:%M') AS "uploadedAt",
		strftime(u.exported_at, '%Y-%m-%d') AS "exportedAt",
		${counts}, u.rows_accepted AS "rowsAccepted",
		u.rows_inserted AS "rowsInserted", u.rows_updated AS "rowsUpdated", u.status_changes AS "statusChanges",
		u.state, strftime(r.reverted_at, '%Y-%m-%d %H:%M') AS "revertedAt", r.reverted_by AS "revertedBy"
	FROM uploads u${seen}
	LEFT JOIN (SELECT upload_id, max(reverted_at) AS reverted_at, arg_max(reverted_by, reverted_at) AS reverted_by
		FROM upload_reverts GROUP BY upload_id) r ON r.upload_id = u.id`,
		params: reject.params
	};
}

/** A page of the batches in `scope`, newest first, and how many there are. */
export async function listBatches(
	db: LedgerDatabase,
	page: { limit: number; offset: number },
	scope: Scope
): Promise<{ batches: BatchSummary[]; total: number }> {
	const visible = batchInScope(scope);
	const select = batchSelect(scope);
	const batches = await db.all<BatchSummary>(
		`${select.sql} WHERE ${visible.sql} ORDER BY u.id DESC LIMIT $limit OFFSET $offset`,
		{ ...select.params, ...visible.params, limit: page.limit, offset: page.offset }
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
	const select = batchSelect(scope);
	const [row] = await db.all<
		Omit<BatchDetail, 'columnMapping' | 'mappingProfile'> & {
			columnMapping: string | null;
			mappingProfile: string | null;
		}
	>(
		`SELECT b.*, u.delimiter, u.header_row AS "headerRow", u.sheet, u.unmapped_headers AS "unmappedHeaders",
			u.column_mapping::VARCHAR AS "columnMapping", u.mapping_profile::VARCHAR AS "mappingProfile"
		 FROM (${select.sql} WHERE u.id = $id AND ${visible.sql}) b JOIN uploads u ON u.id = b.id`,
		{ ...select.params, ...visible.params, id }
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

/** Why a scoped account may not have the original of a batch it sees (a 403). */
export const PARTIAL_ORIGINAL =
	'这个文件里还有本账号社区范围以外的行，不能下载原始文件。本批中属于本账号社区的行和拒收行仍可在导入历史中查看。';

/**
 * The archived original of a batch, as it was uploaded: null when the batch is unknown or outside
 * `scope`, 'partial' when the file also holds rows outside it (the scope may see the batch, not
 * the file).
 */
export async function originalFile(
	db: LedgerDatabase,
	id: number,
	scope: Scope
): Promise<{ path: string; fileName: string; sizeBytes: number } | 'partial' | null> {
	const visible = batchInScope(scope);
	const whole = fileInScope(scope);
	const [row] = await db.all<{ path: string; fileName: string; whole: boolean }>(
		`SELECT archive_path AS path, file_name AS "fileName", ${whole.sql} AS whole
		 FROM uploads u WHERE id = $id AND ${visible.sql}`,
		{ ...visible.params, ...whole.params, id }
	);
	if (!row) return null;
	if (!row.whole) return 'partial';
	const stat = await fs.promises.stat(row.path).catch(() => null);
	if (!stat) return null;
	return { path: row.path, fileName: row.fileName, sizeBytes: stat.size };
}

export interface StoredReject {
	row: number;
	column: string | null;
	value: string | null;
	reason: string;
}

/**
 * A page of a batch's rejects in `scope`, in row order (the caller has found the batch with
 * getBatch).
 */
export async function batchRejects(
	db: LedgerDatabase,
	id: number,
	page: { limit: number; offset: number },
	scope: Scope
): Promise<StoredReject[]> {
	const seen = rejectInScope(scope);
	return db.all<StoredReject>(
		`SELECT row_number AS row, column_name AS column, value, reason FROM rejects r
		 WHERE upload_id = $id AND ${seen.sql}
		 ORDER BY row_number, column_name NULLS FIRST LIMIT $limit OFFSET $offset`,
		{ ...seen.params, id, limit: page.limit, offset: page.offset }
	);
}

const REJECT_PAGE = 10_000;

/** A batch's rejects in `scope` as CSV (UTF-8 with BOM, so Excel reads the Chinese), page by page. */
export function rejectsCsv(
	db: LedgerDatabase,
	id: number,
	scope: Scope
): ReadableStream<Uint8Array> {
	const encoder = new TextEncoder();
	async function* lines(): AsyncGenerator<Uint8Array> {
		yield encoder.encode(UTF8_BOM + csvLine(['行号', '列', '值', '原因']));
		for (let offset = 0; ; offset += REJECT_PAGE) {
			const rows = await batchRejects(db, id, { limit: REJECT_PAGE, offset }, scope);
			if (rows.length === 0) return;
			yield encoder.encode(rows.map((r) => csvLine([r.row, r.column, r.value, r.reason])).join(''));
		}
	}
	return Readable.toWeb(Readable.from(lines())) as ReadableStream<Uint8Array>;
}
