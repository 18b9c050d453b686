// Files received by the uploads page and not yet committed: each in its own folder under the
// staging directory, with a meta.json that records the options of its latest preview. A commit
// reads the file and options from here, so it applies exactly what was previewed. Each records its
// uploader: only that account (or an admin) may preview it again, commit it or discard it.
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Writable } from 'node:stream';
import type { Principal } from '../../domain/roles';
import type { StagedOptions } from '../../domain/upload-model';
import type { PreviewExpectation } from './preview-contract';

export interface StagedUpload {
	id: string;
	fileName: string;
	sizeBytes: number;
	receivedAt: string;
	/** The account that uploaded it; null only for files staged before owners were recorded. */
	owner: StagedOwner | null;
	/** Set by each preview; a commit must name this key, so a later preview voids an earlier one. */
	preview: { key: string; options: StagedOptions; expect: PreviewExpectation } | null;
}

export type StagedOwner = Pick<Principal, 'userId' | 'username'>;

/** The answer for a staged id that is unknown or another account's: the same, revealing nothing. */
export const STAGED_NOT_FOUND =
	'找不到这个待提交的文件：它可能已经提交、被放弃，或已超过 24 小时被清理。请重新上传。';

const META = 'meta.json';
const ORPHAN_AGE_MS = 60 * 60 * 1000;
const ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Keeps the extension the ingest recognises (.xlsx); the name itself never reaches the disk. */
export function safeExtension(fileName: string): string {
	const ext = path.extname(fileName).toLowerCase();
	return /^\.[a-z0-9]{1,8}$/.test(ext) ? ext : '.bin';
}

export class StagingArea {
	constructor(readonly dir: string) {}

	folder(id: string): string {
		if (!ID.test(id)) throw new Error(`not a staged upload id: ${id}`);
		return path.join(this.dir, id);
	}

	filePath(upload: Pick<StagedUpload, 'id' | 'fileName'>): string {
		return path.join(this.folder(upload.id), `original${safeExtension(upload.fileName)}`);
	}

	/** Where the incoming bytes of `upload` are written (a method, so tests can fill the disk). */
	writeStream(upload: Pick<StagedUpload, 'id' | 'fileName'>): Writable {
		return fs.createWriteStream(this.filePath(upload));
	}

	/** A new folder for one incoming file; the caller writes the bytes, then calls `save`. */
	async create(fileName: string, owner: StagedOwner | null = null): Promise<StagedUpload> {
		const upload: StagedUpload = {
			id: randomUUID(),
			fileName,
			sizeBytes: 0,
			receivedAt: new Date().toISOString(),
			owner: owner && { userId: owner.userId, username: owner.username },
			preview: null
		};
		await fs.promises.mkdir(this.folder(upload.id), { recursive: true });
		return upload;
	}

	/** Writes meta.json atomically: a crash leaves the old one or the new one, never half of either. */
	async save(upload: StagedUpload): Promise<void> {
		const target = path.join(this.folder(upload.id), META);
		const partial = `${target}.${randomUUID()}.part`;
		await fs.promises.writeFile(partial, JSON.stringify(upload));
		await fs.promises.rename(partial, target);
	}

	/** The staged upload, or null when the id is unknown, malformed or already committed/discarded. */
	async get(id: string): Promise<StagedUpload | null> {
		if (!ID.test(id)) return null;
		try {
			return JSON.parse(
				await fs.promises.readFile(path.join(this.folder(id), META), 'utf8')
			) as StagedUpload;
		} catch {
			return null;
		}
	}

	/** The staged upload if `who` uploaded it or is an admin; null otherwise, as for an unknown id. */
	async getFor(id: string, who: Pick<Principal, 'userId' | 'role'>): Promise<StagedUpload | null> {
		const upload = await this.get(id);
		if (!upload) return null;
		return who.role === 'admin' || upload.owner?.userId === who.userId ? upload : null;
	}

	async discard(id: string): Promise<void> {
		if (!ID.test(id)) return;
		await fs.promises.rm(this.folder(id), { recursive: true, force: true });
	}

	/**
	 * Removes uploads older than `maxAgeMs` and folders a crash left without a meta.json (after an
	 * hour, so a file still arriving is not touched). Returns the ids removed.
	 */
	async sweep(maxAgeMs: number, now = Date.now()): Promise<string[]> {
		let entries: string[];
		try {
			entries = await fs.promises.readdir(this.dir);
		} catch {
			return [];
		}
		const removed: string[] = [];
		for (const id of entries) {
			if (!ID.test(id)) continue;
			const upload = await this.get(id);
			let expired: boolean;
			if (upload) expired = now - Date.parse(upload.receivedAt) > maxAgeMs;
			else {
				const stat = await fs.promises.stat(this.folder(id)).catch(() => null);
				expired = stat !== null && now - stat.mtimeMs > ORPHAN_AGE_MS;
			}
			if (expired) {
				await this.discard(id);
				removed.push(id);
			}
		}
		return removed;
	}
}
