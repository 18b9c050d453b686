// See https://svelte.dev/docs/kit/types#app.d.ts
// for information about these interfaces
declare global {
	namespace App {
		interface Error {
			message: string;
			/** Set for unexpected errors: the id under which the server logged the details. */
			id?: string;
		}
		interface Locals {
			/** Light or dark, from the theme cookie; charts are rendered to match. */
			theme: 'light' | 'dark';
			/** The signed-in user (session cookie) or API token's user; null when anonymous. */
			principal: import('$lib/domain/roles').Principal | null;
			/** The session behind `principal` (null for a token or when anonymous). */
			sessionId: string | null;
			/** The client's address as the server sees it, for the audit log and throttling. */
			address: string;
		}
		// interface PageData {}
		// interface PageState {}
		// interface Platform {}
	}
}

export {};
