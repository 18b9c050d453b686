// Exact revert of one committed upload: the problems it created go, the ones it updated get back the
// rows problem_versions kept (ingest/commit.ts), its status events go, and upload_reverts records it.
// Used by `ledger revert` and the uploads page. A refusal is a result with a Chinese message; a batch
// outside the reverting account's scope is refused as not found.
import type { DuckDBConnection } from '@duckdb/node-api';
import { all, type LedgerDatabase } from '../db/database';
import type { Scope } from '../db/query-compiler';
import { serialisedWrite } from '../db/write-queue';
import { batchInScope } from '../db/batch-scope';

export type RevertRefusal = 'not_found' | 'already_reverted' | 'history_missing' | 'later_batches';

export type RevertOutcome =
	| {
			outcome: 'reverted';
			uploadId: number;
			problemsDeleted: number;
			problemsRestored: number;
			statusEventsRemoved: number;
	  }
	| {
			outcome: 'refused';
			code: RevertRefusal;
			/** What happened and what to do, in Chinese. */
			message: string;
			/** For `later_batches`: the committed batches to revert first, oldest first. */
			laterBatches?: number[];
	  };

export interface RevertOptions {
	/** Who asked; stored on the revert record (`cli:alice`, a signed-in user's name). */
	revertedBy: string;
	/** The asking account's communities (null: every one; the CLI). */
	scope: Scope;
	/** Test hook: runs inside the transaction just before COMMIT. */
	beforeCommit?: () => void | Promise<void>;
}

interface UploadState {
	state: string;
	rowsUpdated: number;
	versions: number;
	revertedAt: string | null;
	revertedBy: string | null;
}

/** Reverts batch `uploadId` whole, or refuses and changes nothing. */
export async function revertUpload(
	db: LedgerDatabase,
	uploadId: number,
	opts: RevertOptions
): Promise<RevertOutcome> {
	if (!Number.isSafeInteger(uploadId) || uploadId < 1) return notFound(uploadId);
	// In the write queue: a batch committing meanwhile could update a problem between the check for
	// later batches and the restore, and the restore would silently undo it.
	return serialisedWrite(async () => {
		const outcome = await db.transaction((c) => revertOn(c, uploadId, opts));
		// In the queue too: a CHECKPOINT fails while another batch is writing.
		if (outcome.outcome === 'reverted') await db.checkpoint();
		return outcome;
	});
}

async function revertOn(
	c: DuckDBConnection,
	uploadId: number,
	opts: RevertOptions
): Promise<RevertOutcome> {
	const visible = batchInScope(opts.scope);
	const [upload] = await all<UploadState>(
		c,
		`SELECT u.state, u.rows_updated AS "rowsUpdated",
			(SELECT count(*)::INTEGER FROM problem_versions v WHERE v.upload_id = u.id) AS versions,
			strftime(r.reverted_at, '%Y-%m-%d %H:%M') AS "revertedAt", r.reverted_by AS "revertedBy"
		 FROM uploads u LEFT JOIN upload_reverts r ON r.upload_id = u.id
		 WHERE u.id = $id AND ${visible.sql} ORDER BY r.reverted_at DESC LIMIT 1`,
		{ ...visible.params, id: uploadId }
	);
	if (!upload) return notFound(uploadId);
	if (upload.state === 'reverted') {
		return refuse(
			'already_reverted',
			upload.revertedAt
				? `第 ${uploadId} 批已于 ${upload.revertedAt}（${upload.revertedBy}）撤销，数据已是导入这一批之前的样子，无需再次撤销。`
				: `第 ${uploadId} 批已经撤销，无需再次撤销。`
		);
	}
	// Batches committed before schema version 2 kept no versions of the rows they overwrote.
	if (upload.versions !== upload.rowsUpdated) {
		return refuse(
			'history_missing',
			`第 ${uploadId} 批导入时系统还没有保存被更新问题的原值，它更新过的 ${upload.rowsUpdated} 条问题无法精确恢复，因此不能撤销。如需更正，请导入一份内容正确的新导出文件。`
		);
	}

	// Every committed batch after this one that touched one of its problems: either it is the last
	// writer now, or it kept a version of the problem. Reverting past them would lose their changes.
	const later = await all<{ id: number }>(
		c,
		`WITH mine AS (
			SELECT community, problem_id FROM problems WHERE first_upload_id = $1
			UNION ALL SELECT community, problem_id FROM problem_versions WHERE upload_id = $1
		)
		SELECT p.last_upload_id AS id FROM problems p SEMI JOIN mine m USING (community, problem_id)
		WHERE p.last_upload_id <> $1
		UNION
		SELECT v.upload_id FROM problem_versions v SEMI JOIN mine m USING (community, problem_id)
		WHERE v.upload_id > $1
		ORDER BY id`,
		[uploadId]
	);
	if (later.length) {
		const ids = later.map((r) => r.id);
		const first = ids.length === 1 ? `请先撤销第 ${ids[0]} 批` : '请先撤销这些批次（从最新的开始）';
		return {
			...refuse(
				'later_batches',
				`第 ${ids.join('、')} 批在这一批之后又修改了其中的问题，${first}，再撤销第 ${uploadId} 批。`
			),
			laterBatches: ids
		};
	}

	const problemsDeleted = (
		await c.run('DELETE FROM problems WHERE first_upload_id = $1', [uploadId])
	).rowsChanged;
	// problems has no key to UPDATE by whole row: the current row goes and the kept one comes back.
	await c.run(
		`DELETE FROM problems p USING problem_versions v
		 WHERE v.upload_id = $1 AND p.community = v.community AND p.problem_id = v.problem_id`,
		[uploadId]
	);
	const problemsRestored = (
		await c.run(
			'INSERT INTO problems BY NAME SELECT * EXCLUDE (upload_id) FROM problem_versions WHERE upload_id = $1',
			[uploadId]
		)
	).rowsChanged;
	const statusEventsRemoved = (
		await c.run('DELETE FROM status_events WHERE upload_id = $1', [uploadId])
	).rowsChanged;
	await c.run('DELETE FROM problem_versions WHERE upload_id = $1', [uploadId]);
	// The upload row and its rejects stay: they are the history of what the file contained.
	await c.run("UPDATE uploads SET state = 'reverted' WHERE id = $1", [uploadId]);
	await c.run(
		`INSERT INTO upload_reverts (upload_id, reverted_by, problems_deleted, problems_restored, status_events_removed)
		 VALUES ($1, $2, $3, $4, $5)`,
		[uploadId, opts.revertedBy, problemsDeleted, problemsRestored, statusEventsRemoved]
	);
	await opts.beforeCommit?.();
	return {
		outcome: 'reverted',
		uploadId,
		problemsDeleted,
		problemsRestored,
		statusEventsRemoved
	};
}

function refuse(code: RevertRefusal, message: string): RevertOutcome & { outcome: 'refused' } {
	return { outcome: 'refused', code, message };
}

function notFound(uploadId: number): RevertOutcome {
	return refuse('not_found', `没有第 ${uploadId} 批导入。请在导入记录中核对批次号。`);
}
