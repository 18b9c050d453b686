// A file's own categories taken over as themes in one step (the uploads page's "把这些分类导入为
// 主题"): each label that matches no theme becomes a theme named by it, with no keywords, in one
// transaction with its audit entry. Only an admin of the whole street may: the taxonomy classifies
// every community's problems.
//
// What changes with it, as the ingest would see it now: stored problems whose theme was classified
// because their written label matched nothing, and whose label is now a theme's name, take that
// theme (theme_source 'file'); the keyword rules are applied again (saveTheme's re-classification).
// The new themes go just before the fallback theme (`other`, else the last), so the fallback — and
// with it every keyword-less classification — stays what it was.
import type { DuckDBConnection } from '@duckdb/node-api';
import { normaliseLabel } from '../../domain/labels';
import { audit, auditOn } from '../audit/audit';
import { STREET_ADMIN_ONLY } from '../auth/guard';
import { all } from '../db/database';
import { serialisedWrite } from '../db/write-queue';
import { loadVocabulary, matchLabel } from '../ingest/vocabulary';
import type { AdminContext } from './accounts';
import { AdminError } from './admin-error';
import { applyReclassification, currentRules } from './reclassify';
import { refuseClashes } from './taxonomy';

/** At most this many themes in one import (a file's preview lists up to 500 labels). */
export const MAX_IMPORTED_THEMES = 200;
/** The longest name a theme may have (as /admin/taxonomy allows). */
const MAX_LABEL_LENGTH = 50;
/** A theme code as every filter accepts it (domain/filters.ts). */
const CODE = /^[a-z][a-z0-9_]{0,39}$/;

export interface ImportedTheme {
	code: string;
	labelZh: string;
	labelEn: string;
}

export interface ThemeImport {
	themes: ImportedTheme[];
	/** Stored problems that now take one of the new themes from their written label. */
	relabelled: number;
	/** Classified problems the keyword rules moved (none expected: the new themes have no keywords). */
	reclassified: number;
}

/** The labels to import: trimmed, none empty, each once (as matching compares them), within limits. */
export function cleanImportLabels(input: readonly unknown[]): string[] {
	const seen = new Set<string>();
	const labels: string[] = [];
	for (const raw of input) {
		if (typeof raw !== 'string') throw new AdminError('每个分类名称都应是文字。');
		const label = raw.trim();
		const key = normaliseLabel(label);
		if (!key) continue;
		if (label.length > MAX_LABEL_LENGTH) {
			throw new AdminError(
				`“${label.slice(0, 20)}…”太长：主题名称最多 ${MAX_LABEL_LENGTH} 个字符。`
			);
		}
		if (seen.has(key)) continue;
		seen.add(key);
		labels.push(label);
	}
	if (labels.length === 0) throw new AdminError('没有要导入的分类。');
	if (labels.length > MAX_IMPORTED_THEMES) {
		throw new AdminError(`一次最多导入 ${MAX_IMPORTED_THEMES} 个主题。`);
	}
	return labels;
}

/**
 * A code for a theme named `label`, not in `taken`: the label itself in snake_case when it is
 * plain Latin letters and digits (`Noise Complaint` -> `noise_complaint`), else `theme_<n>`.
 * Never the label's other characters: a code appears in URLs and filters.
 */
export function themeCodeFor(label: string, taken: ReadonlySet<string>): string {
	const ascii = label.normalize('NFKC').toLowerCase();
	let base = /^[\x20-\x7e]+$/.test(ascii)
		? ascii
				.replace(/[^a-z0-9]+/g, '_')
				.replace(/^_+|_+$/g, '')
				.slice(0, 32)
				.replace(/_+$/, '')
		: '';
	if (base && !/^[a-z]/.test(base)) base = `t_${base}`;
	if (!/[a-z]/.test(base.replace(/^t_/, ''))) base = '';
	if (base && !taken.has(base)) return base;
	const stem = base || 'theme';
	for (let n = base ? 2 : 1; ; n += 1) {
		const code = `${stem}_${n}`;
		if (!taken.has(code)) return code;
	}
}

function requireWholeStreet(ctx: AdminContext): void {
	if (ctx.actor.role !== 'admin') throw new AdminError('只有管理员可以导入主题。');
	if (ctx.actor.scope !== null) throw new AdminError(STREET_ADMIN_ONLY);
}

/** Refuses a label any theme already answers to, directly or with a 问题/类/方面 ending. */
async function refuseKnown(c: DuckDBConnection, labels: string[]): Promise<void> {
	const vocab = await loadVocabulary(c);
	const themes = await all<{ code: string; labelZh: string }>(
		c,
		'SELECT code, label_zh AS "labelZh" FROM themes'
	);
	const nameOf = new Map(themes.map((t) => [t.code, t.labelZh]));
	for (const label of labels) {
		const hit = matchLabel(vocab, 'theme', label);
		if (hit) {
			throw new AdminError(
				`“${label}”已对应主题“${nameOf.get(hit) ?? hit}”：同一个写法只能对应一个主题。请重新预览。`
			);
		}
	}
}

