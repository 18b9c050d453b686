// A refusal an administrator can act on (a clashing alias, a missing field), in Chinese. The
// /admin actions turn it, and the accounts module's AccountError, into fail(400, { message }).
import { AccountError } from '../auth/users';

export class AdminError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'AdminError';
	}
}

/** The message to show for an expected refusal; null for anything else (a bug: let it throw). */
export function refusalMessage(err: unknown): string | null {
	return err instanceof AdminError || err instanceof AccountError ? err.message : null;
}
