// The uploads page's workflow over the ingest pipeline: preview a staged file (with the community's
// saved profile, or the analyst's edits), then commit exactly that preview, or ingest at once for
// scripts. A scoped account's rows of other communities become rejects, and only the profiles of
// its own communities are applied. Called by the /api/v1/uploads endpoints.
import { randomUUID } from 'node:crypto';
import * as v from 'valibot';
import type { Principal } from '../../domain/roles';
import { FIRST_DAY, isDayInRange, LAST_DAY } from '../../domain/filters';
import type {
	FileResult,
	MappingProfile,
	SavedProfile,
	StagedOptions,
	StagedPreview
} from '../../domain/upload-model';
import type { LedgerDatabase } from '../db/database';
import { inScope, type Scope } from '../db/query-compiler';
import type { Settings } from '../env';
import { IngestRefusal, type RefusalCode } from '../ingest/errors';
import { ingestFile, type IngestOptions } from '../ingest/pipeline';
import { normaliseLabel } from '../ingest/header';
import { periodNote } from './period-note';
import { checkExpectation, readPreview } from './preview-contract';
import { listProfiles, savedProfile, validateProfile } from './profiles';
import { UploadRequestError } from './receive';
import type { StagedUpload, StagingArea } from './staging';

export interface UploadContext {
	db: LedgerDatabase;
	settings: Settings;
	staging: StagingArea;
}

/** Who uploads: the signed-in account's name (stored on the batch) and its communities. */
export type Uploader = Pick<Principal, 'username' | 'scope'>;

/** How long an uncommitted upload is kept for its analyst to come back to. */
export const STAGED_MAX_AGE_MS = 24 * 60 * 60 * 1000;
const SAMPLE_ROWS = 20;

/** Refusals a different mapping cannot fix: the staged file is dropped with its preview. */
const FINAL_REFUSALS = new Set<RefusalCode>([
	'empty',
	'binary',
	'container',
	'encoding',
	'no_header',
	'no_data',
	'unterminated_quote',
	'bad_input'
]);

const isoDay = v.pipe(
	v.string(),
	v.regex(/^\d{4}-\d{2}-\d{2}$/, '导出日期要写成 YYYY-MM-DD，例如 2018-12-31'),
	v.check(
		(s) =>
			!Number.isNaN(Date.parse(`${s}T00:00:00Z`)) &&
			new Date(`${s}T00:00:00Z`).toISOString().startsWith(s),
		'导出日期不是一个存在的日期'
	),
	v.check(isDayInRange, `导出日期超出范围，请填写 ${FIRST_DAY} 至 ${LAST_DAY} 之间的日期`)
);
const optionalText = (max: number, what: string) =>
	v.optional(
		v.nullable(
			v.pipe(
				v.string(),
				v.transform((s) => s.trim()),
				v.maxLength(max, `${what}最多 ${max} 个字`)
			)
		)
	);

/** What the page or a script may set for a preview; text arrives from forms, JSON from fetch. */
export const PreviewRequest = v.object({
	community: optionalText(100, '社区名称'),
	exportedAt: v.optional(v.nullable(v.union([v.literal(''), isoDay]))),
	sheet: optionalText(100, '工作表名称'),
	profile: v.optional(v.nullable(v.unknown()))
});
export type PreviewRequest = v.InferOutput<typeof PreviewRequest>;

export function parsePreviewRequest(input: unknown): PreviewRequest {
	const parsed = v.safeParse(PreviewRequest, input);
	if (!parsed.success) throw new UploadRequestError(400, parsed.issues[0].message);
	return parsed.output;
}

/** Form fields (all text) as a preview request: `profile` carries the profile as JSON text. */
export function previewRequestFromFields(fields: Record<string, string>): PreviewRequest {
	let profile: unknown = null;
	if (fields.profile?.trim()) {
		try {
			profile = JSON.parse(fields.profile);
		} catch {
			throw new UploadRequestError(400, '映射配置（profile 字段）不是有效的 JSON。');
		}
	}
	return parsePreviewRequest({
		community: fields.community ?? null,
		exportedAt: fields.exportedAt ?? null,
		sheet: fields.sheet ?? null,
		profile
	});
}

