// Reads a multipart upload request as a stream: each file goes straight to its own staging folder,
// so a 50 MB export never sits in memory, and the body is cut off at the size limit. Any failure
// (too large, cut off mid-body, malformed, the disk full) removes every file the request had written.
import { Readable, Transform, type Writable } from 'node:stream';
import { finished, pipeline } from 'node:stream/promises';
import fs from 'node:fs';
import busboy from 'busboy';
import { ApiError } from '../http/api-error';
import { DISK_FULL_MESSAGE, isDiskFull } from './disk-full';
import type { StagedOwner, StagedUpload, StagingArea } from './staging';

export class UploadRequestError extends ApiError {
	constructor(status: ApiError['status'], message: string) {
		super(status, message);
		this.name = 'UploadRequestError';
	}
}

export interface ReceivedUpload {
	/** The text fields of the form (community, exportedAt, …), last value wins. */
	fields: Record<string, string>;
	files: StagedUpload[];
}

const MAX_FILES = 20;
const MAX_FIELD_BYTES = 256 * 1024;

function megabytes(bytes: number): string {
	return `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB`;
}

export function tooLarge(limitBytes: number): UploadRequestError {
	return new UploadRequestError(
		413,
		`上传的内容超过了 ${megabytes(limitBytes)} 的上限，没有保存任何内容。请把文件拆成几个较小的文件（例如按社区或按月份导出）再上传，或请管理员调高 LEDGER_UPLOAD_LIMIT_MB。`
	);
}

/** Counts the body's bytes and fails the stream as soon as it passes the limit. */
function byteLimit(limitBytes: number): Transform {
	let seen = 0;
	return new Transform({
		transform(chunk: Buffer, _encoding, done) {
			seen += chunk.length;
			if (seen > limitBytes) done(tooLarge(limitBytes));
			else done(null, chunk);
		}
	});
}

/**
 * Pipes one file of the form into `out`. Unlike pipeline(), a failure of `out` leaves the form's
 * file stream alive (the caller drains it), since busboy waits forever on a destroyed one.
 */
async function writeFile(stream: Readable, out: Writable): Promise<void> {
	stream.once('error', (err) => out.destroy(err));
	stream.pipe(out);
	try {
		await finished(out);
	} catch (err) {
		stream.unpipe(out);
		throw err;
	}
}

export async function receiveUpload(
	request: Request,
	staging: StagingArea,
	limitBytes: number,
	owner: StagedOwner | null = null
): Promise<ReceivedUpload> {
	const contentType = request.headers.get('content-type') ?? '';
	// A refused body is cancelled, which lets the server drain it, so the client still reads the answer.
	const refuse = async (err: UploadRequestError): Promise<never> => {
		await request.body?.cancel().catch(() => undefined);
		throw err;
	};
	if (!/^multipart\/form-data/i.test(contentType)) {
		return refuse(
			new UploadRequestError(
				415,
				'请以 multipart/form-data 表单上传文件（字段名 file），例如 curl -F file=@问题清单.csv。'
			)
		);
	}
	const declared = Number(request.headers.get('content-length'));
	if (Number.isFinite(declared) && declared > limitBytes) return refuse(tooLarge(limitBytes));
	if (!request.body) throw new UploadRequestError(400, '请求里没有文件内容。');

	const fields: Record<string, string> = {};
	const files: StagedUpload[] = [];
	const writes: Promise<void>[] = [];
	const parser = busboy({
		headers: { 'content-type': contentType },
		// Browsers send UTF-8 file names; busboy's default would read them as Latin-1.
		defParamCharset: 'utf8',
		limits: { files: MAX_FILES, fieldSize: MAX_FIELD_BYTES, fields: 50 }
	});
	parser.on('field', (name, value) => {
		fields[name] = value;
	});
	parser.on('file', (_name, stream, info) => {
		const written = (async () => {
			try {
				const upload = await staging.create(info.filename || '未命名文件', owner);
				files.push(upload);
				await writeFile(stream, staging.writeStream(upload));
				upload.sizeBytes = (await fs.promises.stat(staging.filePath(upload))).size;
			} catch (err) {
				// The rest of this file is read and dropped: the parser then reaches the end of the
				// body, and the request gets its answer (it hung when the file stream was destroyed).
				stream.resume();
				throw err;
			}
		})();
		// Reported once, by Promise.allSettled below.
		written.catch(() => undefined);
		writes.push(written);
	});
	parser.on('filesLimit', () => {
		parser.destroy(new UploadRequestError(400, `一次最多上传 ${MAX_FILES} 个文件。`));
	});

	try {
		await pipeline(
			Readable.fromWeb(request.body as import('node:stream/web').ReadableStream<Uint8Array>),
			byteLimit(limitBytes),
			parser
		);
		await Promise.all(writes);
		if (files.length === 0)
			throw new UploadRequestError(400, '请求里没有文件：请选择要上传的文件。');
		for (const upload of files) await staging.save(upload);
		return { fields, files };
	} catch (err) {
		const settled = await Promise.allSettled(writes);
		for (const upload of files) await staging.discard(upload.id);
		const failures = [err, ...settled.map((r) => (r.status === 'rejected' ? r.reason : null))];
		if (failures.some(isDiskFull)) {
			console.error('磁盘空间不足，上传未能保存：', failures.find(isDiskFull));
			throw new UploadRequestError(507, DISK_FULL_MESSAGE);
		}
		if (err instanceof UploadRequestError) throw err;
		// adapter-node's own BODY_SIZE_LIMIT (set above ours by the launcher) fails the stream too.
		if ((err as { status?: number }).status === 413) throw tooLarge(limitBytes);
		throw new UploadRequestError(
			400,
			'上传没有完整收到（连接中断或表单格式不正确），没有保存任何内容。请重新上传。'
		);
	}
}
