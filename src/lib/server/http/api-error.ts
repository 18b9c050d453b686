// Expected failures of the JSON API: a status and a message in Chinese the caller can act on. The
// endpoints answer them as { "error": message }; anything else goes to handleError (logged, with an id).
import { json } from '@sveltejs/kit';

export class ApiError extends Error {
	constructor(
		readonly status: 400 | 401 | 403 | 404 | 409 | 413 | 415 | 422,
		message: string
	) {
		super(message);
		this.name = 'ApiError';
	}
}

/** Runs an endpoint body, turning an ApiError into its JSON response. */
export async function answering(work: () => Promise<Response>): Promise<Response> {
	try {
		return await work();
	} catch (err) {
		if (err instanceof ApiError) {
			// After a 413 the rest of the body is not read: the connection must not be reused.
			const headers: Record<string, string> = err.status === 413 ? { connection: 'close' } : {};
			return json({ error: err.message }, { status: err.status, headers });
		}
		throw err;
	}
}
