// The values a filter bar offers, with their labels in both languages: vocabularies from their
// tables, communities and responsible units from the data the account may see. Called by the page
// loads.
import type { FilterOptions, Option } from '../../domain/options';
import type { LedgerDatabase } from '../db/database';
import type { Scope } from '../db/query-compiler';
import { STATUS_TYPE_LABELS } from './overview-data';

export type { FilterOptions, Option };

/** Communities and responsible units only from the problems of `scope` (null: every community). */
export async function loadFilterOptions(db: LedgerDatabase, scope: Scope): Promise<FilterOptions> {
	const inScope = scope === null ? 'true' : 'list_contains($scope::JSON::VARCHAR[], community)';
	const scoped = scope === null ? undefined : { scope: JSON.stringify(scope) };
	const [communities, themes, statuses, terms, units] = await Promise.all([
		db.all<{ v: string }>(
			`SELECT DISTINCT community AS v FROM problems WHERE ${inScope} ORDER BY v`,
			scoped
		),
		db.all<Option>(
			'SELECT code, label_zh AS "labelZh", label_en AS "labelEn" FROM themes ORDER BY sort_order'
		),
		db.all<Option & { type: string }>(
			'SELECT code, label_zh AS "labelZh", label_en AS "labelEn", type FROM statuses ORDER BY sort_order'
		),
		db.all<Option & { kind: string }>(
			`SELECT kind, code, label_zh AS "labelZh", label_en AS "labelEn" FROM terms
			 WHERE kind IN ('level', 'reporter_type') ORDER BY kind, sort_order`
		),
		db.all<{ v: string }>(
			`SELECT responsible_unit AS v FROM problems WHERE responsible_unit IS NOT NULL AND ${inScope}
			 GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 200`,
			scoped
		)
	]);
	const termsOf = (kind: string): Option[] =>
		terms
			.filter((t) => t.kind === kind)
			.map(({ code, labelZh, labelEn }) => ({ code, labelZh, labelEn }));
	return {
		communities: communities.map((c) => c.v),
		themes,
		statuses,
		statusTypes: Object.values(STATUS_TYPE_LABELS),
		levels: termsOf('level'),
		reporterTypes: termsOf('reporter_type'),
		responsibleUnits: units.map((u) => u.v).sort((a, b) => a.localeCompare(b, 'zh-CN'))
	};
}
