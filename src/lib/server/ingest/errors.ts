import type { FileResult } from '../../domain/upload-model';

// Errors that refuse a whole file. Every step of the ingest throws IngestRefusal with a message a
// Chinese-speaking analyst can act on; the pipeline turns it into a "refused" file result.

export type RefusalCode =
	| 'empty'
	| 'binary'
	| 'container'
	| 'encoding'
	| 'no_header'
	| 'no_data'
	| 'all_rejected'
	| 'missing_column'
	| 'duplicate_column'
	| 'unterminated_quote'
	| 'sheet_not_found'
	| 'bad_profile'
	| 'bad_input'
	| 'stale_preview'
	| 'busy';

export class IngestRefusal extends Error {
	readonly code: RefusalCode;

	constructor(code: RefusalCode, message: string) {
		super(message);
		this.name = 'IngestRefusal';
		this.code = code;
	}
}

/**
 * The HTTP status of refused files: the file's own fault is 422; a preview gone stale is 409; a
 * server too busy to read it now (the workbook queue is full) is 503 — the staged file stays, and
 * the same preview later succeeds. Several files: 503 only when every one was refused as busy.
 */
export function refusedStatus(refusals: readonly (string | null)[]): 409 | 422 | 503 {
	if (refusals.length > 0 && refusals.every((r) => r === 'busy')) return 503;
	if (refusals.length > 0 && refusals.every((r) => r === 'stale_preview')) return 409;
	return 422;
}

/**
 * A file none of whose rows can be imported is refused rather than committed as an empty batch (a
 * batch that would then make the corrected file a no-op); its rejects stay in the result.
 */
export function allRejected(result: FileResult): IngestRefusal {
	const byReason = new Map<string, { rows: Set<number>; column: string | null }>();
	for (const r of result.rejects) {
		const entry = byReason.get(r.reason) ?? { rows: new Set<number>(), column: r.column };
		entry.rows.add(r.row);
		byReason.set(r.reason, entry);
	}
	const top = [...byReason]
		.sort(([, a], [, b]) => b.rows.size - a.rows.size)
		.slice(0, 3)
		.map(
			([reason, e]) =>
				`${e.column ? `“${e.column}”列：` : ''}${reason.replace(/[。.]$/, '')}（${e.rows.size} 行）`
		);
	return new IngestRefusal(
		'all_rejected',
		`这个文件的 ${result.rowsTotal} 行全部被拒收，没有导入任何数据。主要原因：${top.join('；')}。请按下方的拒收明细修改映射（列对应、值对应或日期格式）或修改文件后重新预览；修好之前，这个文件不会计入台账。`
	);
}
