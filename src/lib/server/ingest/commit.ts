// Step 7 of the ingest: writes one file's accepted rows, its rejects, its status changes and its
// upload record in a single transaction. Upserts by (community, problem_id); fields the file does
// not carry keep their stored values (and their supplied_fields bits), and the rows it updates are
// kept in problem_versions for uploads/revert.ts. Any throw, including from `beforeCommit`, rolls
// all back.
import type { DuckDBConnection, DuckDBValue } from '@duckdb/node-api';
import { all } from '../db/database';
import { ALWAYS_SUPPLIED, suppliedMask } from '../db/supplied-fields';
import { stepTimer } from './trace';
import { classifyBatch } from '../themes/classify-batch';
import type { TrainedForBatch } from '../themes/ingest-classifier';
import { saveModel } from '../themes/model-store';

/** Every stored field, in table order, and the ones an upsert may overwrite when the file has them. */
export const PROBLEM_FIELDS = [
	'street',
	'reported_at',
	'reporter_type',
	'reporter',
	'level',
	'title',
	'description',
	'suggestion',
	'measures',
	'responsible_unit',
	'responsible_person',
	'deadline',
	'resolved_at',
	'satisfaction',
	'is_bottleneck',
	'note',
	'campaign',
	'location',
	'acknowledged_at',
	'verified_at',
	'progress',
	'status_notes',
	'callback_resolved',
	'duplicate_of'
] as const;

export interface UploadRecord {
	sha256: string;
	fileName: string;
	sizeBytes: number;
	format: 'csv' | 'xlsx';
	encoding: string | null;
	delimiter: string | null;
	headerRow: number;
	sheet: string | null;
	community: string | null;
	uploadedBy: string;
	exportedAt: string | null;
	rowsTotal: number;
	rowsAccepted: number;
	rowsRejected: number;
	rowsBlank: number;
	unmappedHeaders: string[];
	columnMapping: Record<string, string>;
	mappingProfile: unknown;
	archivePath: string;
	/** The mapping and options the batch was read with (pipeline.ts loadKey). */
	loadKey: string;
	/** The uploading account's scope (null: the whole street): which later uploads it covers. */
	loadScope: readonly string[] | null;
}

export interface CommitOutcome {
	uploadId: number;
	inserted: number;
	updated: number;
	statusChanges: number;
	/** With a newly trained theme model: how many other stored automatic themes it changed. */
	reclassified: number | null;
}

/** A problem's theme as the classifier or a person set it; theme_label is the file's own text. */
const THEME_COLUMNS = ['theme', 'theme_source', 'theme_confidence', 'theme_evidence'];

/** Temp view `acc` of a batch's accepted rows. */
async function createAcceptedView(
	c: DuckDBConnection,
	acc: string,
	normTable: string,
	rejTable: string,
	rowsRejected: number
): Promise<void> {
	// Without rejects (the usual case) the anti-join is skipped: it slows a 1M-row insert by a third.
	await c.run(
		rowsRejected === 0
			? `CREATE TEMP VIEW ${acc} AS SELECT n.* FROM ${normTable} n WHERE NOT n.blank`
			: `CREATE TEMP VIEW ${acc} AS SELECT n.* FROM ${normTable} n
				WHERE NOT n.blank AND NOT EXISTS (SELECT 1 FROM ${rejTable} r WHERE r.row_no = n.row_no)`
	);
}

/** Accepted rows that update a stored problem, and those of them whose status would change. */
async function countMatches(
	c: DuckDBConnection,
	acc: string
): Promise<{ matched: number; changes: number }> {
	const [counts] = await all<{ matched: number; changes: number }>(
		c,
		`SELECT count(p.problem_id)::INTEGER AS matched, count(*) FILTER (WHERE p.status <> a.status)::INTEGER AS changes
		 FROM ${acc} a JOIN problems p ON p.community = a.community AND p.problem_id = a.problem_id`
	);
	return counts;
}

/**
 * What committing the batch would do, counted exactly as commitBatch counts it and writing
 * nothing: new problems, updated ones, and status changes among those.
 */
export async function wouldCommit(
	c: DuckDBConnection,
	opts: {
		tag: string;
		normTable: string;
		rejTable: string;
		rowsAccepted: number;
		rowsRejected: number;
	}
): Promise<{ inserted: number; updated: number; statusChanges: number }> {
	const acc = `would_${opts.tag}`;
	await createAcceptedView(c, acc, opts.normTable, opts.rejTable, opts.rowsRejected);
	try {
		const counts = await countMatches(c, acc);
		return {
			inserted: opts.rowsAccepted - counts.matched,
			updated: counts.matched,
			statusChanges: counts.changes
		};
	} finally {
		await c.run(`DROP VIEW IF EXISTS ${acc}`);
	}
}

