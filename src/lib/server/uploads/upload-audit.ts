// The uploads' entries in the audit log: each preview, commit (or refused commit) and revert, with
// the file's name, hash and counts. Called by the /api/v1/uploads endpoints and the uploads page's
// revert action, which know who is asking and from where.
import type { Principal } from '../../domain/roles';
import type { FileResult } from '../../domain/upload-model';
import { audit, type AuditResult } from '../audit/audit';
import type { LedgerDatabase } from '../db/database';
import type { RevertOutcome } from './revert';

/** Who acts, and from which address (event.locals.address). */
export interface Actor {
	principal: Principal;
	address: string;
}

function counts(result: FileResult) {
	return {
		file: result.file,
		sha256: result.sha256,
		rowsTotal: result.rowsTotal,
		rowsAccepted: result.rowsAccepted,
		rowsRejected: result.rowsRejected,
		outcome: result.outcome,
		...(result.outcome === 'refused' ? { refusal: result.refusal, reason: result.message } : {})
	};
}

const resultOf = (result: FileResult): AuditResult =>
	result.outcome === 'refused' ? 'refused' : 'ok';

export async function auditPreview(
	db: LedgerDatabase,
	who: Actor,
	preview: { stagedId: string | null; result: FileResult; options: { community: string | null } }
): Promise<void> {
	await audit(db, {
		actor: who.principal,
		address: who.address,
		action: 'upload.preview',
		target: preview.result.file,
		detail: {
			...counts(preview.result),
			stagedId: preview.stagedId,
			community: preview.options.community
		},
		result: resultOf(preview.result)
	});
}

export async function auditCommit(
	db: LedgerDatabase,
	who: Actor,
	result: FileResult,
	stagedId: string | null
): Promise<void> {
	await audit(db, {
		actor: who.principal,
		address: who.address,
		action: 'upload.commit',
		target: result.uploadId !== null ? `upload:${result.uploadId}` : result.file,
		detail: {
			...counts(result),
			uploadId: result.uploadId,
			stagedId,
			inserted: result.inserted,
			updated: result.updated,
			statusChanges: result.statusChanges
		},
		result: resultOf(result)
	});
}

/** A commit refused before the ingest ran (unknown staged file, stale preview key…). */
export async function auditCommitRefused(
	db: LedgerDatabase,
	who: Actor,
	stagedId: string,
	reason: string
): Promise<void> {
	await audit(db, {
		actor: who.principal,
		address: who.address,
		action: 'upload.commit',
		target: `staged:${stagedId}`,
		detail: { stagedId, reason },
		result: 'refused'
	});
}

export async function auditRevert(
	db: LedgerDatabase,
	who: Actor,
	uploadId: number,
	outcome: RevertOutcome
): Promise<void> {
	await audit(db, {
		actor: who.principal,
		address: who.address,
		action: 'upload.revert',
		target: `upload:${uploadId}`,
		detail:
			outcome.outcome === 'reverted'
				? {
						uploadId,
						problemsDeleted: outcome.problemsDeleted,
						problemsRestored: outcome.problemsRestored,
						statusEventsRemoved: outcome.statusEventsRemoved
					}
				: { uploadId, refusal: outcome.code, reason: outcome.message },
		result: outcome.outcome === 'reverted' ? 'ok' : 'refused'
	});
}
