// The .xlsx reader's view of the zip: yauzl reads the central directory and opens only the parts
// asked for, and every inflated byte is counted against the budgets below while it streams, so a
// zip bomb is refused after a bounded amount of work whatever sizes its directory declares.
import zlib from 'node:zlib';
import yauzl from 'yauzl';
import { IngestRefusal } from './errors';

export const BAD_INPUT_MESSAGE =
	'无法读取这个 Excel 文件（.xlsx）：文件可能已损坏，或是旧版 .xls 格式。请在 Excel/WPS 中另存为 .xlsx 或 CSV 后重新上传。';

export const ZIP_LIMITS = {
	/** Parts in the zip; a workbook has a few per sheet (sheet, rels, drawings, comments). */
	parts: 5_000,
	/** Inflated bytes of any one part, and of all parts read. */
	partBytes: 200 * 1024 ** 2,
	totalBytes: 300 * 1024 ** 2,
	/** Inflated ÷ compressed above which a part counts as a bomb, once it is past ratioFloorBytes. */
	ratio: 100,
	ratioFloorBytes: 16 * 1024 ** 2
};

const MB = 1024 ** 2;

export function unreadable(cause?: unknown): IngestRefusal {
	const refusal = new IngestRefusal('bad_input', BAD_INPUT_MESSAGE);
	refusal.cause = cause;
	return refusal;
}

function tooManyParts(): IngestRefusal {
	return new IngestRefusal(
		'bad_input',
		`这个 Excel 文件包含超过 ${ZIP_LIMITS.parts.toLocaleString('en')} 个内部部件（通常是工作表过多），超出了可处理的范围。请只保留问题清单所在的工作表，另存为新的 .xlsx 或导出为 CSV 后重新上传。`
	);
}

function inflatesTooMuch(part: string): IngestRefusal {
	return new IngestRefusal(
		'bad_input',
		`这个 Excel 文件解压后过大（部件 ${part} 超过 ${ZIP_LIMITS.partBytes / MB} MB、全部超过 ${ZIP_LIMITS.totalBytes / MB} MB，或压缩比异常），不像是正常导出的问题清单。请删除多余的工作表和空白行列后另存，或导出为 CSV 后重新上传。`
	);
}

function unsafeName(): IngestRefusal {
	return new IngestRefusal(
		'bad_input',
		'这个 Excel 文件内含不安全的文件路径（如 “../” 或绝对路径），Excel/WPS 不会写出这样的文件，出于安全原因不予读取。请在 Excel/WPS 中打开后另存为 .xlsx 再上传。'
	);
}

// yauzl reports unsafe names (validateFileName) only by message text.
const UNSAFE_NAME = /^(absolute path|invalid relative path|invalid characters in fileName)/;

function refusalFor(error: unknown): IngestRefusal {
	if (error instanceof IngestRefusal) return error;
	if (error instanceof Error && UNSAFE_NAME.test(error.message)) return unsafeName();
	return unreadable(error);
}

function exceedsRatio(inflated: number, compressed: number): boolean {
	return inflated > ZIP_LIMITS.ratioFloorBytes && inflated > compressed * ZIP_LIMITS.ratio;
}

export class WorkbookZip {
	private inflatedTotal = 0;

	private constructor(
		private readonly zip: yauzl.ZipFile,
		private readonly entries: Map<string, yauzl.Entry>
	) {}

	/**
	 * Reads the central directory of the zip at srcPath. Refuses unreadable zips, unsafe names and
	 * bombs that declare themselves; a missing file rejects with its plain ENOENT error.
	 */
	static async open(srcPath: string): Promise<WorkbookZip> {
		const zip = await new Promise<yauzl.ZipFile>((resolve, reject) => {
			yauzl.open(
				srcPath,
				{ lazyEntries: true, autoClose: false, strictFileNames: true, validateEntrySizes: true },
				(error, file) => {
					if (error) {
						const code = (error as NodeJS.ErrnoException).code;
						reject(code === 'ENOENT' || code === 'EACCES' ? error : refusalFor(error));
					} else resolve(file);
				}
			);
		});
		try {
			if (zip.entryCount > ZIP_LIMITS.parts) throw tooManyParts();
			const entries = new Map<string, yauzl.Entry>();
			await new Promise<void>((resolve, reject) => {
				zip.on('entry', (entry: yauzl.Entry) => {
					const declared = entry.uncompressedSize;
					if (declared > ZIP_LIMITS.partBytes || exceedsRatio(declared, entry.compressedSize)) {
						reject(inflatesTooMuch(entry.fileName));
						return;
					}
					entries.set(entry.fileName, entry);
					zip.readEntry();
				});
				zip.on('end', () => resolve());
				zip.on('error', (error: unknown) => reject(refusalFor(error)));
				zip.readEntry();
			});
			return new WorkbookZip(zip, entries);
		} catch (error) {
			zip.close();
			throw error;
		}
	}

	has(name: string): boolean {
		return this.entries.has(name);
	}

	/**
	 * The part's text in decoded chunks, characters kept whole across chunk boundaries. Counts real
	 * inflated bytes against the budgets and checks the CRC, refusing on any mismatch.
	 */
	async *text(name: string): AsyncGenerator<string> {
		const entry = this.entries.get(name);
		if (!entry) throw unreadable(new Error(`no part ${name}`));
		const stream = await new Promise<NodeJS.ReadableStream & { destroy(): void }>(
			(resolve, reject) => {
				this.zip.openReadStream(entry, (error, readable) => {
					if (error) reject(refusalFor(error));
					else resolve(readable);
				});
			}
		);
		const decoder = new TextDecoder('utf-8');
		let inflated = 0;
		let crc = 0;
		try {
			for await (const chunk of guarded(stream)) {
				inflated += chunk.length;
				this.inflatedTotal += chunk.length;
				if (
					inflated > ZIP_LIMITS.partBytes ||
					this.inflatedTotal > ZIP_LIMITS.totalBytes ||
					exceedsRatio(inflated, entry.compressedSize)
				) {
					throw inflatesTooMuch(name);
				}
				crc = zlib.crc32(chunk, crc);
				const text = decoder.decode(chunk, { stream: true });
				if (text) yield text;
			}
			if (crc !== entry.crc32) throw unreadable(new Error(`CRC mismatch in ${name}`));
			const rest = decoder.decode();
			if (rest) yield rest;
		} finally {
			stream.destroy();
		}
	}

	close(): void {
		this.zip.close();
	}
}

async function* guarded(stream: NodeJS.ReadableStream): AsyncGenerator<Buffer> {
	try {
		for await (const chunk of stream) yield chunk as Buffer;
	} catch (error) {
		throw refusalFor(error);
	}
}
