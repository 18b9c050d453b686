// Re-classifying stored problems when the keyword rules change (/admin/taxonomy): the preview of
// which problems would move and the update itself, from the same SQL, so the count an admin sees
// is the count that moves. Only problems whose theme was classified from text (theme_source =
// 'classified') move; a theme from the file or a mapping stays. The rule is the ingest's
// (ingest/normalise.ts, classifyThemes): the theme whose keywords occur most often in the theme
// label, title and description, ties in taxonomy order; no hit at all means `other`.
import type { DuckDBConnection } from '@duckdb/node-api';
import { all } from '../db/database';
import { readVocabulary } from '../db/vocabulary';

export interface ThemeRule {
	code: string;
	keywords: string[];
}

export interface ThemeMove {
	community: string;
	problemId: string;
	from: string;
	to: string;
}

export interface Reclassification {
	/** Problems whose theme changes. */
	changes: number;
	/** How many move from each theme to each other, most first. */
	moves: { from: string; to: string; count: number }[];
	/** A few of them, for the admin to check. */
	examples: ThemeMove[];
}

/** The rules in force: every theme's keywords, in taxonomy order. */
export async function currentRules(c: DuckDBConnection): Promise<ThemeRule[]> {
	return (await readVocabulary(c)).themes.map(({ code, keywords }) => ({ code, keywords }));
}

/** The same rules with one theme's keywords replaced. */
export function withKeywords(rules: ThemeRule[], code: string, keywords: string[]): ThemeRule[] {
	return rules.map((r) => (r.code === code ? { code, keywords } : r));
}

function ruleParams(rules: ThemeRule[]): Record<string, string> {
	const codes: string[] = [];
	const words: string[] = [];
	const order: number[] = [];
	rules.forEach((rule, i) => {
		for (const word of rule.keywords) {
			if (!word) continue; // an empty keyword would match every text
			codes.push(rule.code);
			words.push(word);
			order.push(i);
		}
	});
	// As the ingest does: `other` when the taxonomy has it, else its last theme.
	const fallback = rules.some((r) => r.code === 'other')
		? 'other'
		: (rules.at(-1)?.code ?? 'other');
	return {
		codes: JSON.stringify(codes),
		words: JSON.stringify(words),
		ord: JSON.stringify(order),
		fallback
	};
}

/** Every classified problem whose theme would differ under `rules`, as a temp table `theme_moves`. */
async function computeMoves(c: DuckDBConnection, rules: ThemeRule[]): Promise<void> {
	await c.run('DROP TABLE IF EXISTS theme_moves');
	await c.run(
		`CREATE TEMP TABLE theme_moves AS
		WITH kw AS (
			SELECT unnest(from_json($codes, '["VARCHAR"]')) AS code,
				unnest(from_json($words, '["VARCHAR"]')) AS word,
				unnest(from_json($ord, '["INTEGER"]')) AS ord
		), p AS (
			SELECT community, problem_id, theme, concat_ws(' ', theme_label, title, description) AS text
			FROM problems WHERE theme_source = 'classified'
		), hit AS (
			SELECT p.community, p.problem_id, kw.code, min(kw.ord) AS ord, count(*) AS hits
			FROM p JOIN kw ON contains(p.text, kw.word)
			GROUP BY p.community, p.problem_id, kw.code
		), best AS (
			SELECT community, problem_id, first(code ORDER BY hits DESC, ord) AS code
			FROM hit GROUP BY community, problem_id
		)
		SELECT p.community, p.problem_id, p.theme AS from_theme, coalesce(best.code, $fallback) AS to_theme
		FROM p LEFT JOIN best USING (community, problem_id)
		WHERE p.theme IS DISTINCT FROM coalesce(best.code, $fallback)`,
		ruleParams(rules)
	);
}

async function summarise(c: DuckDBConnection, exampleCount: number): Promise<Reclassification> {
	const moves = await all<{ from: string; to: string; count: number }>(
		c,
		`SELECT from_theme AS "from", to_theme AS "to", count(*)::INTEGER AS count
		 FROM theme_moves GROUP BY ALL ORDER BY count DESC, "from", "to"`
	);
	const examples = await all<ThemeMove>(
		c,
		`SELECT community, problem_id AS "problemId", from_theme AS "from", to_theme AS "to"
		 FROM theme_moves ORDER BY community, problem_id LIMIT $1`,
		[exampleCount]
	);
	return { changes: moves.reduce((n, m) => n + m.count, 0), moves, examples };
}

/** What `rules` would change, without changing anything. */
export async function previewReclassification(
	c: DuckDBConnection,
	rules: ThemeRule[],
	exampleCount = 8
): Promise<Reclassification> {
	await computeMoves(c, rules);
	try {
		return await summarise(c, exampleCount);
	} finally {
		await c.run('DROP TABLE IF EXISTS theme_moves');
	}
}

/**
 * Moves every classified problem to its theme under `rules`. Run it inside the transaction that
 * saves the rules, so both commit together or neither does.
 */
export async function applyReclassification(
	c: DuckDBConnection,
	rules: ThemeRule[],
	exampleCount = 8
): Promise<Reclassification> {
	await computeMoves(c, rules);
	try {
		const summary = await summarise(c, exampleCount);
		await c.run(
			`UPDATE problems SET theme = m.to_theme FROM theme_moves m
			 WHERE problems.community = m.community AND problems.problem_id = m.problem_id
				AND problems.theme_source = 'classified'`
		);
		return summary;
	} finally {
		await c.run('DROP TABLE IF EXISTS theme_moves');
	}
}