async function resolveOptions(
	db: LedgerDatabase,
	request: PreviewRequest,
	scope: Scope
): Promise<StagedOptions> {
	const community = request.community || null;
	const base = {
		community,
		exportedAt: request.exportedAt || null,
		sheet: request.sheet || null
	};
	if (request.profile !== undefined && request.profile !== null) {
		let profile: MappingProfile;
		try {
			profile = await validateProfile(db, request.profile);
		} catch (err) {
			if (err instanceof IngestRefusal) throw new UploadRequestError(400, err.message);
			throw err;
		}
		return { ...base, profile, profileSource: { kind: 'given' } };
	}
	// A community outside the scope has no profile for this account (and its rows are rejects).
	const saved = community && inScope(scope, community) ? await savedProfile(db, community) : null;
	if (!saved) return { ...base, profile: null, profileSource: null };
	return {
		...base,
		profile: saved.profile,
		profileSource: { kind: 'saved', community: saved.community, updatedAt: saved.updatedAt }
	};
}

function ingestOptions(
	ctx: UploadContext,
	upload: StagedUpload,
	options: StagedOptions,
	scope: Scope
): IngestOptions {
	return {
		allowedCommunities: scope,
		uploadsDir: ctx.settings.uploadsDir,
		tmpDir: ctx.settings.tmpDir,
		defaultStreet: ctx.settings.defaultStreet,
		fileName: upload.fileName,
		community: options.community,
		exportedAt: options.exportedAt,
		sheet: options.sheet ?? undefined,
		profile: options.profile ?? undefined,
		lenientProfile: options.profileSource?.kind === 'saved'
	};
}

function noteProfile(result: FileResult, options: StagedOptions): void {
	if (options.profileSource?.kind === 'saved') {
		result.notes.unshift(
			`已自动使用“${options.profileSource.community}”保存的映射方案（${options.profileSource.updatedAt} 保存）。`
		);
	}
}

/** A committed batch outside the overview's default period says so in its message. */
async function notePeriod(ctx: UploadContext, result: FileResult, scope: Scope): Promise<void> {
	if (result.outcome !== 'committed' || result.uploadId === null) return;
	result.message = await periodNote(ctx.db, result.uploadId, scope);
}

/**
 * Previews a staged file as an account with `scope` would commit it; stores the options and a
 * fresh key that a commit must name.
 */
export async function previewStaged(
	ctx: UploadContext,
	upload: StagedUpload,
	request: PreviewRequest,
	scope: Scope
): Promise<StagedPreview> {
	let options = await resolveOptions(ctx.db, request, scope);
	const path = ctx.staging.filePath(upload);
	const run = (o: StagedOptions) =>
		ingestFile(ctx.db, path, {
			...ingestOptions(ctx, upload, o, scope),
			dryRun: true,
			describe: (c, tables) => readPreview(c, tables, { sampleRows: SAMPLE_ROWS })
		});
	let result = await run(options);
	if (options.profileSource === null && !options.community) {
		// The next file from a community with a saved profile uses it: the community the rows
		// name, or else (when the file cannot even be read without it) the profile whose headers
		// the file has.
		const saved = await profileForFile(ctx.db, result, scope);
		if (saved) {
			const withSaved: StagedOptions = {
				...options,
				profile: saved.profile,
				profileSource: { kind: 'saved', community: saved.community, updatedAt: saved.updatedAt }
			};
			const again = await run(withSaved);
			if (again.outcome === 'dry-run' || result.outcome === 'refused') {
				options = withSaved;
				result = again;
			}
		}
	}
	noteProfile(result, options);

	if (result.outcome === 'dry-run') {
		const key = randomUUID();
		upload.preview = {
			key,
			options,
			expect: {
				rowsAccepted: result.rowsAccepted,
				rowsRejected: result.rowsRejected,
				columnMapping: result.columnMapping
			}
		};
		await ctx.staging.save(upload);
		return { stagedId: upload.id, previewKey: key, options, result };
	}
	if (
		result.outcome === 'noop' ||
		(result.refusal && FINAL_REFUSALS.has(result.refusal as RefusalCode))
	) {
		await ctx.staging.discard(upload.id);
		return { stagedId: null, previewKey: null, options, result };
	}
	upload.preview = null;
	await ctx.staging.save(upload);
	return { stagedId: upload.id, previewKey: null, options, result };
}

