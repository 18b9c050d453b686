// The one reader of the vocabulary tables (fields, statuses, themes, terms): the overview, the
// compare page, the report, filter options, the uploads page, profile checks and the ingest all take
// their vocabularies from here. Works on the database or on a connection inside a unit of work.
import type { DuckDBConnection } from '@duckdb/node-api';
import type {
	FieldTerm,
	StatusTerm,
	Term,
	TermKind,
	ThemeTerm,
	Vocabulary
} from '../../domain/vocabulary';
import { all, LedgerDatabase } from './database';

type TermRow = Term & { kind: Exclude<TermKind, 'theme' | 'status'> };

const TERM_COLUMNS = `code, label_zh AS "labelZh", label_en AS "labelEn",
	sort_order::INTEGER AS "sortOrder", aliases`;

export async function readVocabulary(
	source: LedgerDatabase | DuckDBConnection
): Promise<Vocabulary> {
	const read = <T>(sql: string): Promise<T[]> =>
		source instanceof LedgerDatabase ? source.all<T>(sql) : all<T>(source, sql);
	// One after another: a DuckDB connection runs one statement at a time anyway.
	const fields = await read<FieldTerm>(
		`SELECT field, label_zh AS "labelZh", kind, required, aliases FROM fields ORDER BY sort_order`
	);
	const statuses = await read<StatusTerm>(
		`SELECT ${TERM_COLUMNS}, type, in_rates AS "inRates" FROM statuses ORDER BY sort_order`
	);
	const themes = await read<ThemeTerm>(
		`SELECT ${TERM_COLUMNS}, keywords FROM themes ORDER BY sort_order`
	);
	const terms = await read<TermRow>(
		`SELECT kind, ${TERM_COLUMNS} FROM terms ORDER BY kind, sort_order`
	);
	const ofKind = (kind: TermRow['kind']): Term[] =>
		terms
			.filter((t) => t.kind === kind)
			.map(({ code, labelZh, labelEn, sortOrder, aliases }) => ({
				code,
				labelZh,
				labelEn,
				sortOrder,
				aliases
			}));
	return {
		fields,
		statuses,
		themes,
		terms: {
			level: ofKind('level'),
			reporter_type: ofKind('reporter_type'),
			satisfaction: ofKind('satisfaction'),
			boolean: ofKind('boolean')
		}
	};
}
