// The analyst's edits on a preview (column choices, status and theme label mappings) and the
// mapping profile they amount to, sent with "重新预览" and saved per community. Pure functions, so
// the rules are tested without a browser (mapping-edits.test.ts).
import type { LabelCount, MappingProfile, StagedPreview } from '$lib/domain/upload-model';
import { normaliseLabel } from '$lib/domain/labels';

export interface MappingEdits {
	/** The field each header cell feeds, by header index; null keeps it as an extra column. */
	columns: (string | null)[];
	/** Label as written -> status code; '' leaves the label unmapped (its rows are rejected). */
	status: Record<string, string>;
	/** Label as written -> theme code; '' leaves the label to the keyword classifier. */
	theme: Record<string, string>;
}

function baseValues(preview: StagedPreview, kind: 'status' | 'theme'): Record<string, string> {
	return preview.options.profile?.values?.[kind] ?? {};
}

/** Status labels to offer for mapping: the unknown ones, and those the profile already maps. */
export function statusRows(preview: StagedPreview): LabelCount[] {
	const mapped = baseValues(preview, 'status');
	return (preview.result.preview?.statusLabels ?? []).filter(
		(l) => l.code === null || Object.hasOwn(mapped, l.label)
	);
}

/** Theme labels to offer: those that matched no theme (classified by keywords), or mapped ones. */
export function themeRows(preview: StagedPreview): (LabelCount & { source: string })[] {
	const mapped = baseValues(preview, 'theme');
	return (preview.result.preview?.themeLabels ?? []).filter(
		(l) => l.source === 'classified' || Object.hasOwn(mapped, l.label)
	);
}

/** The edits as the preview stands: nothing changed yet. */
export function editsFromPreview(preview: StagedPreview): MappingEdits {
	const status = baseValues(preview, 'status');
	const theme = baseValues(preview, 'theme');
	return {
		columns: preview.result.headers.map((h) => h.field),
		status: Object.fromEntries(statusRows(preview).map((l) => [l.label, status[l.label] ?? ''])),
		theme: Object.fromEntries(themeRows(preview).map((l) => [l.label, theme[l.label] ?? '']))
	};
}

/**
 * Chooses `field` for header `index`: a field is read from one column, so any other header that
 * fed it now feeds nothing.
 */
export function chooseColumn(edits: MappingEdits, index: number, field: string | null): void {
	if (field !== null) {
		edits.columns.forEach((f, i) => {
			if (i !== index && f === field) edits.columns[i] = null;
		});
	}
	edits.columns[index] = field;
}

/**
 * The profile a new preview runs with: the preview's own profile, plus every column choice that
 * differs from what the preview mapped ('' for a field the analyst turned off), plus the label
 * mappings. Columns of that profile naming headers this file lacks are dropped: the server applies
 * a community's saved profile leniently, but a profile sent with a preview strictly.
 * A refused preview (say, a required column missing) names every chosen column explicitly, so a
 * choice between two columns of the same name is settled too.
 */
export function buildProfile(preview: StagedPreview, edits: MappingEdits): MappingProfile {
	const base = preview.options.profile;
	const headers = preview.result.headers;
	const present = new Set(headers.map((h) => normaliseLabel(h.header)).filter((h) => h !== ''));
	const columns: Record<string, string> = {};
	for (const [field, header] of Object.entries(base?.columns ?? {})) {
		if (header.trim() === '' || present.has(normaliseLabel(header))) columns[field] = header;
	}
	const explicit = preview.result.outcome === 'refused';
	const removed = new Set<string>();
	const assigned = new Map<string, string>();
	headers.forEach((h, i) => {
		const chosen = edits.columns[i] ?? null;
		if (h.header === '') return;
		if (chosen === h.field) {
			if (explicit && chosen !== null && !assigned.has(chosen)) assigned.set(chosen, h.header);
			return;
		}
		if (h.field !== null) removed.add(h.field);
		if (chosen !== null) assigned.set(chosen, h.header);
	});
	for (const field of removed) columns[field] = '';
	for (const [field, header] of assigned) columns[field] = header;

	const values = (kind: 'status' | 'theme'): Record<string, string> => {
		const out = { ...(base?.values?.[kind] ?? {}) };
		for (const [label, code] of Object.entries(edits[kind])) {
			if (code) out[label] = code;
			else delete out[label];
		}
		return out;
	};
	return {
		columns,
		values: { ...base?.values, status: values('status'), theme: values('theme') },
		dateFormats: [...(base?.dateFormats ?? [])],
		defaults: { ...(base?.defaults ?? {}) }
	};
}

/** A stable text form of the edits, to tell whether anything changed since the preview. */
export function editsKey(edits: MappingEdits): string {
	const sorted = (r: Record<string, string>) =>
		Object.entries(r).sort(([a], [b]) => (a < b ? -1 : 1));
	return JSON.stringify([edits.columns, sorted(edits.status), sorted(edits.theme)]);
}