async function profileForFile(
	db: LedgerDatabase,
	result: FileResult,
	scope: Scope
): Promise<SavedProfile | null> {
	const named = result.preview?.communities;
	if (named?.length === 1)
		return inScope(scope, named[0].name) ? savedProfile(db, named[0].name) : null;
	if (named?.length || result.headers.length === 0) return null;
	const headers = new Set(result.headers.map((h) => normaliseLabel(h.header)));
	const fits = (await listProfiles(db, scope))
		.map((p) => {
			const named = Object.values(p.profile.columns).filter((h) => h.trim() !== '');
			const all = named.length > 0 && named.every((h) => headers.has(normaliseLabel(h)));
			return { p, score: all ? named.length : 0 };
		})
		.filter((x) => x.score > 0)
		.sort((a, b) => b.score - a.score);
	// Only an unambiguous best fit is applied; a tie is left to the analyst.
	if (fits.length === 0 || (fits.length > 1 && fits[1].score === fits[0].score)) return null;
	return fits[0].p;
}

const committing = new Set<string>();

/**
 * Commits a staged file with the options of its latest preview, provided the caller names that
 * preview's key and the ingest finds what the preview found (with the committing account's scope:
 * a preview made under another scope no longer matches, and is refused).
 */
export async function commitStaged(
	ctx: UploadContext,
	id: string,
	request: { previewKey: string; by: Uploader }
): Promise<FileResult> {
	const upload = await ctx.staging.get(id);
	if (!upload) {
		throw new UploadRequestError(
			404,
			'找不到这个待提交的文件：它可能已经提交、被放弃，或已超过 24 小时被清理。请重新上传。'
		);
	}
	if (!upload.preview || upload.preview.key !== request.previewKey) {
		throw new UploadRequestError(
			409,
			'这份预览已经过期（映射或选项在预览之后改过）。请按最新的预览结果提交，或重新预览。'
		);
	}
	if (committing.has(id)) throw new UploadRequestError(409, '这个文件正在提交，请稍候。');
	committing.add(id);
	try {
		const { options, expect: expected } = upload.preview;
		const result = await ingestFile(ctx.db, ctx.staging.filePath(upload), {
			...ingestOptions(ctx, upload, options, request.by.scope),
			uploadedBy: request.by.username,
			beforeWrite: (result) => checkExpectation(result, expected)
		});
		noteProfile(result, options);
		await notePeriod(ctx, result, request.by.scope);
		if (result.outcome === 'committed' || result.outcome === 'noop') {
			await ctx.staging.discard(id);
		} else {
			upload.preview = null;
			await ctx.staging.save(upload);
		}
		return result;
	} finally {
		committing.delete(id);
	}
}

/** Ingests staged files at once, without a preview step (scripts: POST without dryRun). */
export async function ingestStaged(
	ctx: UploadContext,
	uploads: StagedUpload[],
	request: PreviewRequest,
	by: Uploader
): Promise<FileResult[]> {
	const results: FileResult[] = [];
	try {
		const options = await resolveOptions(ctx.db, request, by.scope);
		for (const upload of uploads) {
			const result = await ingestFile(ctx.db, ctx.staging.filePath(upload), {
				...ingestOptions(ctx, upload, options, by.scope),
				uploadedBy: by.username
			});
			noteProfile(result, options);
			await notePeriod(ctx, result, by.scope);
			results.push(result);
		}
	} finally {
		// A committed file is archived by the ingest; the staged copy is never needed again.
		for (const upload of uploads) await ctx.staging.discard(upload.id);
	}
	return results;
}
