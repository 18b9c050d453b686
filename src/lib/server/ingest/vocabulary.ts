// The vocabularies an ingest maps values with, read from the database (seeded from csv-schema.md,
// editable per deployment), and the matching of one written label to a code. The pipeline maps
// each column's distinct values here, then joins the result in SQL.
import type { DuckDBConnection } from '@duckdb/node-api';
import { all } from '../db/database';
import { normaliseLabel, type FieldDefinition } from './header';

export type TermKind = 'status' | 'theme' | 'level' | 'reporter_type' | 'satisfaction' | 'boolean';

export interface Vocabulary {
	fields: FieldDefinition[];
	/** kind -> normalised label -> code */
	labels: Map<TermKind, Map<string, string>>;
	statusTypes: Map<string, string>;
	themeKeywords: { code: string; keywords: string[] }[];
	codes: Map<TermKind, Set<string>>;
}

type LabelRow = {
	kind: TermKind;
	code: string;
	labels: string[];
};

export async function loadVocabulary(c: DuckDBConnection): Promise<Vocabulary> {
	const fields = (
		await all<{
			field: string;
			label_zh: string;
			kind: string;
			required: boolean;
			aliases: string[];
		}>(c, 'SELECT field, label_zh, kind, required, aliases FROM fields ORDER BY sort_order')
	).map((f) => ({
		field: f.field,
		labelZh: f.label_zh,
		kind: f.kind,
		required: f.required,
		aliases: f.aliases
	}));
	const rows = await all<LabelRow>(
		c,
		`SELECT 'status' AS kind, code, list_concat([code, label_zh, label_en], aliases) AS labels, sort_order FROM statuses
		 UNION ALL SELECT 'theme', code, list_concat([code, label_zh, label_en], aliases), sort_order FROM themes
		 UNION ALL SELECT kind, code, list_concat([code, label_zh, label_en], aliases), sort_order FROM terms
		 ORDER BY kind, sort_order`
	);
	const labels = new Map<TermKind, Map<string, string>>();
	const codes = new Map<TermKind, Set<string>>();
	for (const row of rows) {
		const map = labels.get(row.kind) ?? new Map<string, string>();
		for (const label of row.labels) {
			const key = normaliseLabel(label);
			if (!map.has(key)) map.set(key, row.code);
		}
		labels.set(row.kind, map);
		codes.set(row.kind, (codes.get(row.kind) ?? new Set()).add(row.code));
	}
	const statusTypes = new Map(
		(await all<{ code: string; type: string }>(c, 'SELECT code, type FROM statuses')).map((s) => [
			s.code,
			s.type
		])
	);
	const themeKeywords = await all<{ code: string; keywords: string[] }>(
		c,
		'SELECT code, keywords FROM themes ORDER BY sort_order'
	);
	return { fields, labels, statusTypes, themeKeywords, codes };
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
