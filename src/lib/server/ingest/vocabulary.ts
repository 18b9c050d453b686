// The vocabularies an ingest maps values with, read from the database (seeded from csv-schema.md,
// editable per deployment), and the matching of one written label to a code. The pipeline maps
// each column's distinct values here, then joins the result in SQL.
import type { DuckDBConnection } from '@duckdb/node-api';
import type { Term, TermKind } from '../../domain/vocabulary';
import { readVocabulary } from '../db/vocabulary';
import { normaliseLabel, type FieldDefinition } from './header';

export interface Vocabulary {
	fields: FieldDefinition[];
	/** kind -> normalised label -> code */
	labels: Map<TermKind, Map<string, string>>;
	statusTypes: Map<string, string>;
	themeKeywords: { code: string; keywords: string[] }[];
	codes: Map<TermKind, Set<string>>;
}

/** The matching maps of every vocabulary, from the one reader of the vocabulary tables. */
export async function loadVocabulary(c: DuckDBConnection): Promise<Vocabulary> {
	const v = await readVocabulary(c);
	const kinds: [TermKind, Term[]][] = [
		['status', v.statuses],
		['theme', v.themes],
		['level', v.terms.level],
		['reporter_type', v.terms.reporter_type],
		['satisfaction', v.terms.satisfaction],
		['boolean', v.terms.boolean]
	];
	const labels = new Map<TermKind, Map<string, string>>();
	const codes = new Map<TermKind, Set<string>>();
	for (const [kind, terms] of kinds) {
		const map = new Map<string, string>();
		for (const term of terms) {
			for (const label of [term.code, term.labelZh, term.labelEn, ...term.aliases]) {
				const key = normaliseLabel(label);
				if (!map.has(key)) map.set(key, term.code);
			}
		}
		labels.set(kind, map);
		codes.set(kind, new Set(terms.map((t) => t.code)));
	}
	return {
		fields: v.fields,
		labels,
		statusTypes: new Map(v.statuses.map((s) => [s.code, s.type])),
		themeKeywords: v.themes.map(({ code, keywords }) => ({ code, keywords })),
		codes
	};
}

const THEME_SUFFIXES = ['问题', '类', '方面'];

/**
 * The code a written label stands for, or null. Themes also match with a trailing 问题/类/方面
 * (`营商环境问题`, `安全生产类`).
 */
export function matchLabel(vocab: Vocabulary, kind: TermKind, written: string): string | null {
	const map = vocab.labels.get(kind);
	if (!map) return null;
	const key = normaliseLabel(written);
	const direct = map.get(key);
	if (direct) return direct;
	if (kind === 'theme') {
		for (const suffix of THEME_SUFFIXES) {
			if (key.length > suffix.length && key.endsWith(suffix)) {
				const hit = map.get(key.slice(0, -suffix.length));
				if (hit) return hit;
			}
		}
	}
	return null;
}
