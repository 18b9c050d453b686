// The keyword rules in Node, for the classifier's prior (classify.ts) and for scoring the rules
// alone in `themes evaluate`. The same rule as the ingest's SQL (ingest/normalise.ts,
// classifyThemes) and admin/reclassify.ts: the theme with the most of its keywords contained in the
// text, ties in taxonomy order; a test holds the two to the same answers.
import type { ThemeRule } from '../admin/reclassify';

export type { ThemeRule };

export interface KeywordHit {
	code: string;
	/** The theme's keywords found in the text, in the rule's order. */
	keywords: string[];
}

/** The winning theme and the keywords that made it win, or null when no keyword occurs. */
export function keywordTheme(rules: readonly ThemeRule[], text: string): KeywordHit | null {
	let best: KeywordHit | null = null;
	for (const rule of rules) {
		const found = rule.keywords.filter((k) => k !== '' && text.includes(k));
		if (found.length > (best?.keywords.length ?? 0)) best = { code: rule.code, keywords: found };
	}
	return best;
}

/** What the rules give a row that no keyword hits: `other` when the taxonomy has it, else its last. */
export function fallbackTheme(rules: readonly ThemeRule[]): string {
	return rules.some((r) => r.code === 'other') ? 'other' : (rules.at(-1)?.code ?? 'other');
}
