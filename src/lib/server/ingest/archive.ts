// The kept original of every committed batch: uploads/<sha256><ext>. The copy runs beside the
// ingest into a partial file and is renamed into place only before the commit, so a committed batch
// always has its file and a refused one leaves none.
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * Copies the original to a partial file beside its archive name while DuckDB works on the batch
 * (the copy of a 200 MB file took a tenth of the whole ingest when it ran in line). Resolves to
 * the error, if any, so an abandoned copy never becomes an unhandled rejection.
 */
function startArchiveCopy(srcPath: string, partial: string): Promise<unknown> {
	return fs.promises.copyFile(srcPath, partial, fs.constants.COPYFILE_FICLONE).then(
		() => null,
		(err: unknown) => err ?? new Error('archive copy failed')
	);
}

export interface Archive {
	/** Where the original is (or will be) kept. */
	path: string;
	/** Waits for the copy and renames it into place; nothing to do when the file was kept before. */
	finish(): Promise<void>;
}

/**
 * Starts keeping `srcPath` as the original of bytes `sha256` (named `fileName`), unless that file
 * is already kept; the partial copy goes into `temps` (removed whatever happens) and the copy into
 * `background` (awaited before the temps are removed).
 */
export async function startArchive(
	srcPath: string,
	/** copy false (a dry run): only the name, nothing is copied. */
	opts: { uploadsDir: string; fileName: string; sha256: string; copy: boolean },
	work: { temps: string[]; background: Promise<unknown>[] }
): Promise<Archive> {
	const ext =
		path
			.extname(opts.fileName)
			.toLowerCase()
			.replace(/[^.a-z0-9]/g, '') || '.bin';
	const archivePath = path.join(opts.uploadsDir, `${opts.sha256}${ext}`);
	if (!opts.copy || fs.existsSync(archivePath))
		return { path: archivePath, finish: async () => {} };
	await fs.promises.mkdir(opts.uploadsDir, { recursive: true });
	const partial = `${archivePath}.part-${randomUUID()}`;
	work.temps.push(partial);
	const copying = startArchiveCopy(srcPath, partial);
	work.background.push(copying);
	return {
		path: archivePath,
		finish: async () => {
			const failed = await copying;
			if (failed) throw failed;
			await fs.promises.rename(partial, archivePath);
		}
	};
}
