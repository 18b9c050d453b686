// A full disk (ENOSPC) or an exhausted quota (EDQUOT) while an upload is received, staged or
// ingested: one Chinese 507 for the uploads endpoints, which also drop the staged file. The ingest
// rolls its transaction back on any error, so no half batch is left. DuckDB reports these as
// IO Errors with the system's text, hence the message test beside the error code.
import { ApiError } from '../http/api-error';

export const DISK_FULL_MESSAGE =
	'服务器磁盘空间不足，这次上传没有保存任何内容。请联系管理员清理服务器磁盘后再重新上传。';

const CODES = new Set(['ENOSPC', 'EDQUOT']);
const TEXT = /ENOSPC|EDQUOT|No space left on device|Disk quota exceeded/i;

/** True for a disk-full or quota error, or one caused by it (a few `cause` links deep). */
export function isDiskFull(err: unknown): boolean {
	for (let e = err, depth = 0; e && depth < 5; depth++) {
		const { code, message, cause } = e as { code?: unknown; message?: unknown; cause?: unknown };
		if (typeof code === 'string' && CODES.has(code)) return true;
		if (typeof message === 'string' && TEXT.test(message)) return true;
		e = cause;
	}
	return false;
}

export function diskFull(): ApiError {
	return new ApiError(507, DISK_FULL_MESSAGE);
}

/** Runs `work`; a disk-full failure becomes the 507, after `cleanUp` (dropping the staged files). */
export async function answeringDiskFull<T>(
	work: () => Promise<T>,
	cleanUp: () => Promise<void>
): Promise<T> {
	try {
		return await work();
	} catch (err) {
		if (!isDiskFull(err)) throw err;
		console.error('磁盘空间不足：', err);
		await cleanUp().catch(() => undefined);
		throw diskFull();
	}
}
