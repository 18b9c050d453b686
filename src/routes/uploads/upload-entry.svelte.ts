// One file on the uploads page, from the moment it is picked to its commit or discard: the upload
// with its progress, the latest preview, the analyst's edits on it, and what each action answered.
// Rune state, so the card that shows it follows every change.
import type { FileResult, StagedPreview } from '$lib/domain/upload-model';
import { m } from '$lib/paraglide/messages';
import {
	buildProfile,
	chooseColumn,
	editsFromPreview,
	editsKey,
	type MappingEdits
} from './mapping-edits';
import {
	commitPreview,
	discardStaged,
	megabytes,
	previewAgain,
	saveCommunityProfile,
	uploadForPreview,
	type PreviewFields
} from './upload-api';

export type Phase =
	'refused' | 'sending' | 'parsing' | 'ready' | 'failed' | 'committed' | 'discarded';
export type Busy = 'preview' | 'commit' | 'save' | 'discard' | 'themes' | null;

const EXTENSIONS = /\.(csv|tsv|txt|xlsx)$/i;

let nextKey = 0;

export class UploadEntry {
	readonly key = ++nextKey;
	readonly name: string;
	readonly size: number;
	readonly isXlsx: boolean;

	phase = $state<Phase>('sending');
	/** Upload progress, 0..1. */
	progress = $state(0);
	/** The latest preview; kept after a commit for its counts. */
	preview = $state.raw<StagedPreview | null>(null);
	/** The last call's failure, in words for the analyst. */
	error = $state<string | null>(null);
	/** The last action's good news (a profile saved). */
	notice = $state<string | null>(null);
	busy = $state<Busy>(null);
	committed = $state.raw<FileResult | null>(null);
	/** Set when the server no longer has a preview to commit (stale or gone): preview again. */
	stale = $state(false);

	edits = $state<MappingEdits>({ columns: [], status: {}, theme: {} });
	community = $state('');
	sheet = $state('');
	exportedAt = '';
	#baseline = $state('');

	/** Edited since the latest preview: that preview no longer says what a commit would do. */
	readonly dirty = $derived(this.#current() !== this.#baseline);
	readonly canCommit = $derived(
		this.phase === 'ready' &&
			!this.dirty &&
			!this.stale &&
			this.busy === null &&
			Boolean(this.preview?.stagedId && this.preview.previewKey)
	);
	/** The community a saved profile would belong to: the one chosen, or the file's only one. */
	readonly profileCommunity = $derived.by(() => {
		const chosen = this.community.trim();
		if (chosen) return chosen;
		const named = this.preview?.result.preview?.communities ?? [];
		return named.length === 1 ? named[0].name : '';
	});

	/** Kept until it is sent. */
	#file: File | null;

	constructor(file: File) {
		this.#file = file;
		this.name = file.name;
		this.size = file.size;
		this.isXlsx = /\.xlsx$/i.test(file.name);
	}

	#current(): string {
		return JSON.stringify([editsKey(this.edits), this.community.trim(), this.sheet.trim()]);
	}

	#fields(): PreviewFields {
		return {
			community: this.community.trim(),
			exportedAt: this.exportedAt,
			sheet: this.sheet.trim()
		};
	}

	#show(preview: StagedPreview): void {
		this.preview = preview;
		this.edits = editsFromPreview(preview);
		this.community = preview.options.community ?? '';
		this.sheet = preview.options.sheet ?? '';
		this.exportedAt = preview.options.exportedAt ?? '';
		this.#baseline = this.#current();
		this.stale = false;
		this.phase = 'ready';
	}

	/** Checks the file in the browser, then sends it for a preview. */
	async start(fields: PreviewFields, limitBytes: number): Promise<void> {
		if (!EXTENSIONS.test(this.name)) {
			this.phase = 'refused';
			this.error = m.uploads_error_extension();
			return;
		}
		if (this.size > limitBytes) {
			this.phase = 'refused';
			this.error = m.uploads_error_too_large({
				size: megabytes(this.size),
				limit: megabytes(limitBytes)
			});
			return;
		}
		this.community = fields.community;
		this.exportedAt = fields.exportedAt;
		this.phase = 'sending';
		const file = this.#file;
		if (!file) return;
		const answer = await uploadForPreview(file, fields, {
			onProgress: (sent, total) => {
				this.progress = total > 0 ? Math.min(1, sent / total) : 0;
			},
			onSent: () => {
				this.progress = 1;
				this.phase = 'parsing';
			}
		});
		this.#file = null;
		if (!answer.ok) {
			this.phase = 'failed';
			this.error = answer.message;
			return;
		}
		const [preview] = answer.body.files;
		if (!preview) {
			this.phase = 'failed';
			this.error = m.uploads_error_generic();
			return;
		}
		this.#show(preview);
	}

	chooseColumn(index: number, field: string | null): void {
		chooseColumn(this.edits, index, field);
	}

	async previewAgain(): Promise<void> {
		const preview = this.preview;
		if (!preview?.stagedId || this.busy) return;
		this.busy = 'preview';
		this.error = null;
		this.notice = null;
		const answer = await previewAgain(
			preview.stagedId,
			this.#fields(),
			buildProfile(preview, this.edits)
		);
		this.busy = null;
		if (!answer.ok) {
			this.error = answer.message;
			return;
		}
		this.#show(answer.body);
	}

	/** Commits the latest preview; true when the data changed (the page then reloads its history). */
	async commit(): Promise<boolean> {
		const preview = this.preview;
		if (!preview?.stagedId || !preview.previewKey || !this.canCommit) return false;
		this.busy = 'commit';
		this.error = null;
		this.notice = null;
		const answer = await commitPreview(preview.stagedId, preview.previewKey);
		this.busy = null;
		if (!answer.ok) {
			this.error = answer.message;
			// The key is no longer the latest, or the staged file is gone: a commit cannot succeed.
			this.stale = true;
			return false;
		}
		const result = answer.body;
		if (result.outcome === 'committed' || result.outcome === 'noop') {
			this.committed = result;
			this.phase = 'committed';
			return result.outcome === 'committed';
		}
		this.error = result.message ?? m.uploads_error_generic();
		this.stale = true;
		return false;
	}

	/** Saves the mapping as the community's profile; true when saved. */
	async saveProfile(): Promise<boolean> {
		const preview = this.preview;
		const community = this.profileCommunity;
		if (!preview || !community || this.busy) return false;
		this.busy = 'save';
		this.error = null;
		this.notice = null;
		const answer = await saveCommunityProfile(community, buildProfile(preview, this.edits));
		this.busy = null;
		if (!answer.ok) {
			this.error = answer.message;
			return false;
		}
		this.notice = m.uploads_profile_saved({
			community: answer.body.community,
			at: answer.body.updatedAt
		});
		return true;
	}

	/** Drops the staged file on the server; true when the card can go. */
	async discard(): Promise<boolean> {
		const stagedId = this.preview?.stagedId;
		if (this.busy) return false;
		if (stagedId && this.phase === 'ready') {
			this.busy = 'discard';
			this.error = null;
			const answer = await discardStaged(stagedId);
			this.busy = null;
			if (!answer.ok) {
				this.error = answer.message;
				return false;
			}
		}
		this.phase = 'discarded';
		return true;
	}
}