export async function commitBatch(
	c: DuckDBConnection,
	opts: {
		tag: string;
		normTable: string;
		rejTable: string;
		/** The community of every row without one (the upload's or the profile's default). */
		fileCommunity: string | null;
		/** Fields the file (or its profile defaults) supplies; only these overwrite stored values. */
		suppliedFields: Set<string>;
		upload: UploadRecord;
		/** A theme model the batch trained (normalise.ts): stored, and the stored automatic themes follow it. */
		themeModel?: TrainedForBatch | null;
		beforeCommit?: () => void | Promise<void>;
	}
): Promise<CommitOutcome> {
	const { tag, normTable, rejTable, upload } = opts;
	const acc = `acc_${tag}`;
	const trace = stepTimer('commit');
	await c.run('BEGIN TRANSACTION');
	let reclassified: number | null = null;
	try {
		await createAcceptedView(c, acc, normTable, rejTable, upload.rowsRejected);
		const counts = await countMatches(c, acc);
		const u: DuckDBValue[] = [
			upload.sha256,
			upload.fileName,
			upload.sizeBytes,
			upload.format,
			upload.encoding,
			upload.delimiter,
			upload.headerRow,
			upload.sheet,
			upload.community,
			upload.uploadedBy,
			upload.exportedAt,
			upload.rowsTotal,
			upload.rowsAccepted,
			upload.rowsRejected,
			upload.rowsBlank,
			upload.rowsAccepted - counts.matched,
			counts.matched,
			counts.changes,
			JSON.stringify(upload.unmappedHeaders),
			JSON.stringify(upload.columnMapping),
			upload.mappingProfile === null ? null : JSON.stringify(upload.mappingProfile),
			upload.archivePath,
			upload.loadKey,
			upload.loadScope === null,
			JSON.stringify(upload.loadScope ?? [])
		];
		const [{ id }] = await all<{ id: number }>(
			c,
			`INSERT INTO uploads (sha256, file_name, size_bytes, format, encoding, delimiter, header_row, sheet, community,
				uploaded_by, exported_at, rows_total, rows_accepted, rows_rejected, rows_blank, rows_inserted, rows_updated,
				status_changes, unmapped_headers, column_mapping, mapping_profile, archive_path, load_key,
				load_street, load_scope)
			 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11::DATE, $12, $13, $14, $15, $16, $17, $18,
				$19::JSON::VARCHAR[], $20::JSON, $21::JSON, $22, $23, $24, $25::JSON::VARCHAR[])
			 RETURNING id`,
			u
		);
		// Each reject keeps its row's community (the file's own community when the row could not be
		// read), so a scoped account is shown only its communities' rejects (uploads/history.ts).
		await c.run(
			`INSERT INTO rejects (upload_id, row_number, column_name, value, reason, community)
			 SELECT $1, r.row_no, r.column_name, r.value, r.reason, coalesce(n.community, $2::VARCHAR)
			 FROM ${rejTable} r LEFT JOIN ${normTable} n ON n.row_no = r.row_no`,
			[id, opts.fileCommunity]
		);
		await c.run(
			`INSERT INTO upload_communities SELECT $1, community, count(*) FROM ${acc} GROUP BY community`,
			[id]
		);
		// A change is dated by what the row itself says (resolved/verified dates) where it can be,
		// else by the export date the uploader gave, else by the day it was uploaded.
		await c.run(
			`INSERT INTO status_events
			 SELECT a.community, a.problem_id, p.status, a.status,
				coalesce(CASE WHEN st.type = 'fixed' THEN coalesce(CASE WHEN a.status = 'verified' THEN a.verified_at END, a.resolved_at) END,
					$2::DATE, current_date),
				$1
			 FROM ${acc} a JOIN problems p ON p.community = a.community AND p.problem_id = a.problem_id
			 LEFT JOIN statuses st ON st.code = a.status
			 WHERE p.status <> a.status`,
			[id, upload.exportedAt]
		);
		trace('rejects and status events');
		// The rows this batch is about to overwrite, kept whole so a revert can put them back exactly.
		if (counts.matched > 0) {
			await c.run(
				`INSERT INTO problem_versions BY NAME
				 SELECT $1 AS upload_id, p.* FROM problems p
				 SEMI JOIN ${acc} a ON p.community = a.community AND p.problem_id = a.problem_id`,
				[id]
			);
			trace('problem versions');
		}
		const overwrite = PROBLEM_FIELDS.filter((f) => opts.suppliedFields.has(f));
		// A number computed here, never user text, so it goes into the SQL as a literal: a constant
		// column keeps the plain INSERT as cheap as before.
		const supplied = suppliedMask([...ALWAYS_SUPPLIED, ...opts.suppliedFields]);
		const insertCols = [
			'community',
			'problem_id',
			'id_derived',
			...PROBLEM_FIELDS,
			'theme',
			'theme_label',
			'theme_source',
			'theme_confidence',
			'theme_evidence',
			'status',
			'extra',
			'first_upload_id',
			'last_upload_id',
			'source_row',
			'supplied_fields'
		];
		const insertVals = insertCols.map((col) =>
			col === 'theme_label'
				? 'a.raw_theme'
				: col === 'first_upload_id' || col === 'last_upload_id'
					? '$1'
					: col === 'source_row'
						? 'a.row_no'
						: col === 'supplied_fields'
							? String(supplied)
							: `a.${col}`
		);
		const updates = [
			...overwrite.map((f) => `${f} = a.${f}`),
			// A row only classified (no theme column, a blank cell or a label the taxonomy lacks) keeps
			// a theme a person gave before: the file's, a mapping's or a confirmed one.
			...[
				...THEME_COLUMNS.map((col) => [col, `a.${col}`]),
				...(opts.suppliedFields.has('theme') ? [['theme_label', 'a.raw_theme']] : [])
			].map(
				([col, value]) =>
					`${col} = CASE WHEN a.theme_source = 'classified' AND p.theme_source <> 'classified' THEN p.${col} ELSE ${value} END`
			),
			'status = a.status',
			'extra = coalesce(a.extra, p.extra)',
			'last_upload_id = $1',
			'source_row = a.row_no',
			// The fields this file lacks keep the values an earlier export gave, so their bits stay too.
			`supplied_fields = p.supplied_fields | ${supplied}`
		];
		// A batch of only new problems (the usual first load) is a plain INSERT, much cheaper than MERGE.
		await c.run(
			counts.matched === 0
				? `INSERT INTO problems (${insertCols.join(', ')}) SELECT ${insertVals.join(', ')} FROM ${acc} a`
				: `MERGE INTO problems p USING ${acc} a ON p.community = a.community AND p.problem_id = a.problem_id
				 WHEN MATCHED THEN UPDATE SET ${updates.join(', ')}
				 WHEN NOT MATCHED THEN INSERT (${insertCols.join(', ')}) VALUES (${insertVals.join(', ')})`,
			[id]
		);
		trace('problems');
		if (opts.themeModel) {
			// The file's labels trained a new model (its own rows were classified with it): store it,
			// and re-classify the other automatic themes, so every stored one comes from that model.
			await saveModel(c, opts.themeModel.classifier, opts.themeModel.labelledRows);
			reclassified = (
				await classifyBatch(c, 'problems', {
					where: `theme_source = 'classified' AND last_upload_id <> ${Number(id)}`,
					labelColumn: 'theme_label',
					classifier: opts.themeModel.classifier
				})
			).changed;
			trace('theme model');
		}
		// 受理时间 defaults to the first move away from pending (csv-schema.md). The derived day is the
		// day an export first showed the change, a bound on the acknowledgement rather than a record of
		// it, so it does not mark the field supplied: a response rate over such days would measure how
		// often a unit exports, and read as a failure to respond.
		await c.run(
			`UPDATE problems p SET acknowledged_at = e.changed_on
			 FROM status_events e
			 WHERE e.upload_id = $1 AND e.old_status = 'pending' AND p.acknowledged_at IS NULL
				AND p.community = e.community AND p.problem_id = e.problem_id`,
			[id]
		);
		await opts.beforeCommit?.();
		await c.run('COMMIT');
		trace('acknowledged dates and COMMIT');
		await c.run(`DROP VIEW IF EXISTS ${acc}`);
		return {
			uploadId: id,
			inserted: upload.rowsAccepted - counts.matched,
			updated: counts.matched,
			statusChanges: counts.changes,
			reclassified
		};
	} catch (err) {
		await c.run('ROLLBACK');
		await c.run(`DROP VIEW IF EXISTS ${acc}`);
		throw err;
	}
}
