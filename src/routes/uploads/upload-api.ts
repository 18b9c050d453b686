// The uploads page's calls to the JSON API (/api/v1/uploads…). Each answer is either the body the
// call expects or a message for the analyst: the API's own `error` (already in Chinese), or a
// generic message for anything unexpected (a 500, a dropped connection), never a stack.
import { resolve } from '$app/paths';
import type {
	FileResult,
	MappingProfile,
	SavedProfile,
	StagedPreview
} from '$lib/domain/upload-model';
import { m } from '$lib/paraglide/messages';

export type Answer<T> = { ok: true; status: number; body: T } | { ok: false; message: string };

export interface PreviewFields {
	community: string;
	exportedAt: string;
	sheet: string;
}

/** "2 MB", written as the server writes its size limit. */
export function megabytes(bytes: number): string {
	return `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB`;
}

function parseBody(text: string): unknown {
	if (!text) return null;
	try {
		return JSON.parse(text);
	} catch {
		return null;
	}
}

/** The message for a failed call: the API's `error`, else a generic one (with the log id, if any). */
function failure(status: number, body: unknown): { ok: false; message: string } {
	const b = (body ?? {}) as { error?: unknown; id?: unknown };
	if (typeof b.error === 'string' && b.error && status >= 400 && status < 500) {
		return { ok: false, message: b.error };
	}
	if (status === 0) return { ok: false, message: m.uploads_error_network() };
	if (typeof b.id === 'string' && /^[\w-]{1,40}$/.test(b.id)) {
		return { ok: false, message: m.uploads_error_generic_id({ id: b.id }) };
	}
	return { ok: false, message: m.uploads_error_generic() };
}

/** Reads an answer: a JSON body of the expected kind for `okStatuses`, anything else a failure. */
function answer<T>(status: number, body: unknown, okStatuses: number[]): Answer<T> {
	const isError =
		body !== null &&
		typeof body === 'object' &&
		typeof (body as { error?: unknown }).error === 'string';
	if (okStatuses.includes(status) && !isError) return { ok: true, status, body: body as T };
	return failure(status, body);
}

async function call<T>(
	method: string,
	url: string,
	payload: unknown,
	okStatuses: number[]
): Promise<Answer<T>> {
	let response: Response;
	try {
		response = await fetch(url, {
			method,
			headers: payload === undefined ? {} : { 'content-type': 'application/json' },
			body: payload === undefined ? undefined : JSON.stringify(payload)
		});
	} catch {
		return failure(0, null);
	}
	let text: string;
	try {
		text = await response.text();
	} catch {
		return failure(0, null);
	}
	return answer<T>(response.status, parseBody(text), okStatuses);
}

export interface UploadProgress {
	/** Bytes sent so far, out of `total`. */
	onProgress(sent: number, total: number): void;
	/** The whole request body has left the browser; the server is parsing. */
	onSent(): void;
}

/**
 * Sends one file for a preview (POST /api/v1/uploads?dryRun=1). XMLHttpRequest rather than fetch:
 * only it reports upload progress.
 */
export function uploadForPreview(
	file: File,
	fields: PreviewFields,
	progress: UploadProgress
): Promise<Answer<{ files: StagedPreview[] }>> {
	const form = new FormData();
	form.append('community', fields.community);
	form.append('exportedAt', fields.exportedAt);
	form.append('sheet', fields.sheet);
	// Files last: the server reads the text fields before the first file.
	form.append('file', file, file.name);
	return new Promise((done) => {
		const xhr = new XMLHttpRequest();
		xhr.open('POST', `${resolve('/api/v1/uploads')}?dryRun=1`);
		xhr.upload.onprogress = (e) =>
			progress.onProgress(e.loaded, e.lengthComputable ? e.total : file.size);
		xhr.upload.onload = () => progress.onSent();
		xhr.onload = () => done(answer(xhr.status, parseBody(xhr.responseText), [200, 422, 503]));
		xhr.onerror = () => done(failure(0, null));
		xhr.onabort = () => done(failure(0, null));
		xhr.send(form);
	});
}

/** A new preview of a staged file with other options or mapping. */
export function previewAgain(
	stagedId: string,
	fields: PreviewFields,
	profile: MappingProfile
): Promise<Answer<StagedPreview>> {
	return call(
		'POST',
		resolve('/api/v1/uploads/staged/[id]', { id: stagedId }),
		{ ...fields, profile },
		[200, 422, 503]
	);
}

/**
 * Commits the latest preview as the signed-in account; 409/422 answers with a refused FileResult
 * are results too.
 */
export function commitPreview(stagedId: string, previewKey: string): Promise<Answer<FileResult>> {
	return call(
		'POST',
		resolve('/api/v1/uploads/staged/[id]/commit', { id: stagedId }),
		{ previewKey },
		[200, 409, 422, 503]
	);
}

export function discardStaged(stagedId: string): Promise<Answer<null>> {
	// 404: already gone (committed, swept), which is what discarding wanted.
	return call(
		'DELETE',
		resolve('/api/v1/uploads/staged/[id]', { id: stagedId }),
		undefined,
		[204, 404]
	);
}

export function saveCommunityProfile(
	community: string,
	profile: MappingProfile
): Promise<Answer<SavedProfile>> {
	return call(
		'PUT',
		// Encoded: resolve() puts a parameter into the path as it is.
		resolve('/api/v1/mapping-profiles/[community]', { community: encodeURIComponent(community) }),
		profile,
		[200]
	);
}

export interface ImportedThemes {
	themes: { code: string; labelZh: string; labelEn: string }[];
	relabelled: number;
	reclassified: number;
}

/** Creates a theme for each label (whole-street admins only; a label a theme has is refused). */
export function importThemeLabels(labels: string[]): Promise<Answer<ImportedThemes>> {
	return call('POST', resolve('/api/v1/admin/themes'), { labels }, [200]);
}
