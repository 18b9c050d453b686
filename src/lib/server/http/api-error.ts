// Expected failures of the JSON API: a status and a message in Chinese the caller can act on. The
// endpoints answer them as { "error": message }; anything else goes to handleError (logged, with an id).
import { json } from '@sveltejs/kit';

export class ApiError extends Error {
	constructor(
		readonly status: 400 | 401 | 403 | 404 | 409 | 413 | 415 | 422 | 507,
		message: string
	) {
		super(message);
		this.name = 'ApiError';
	}
}

/** A body over its cap whose rest is being read and dropped (http/body-cap), so the connection may
 * stay open: closing it under a client still sending makes the client see a reset, not the 413. */
export class DrainedBodyTooLarge extends ApiError {
	constructor(message: string) {
		super(413, message);
		this.name = 'DrainedBodyTooLarge';
	}
}

/** Runs an endpoint body, turning an ApiError into its JSON response. */
export async function answering(work: () => Promise<Response>): Promise<Response> {
	try {
		return await work();
	} catch (err) {
		if (err instanceof ApiError) {
			// After a 413 the rest of the body is not read: the connection must not be reused.
			const headers: Record<string, string> =
				err.status === 413 && !(err instanceof DrainedBodyTooLarge) ? { connection: 'close' } : {};
			return json({ error: err.message }, { status: err.status, headers });
		}
		throw err;
	}
}
