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
		}
		// interface PageData {}
		// interface PageState {}
		// interface Platform {}
	}
}

export {};
