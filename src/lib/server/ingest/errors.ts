// Errors that refuse a whole file. Every step of the ingest throws IngestRefusal with a message a
// Chinese-speaking analyst can act on; the pipeline turns it into a "refused" file result.

export type RefusalCode =
	| 'empty'
	| 'binary'
	| 'container'
	| 'encoding'
	| 'no_header'
	| 'no_data'
	| 'all_rejected'
	| 'missing_column'
	| 'duplicate_column'
	| 'unterminated_quote'
	| 'sheet_not_found'
	| 'bad_profile'
	| 'bad_input'
	| 'stale_preview';

export class IngestRefusal extends Error {
	readonly code: RefusalCode;

	constructor(code: RefusalCode, message: string) {
		super(message);
		this.name = 'IngestRefusal';
		this.code = code;
	}
}