/** Codes, and every name and alias as matching compares them: a new code must be none of them. */
async function takenNames(c: DuckDBConnection): Promise<Set<string>> {
	const rows = await all<{ names: string[] }>(
		c,
		'SELECT list_concat([code, label_zh, label_en], aliases) AS names FROM themes'
	);
	return new Set(rows.flatMap((r) => [...r.names, ...r.names.map(normaliseLabel)]));
}

/** Moves the row block from the fallback theme on by `count`, and answers the first free place. */
async function makeRoom(c: DuckDBConnection, count: number): Promise<number> {
	const themes = await all<{ code: string; sortOrder: number }>(
		c,
		'SELECT code, sort_order::INTEGER AS "sortOrder" FROM themes ORDER BY sort_order'
	);
	if (themes.length === 0) return 0;
	const fallback = themes.find((t) => t.code === 'other') ?? themes.at(-1)!;
	await c.run('UPDATE themes SET sort_order = sort_order + $1 WHERE sort_order >= $2', [
		count,
		fallback.sortOrder
	]);
	return fallback.sortOrder;
}

/**
 * Stored problems classified because their label matched no theme, whose label now names one of
 * `codes`: they take it, as a new upload of theirs would (theme_source 'file').
 */
async function relabelStored(c: DuckDBConnection, codes: Set<string>): Promise<number> {
	const vocab = await loadVocabulary(c);
	const written = await all<{ label: string }>(
		c,
		`SELECT DISTINCT theme_label AS label FROM problems
		 WHERE theme_source = 'classified' AND theme_label IS NOT NULL`
	);
	const pairs = written
		.map(({ label }) => ({ label, code: matchLabel(vocab, 'theme', label) }))
		.filter((p): p is { label: string; code: string } => p.code !== null && codes.has(p.code));
	if (pairs.length === 0) return 0;
	const params = {
		labels: JSON.stringify(pairs.map((p) => p.label)),
		codes: JSON.stringify(pairs.map((p) => p.code))
	};
	const pairsSql = `SELECT unnest(from_json($labels, '["VARCHAR"]')) AS label,
		unnest(from_json($codes, '["VARCHAR"]')) AS code`;
	const [{ n }] = await all<{ n: number }>(
		c,
		`SELECT count(*)::INTEGER AS n FROM problems p JOIN (${pairsSql}) m ON p.theme_label = m.label
		 WHERE p.theme_source = 'classified'`,
		params
	);
	await c.run(
		`UPDATE problems SET theme = m.code, theme_source = 'file' FROM (${pairsSql}) m
		 WHERE problems.theme_source = 'classified' AND problems.theme_label = m.label`,
		params
	);
	return n;
}

/**
 * Creates one theme per label (names in both languages = the label, no aliases, no keywords),
 * refusing a label any theme already answers to, with the problems that follow from it and its
 * audit entry, in one transaction queued with every other write.
 */
export async function importThemeLabels(
	ctx: AdminContext,
	input: readonly unknown[]
): Promise<ThemeImport> {
	const entry = { actor: ctx.actor, address: ctx.address, action: 'taxonomy.import' as const };
	try {
		requireWholeStreet(ctx);
	} catch (err) {
		await audit(ctx.db, {
			...entry,
			detail: { reason: (err as Error).message },
			result: 'refused'
		});
		throw err;
	}
	let labels: string[] = [];
	try {
		labels = cleanImportLabels(input);
		return await serialisedWrite(() =>
			ctx.db.transaction(async (c) => {
				await refuseKnown(c, labels);
				const taken = await takenNames(c);
				const themes: ImportedTheme[] = [];
				for (const label of labels) {
					const code = themeCodeFor(label, taken);
					if (!CODE.test(code)) throw new Error(`derived theme code out of pattern: ${code}`);
					taken.add(code);
					themes.push({ code, labelZh: label, labelEn: label });
				}
				const first = await makeRoom(c, themes.length);
				for (const [i, t] of themes.entries()) {
					await c.run(
						`INSERT INTO themes (code, label_zh, label_en, aliases, keywords, sort_order)
						 VALUES ($1, $2, $3, []::VARCHAR[], []::VARCHAR[], $4)`,
						[t.code, t.labelZh, t.labelEn, first + i]
					);
				}
				// Each written form names one theme only, the new ones among themselves included.
				for (const t of themes) {
					await refuseClashes(c, 'themes', t.code, { ...t, aliases: [] }, '主题');
				}
				const relabelled = await relabelStored(c, new Set(themes.map((t) => t.code)));
				const moved = await applyReclassification(c, await currentRules(c));
				await auditOn(c, {
					...entry,
					target: themes.map((t) => t.code).join(','),
					detail: {
						themes,
						relabelled,
						reclassified: moved.changes,
						moves: Object.fromEntries(moved.moves.map((m) => [`${m.from} → ${m.to}`, m.count]))
					},
					result: 'ok'
				});
				return { themes, relabelled, reclassified: moved.changes };
			})
		);
	} catch (err) {
		if (err instanceof AdminError) {
			await audit(ctx.db, {
				...entry,
				detail: { labels, reason: err.message },
				result: 'failed'
			});
		}
		throw err;
	}
}
