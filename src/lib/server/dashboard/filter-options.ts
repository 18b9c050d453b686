// The values a filter bar offers, with their labels in both languages, for every list dimension of
// the registry: vocabularies from the one vocabulary reader, communities and responsible units from
// the data the account may see. Called by the page loads.
import {
	LIST_DIMENSIONS,
	LIST_FILTER_KEYS,
	NONE,
	type OptionSource
} from '../../domain/dimensions';
import type { FilterOptions, Option } from '../../domain/options';
import { NOT_GIVEN, STATUS_TYPE_LABELS, type Vocabulary } from '../../domain/vocabulary';
import type { LedgerDatabase } from '../db/database';
import type { Scope } from '../db/query-compiler';
import { readVocabulary } from '../db/vocabulary';

const named = (names: string[]): Option[] =>
	names.map((n) => ({ code: n, labelZh: n, labelEn: n }));
const labelled = (terms: readonly Option[]): Option[] =>
	terms.map(({ code, labelZh, labelEn }) => ({ code, labelZh, labelEn }));

/** Communities and responsible units only from the problems of `scope` (null: every community). */
export async function loadFilterOptions(db: LedgerDatabase, scope: Scope): Promise<FilterOptions> {
	const inScope = scope === null ? 'true' : 'list_contains($scope::JSON::VARCHAR[], community)';
	const scoped = scope === null ? undefined : { scope: JSON.stringify(scope) };
	const [communities, units, vocabulary] = await Promise.all([
		db.all<{ v: string }>(
			`SELECT DISTINCT community AS v FROM problems WHERE ${inScope} ORDER BY v`,
			scoped
		),
		db.all<{ v: string }>(
			`SELECT responsible_unit AS v FROM problems WHERE responsible_unit IS NOT NULL AND ${inScope}
			 GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 200`,
			scoped
		),
		readVocabulary(db)
	]);
	const sources = {
		communities: named(communities.map((c) => c.v)),
		responsibleUnits: named(units.map((u) => u.v).sort((a, b) => a.localeCompare(b, 'zh-CN'))),
		vocabulary
	};
	return Object.fromEntries(
		LIST_FILTER_KEYS.map((key) => {
			const dimension = LIST_DIMENSIONS[key];
			const options = optionsOf(dimension.options, sources);
			// "Not given" is offered where a field may be empty, once there are problems at all.
			const notGiven = dimension.nullable && communities.length > 0;
			return [key, notGiven ? [...options, { code: NONE, ...NOT_GIVEN }] : options];
		})
	) as FilterOptions;
}

function optionsOf(
	source: OptionSource,
	s: { communities: Option[]; responsibleUnits: Option[]; vocabulary: Vocabulary }
): Option[] {
	if (typeof source === 'object') return labelled(s.vocabulary.terms[source.terms]);
	switch (source) {
		case 'communities':
			return s.communities;
		case 'responsibleUnits':
			return s.responsibleUnits;
		case 'themes':
			return labelled(s.vocabulary.themes);
		case 'statuses':
			return labelled(s.vocabulary.statuses);
		case 'statusTypes':
			return Object.values(STATUS_TYPE_LABELS);
	}
}
