// The vocabularies the uploads page offers in its dropdowns and uses to label preview rows. Filled
// by +page.server.ts from the fields, statuses, themes and terms tables; plain data, shared with the
// browser components beside it.
import type { Option } from '$lib/domain/options';

export interface FieldChoice {
	field: string;
	labelZh: string;
	required: boolean;
}

export interface UploadVocabulary {
	fields: FieldChoice[];
	statuses: (Option & { type: string })[];
	themes: Option[];
	levels: Option[];
	reporterTypes: Option[];
}

/** A code's label in the page language, or the code itself when the vocabulary lacks it. */
export function labelOf(options: Option[], code: unknown, en: boolean): string {
	if (code === null || code === undefined || code === '') return '';
	const option = options.find((o) => o.code === code);
	return option ? (en ? option.labelEn : option.labelZh) : String(code);
}

/** A field's name: its Chinese label (the deployment's), with the code in the English UI. */
export function fieldLabel(fields: FieldChoice[], field: string, en: boolean): string {
	const found = fields.find((f) => f.field === field);
	if (!found) return field;
	return en ? `${found.labelZh} (${found.field})` : found.labelZh;
}
