// The theme taxonomy and the status labels as /admin/taxonomy edits them. Saving a theme saves its
// names and keyword rules and re-classifies the problems whose theme came from those rules, in one
// transaction with its audit entry. Statuses keep their code, type and in_rates (every KPI is
// computed on types); only their labels and aliases change.
import type { DuckDBConnection } from '@duckdb/node-api';
import { normaliseLabel } from '../../domain/labels';
import { all, type LedgerDatabase } from '../db/database';
import { serialisedWrite } from '../db/write-queue';
import { audit, auditOn } from '../audit/audit';
import { AdminError } from './admin-error';
import type { AdminContext } from './accounts';
import {
	applyReclassification,
	currentRules,
	previewReclassification,
	withKeywords,
	type Reclassification
} from './reclassify';

export interface ThemeEntry {
	code: string;
	labelZh: string;
	labelEn: string;
	aliases: string[];
	keywords: string[];
	/** Problems with this theme, and how many of them were classified by keywords. */
	problems: number;
	classified: number;
}

export interface StatusEntry {
	code: string;
	labelZh: string;
	labelEn: string;
	type: 'open' | 'fixed' | 'closed';
	inRates: boolean;
	aliases: string[];
	problems: number;
}

export async function loadTaxonomy(
	db: LedgerDatabase
): Promise<{ themes: ThemeEntry[]; statuses: StatusEntry[] }> {
	const [themes, statuses] = await Promise.all([
		db.all<ThemeEntry>(
			`SELECT t.code, t.label_zh AS "labelZh", t.label_en AS "labelEn", t.aliases, t.keywords,
				count(p.theme)::INTEGER AS problems,
				count(p.theme) FILTER (p.theme_source = 'classified')::INTEGER AS classified
			 FROM themes t LEFT JOIN problems p ON p.theme = t.code
			 GROUP BY ALL ORDER BY any_value(t.sort_order)`
		),
		db.all<StatusEntry>(
			`SELECT s.code, s.label_zh AS "labelZh", s.label_en AS "labelEn", s.type, s.in_rates AS "inRates",
				s.aliases, count(p.status)::INTEGER AS problems
			 FROM statuses s LEFT JOIN problems p ON p.status = s.code
			 GROUP BY ALL ORDER BY any_value(s.sort_order)`
		)
	]);
	return { themes, statuses };
}

const MAX_ITEMS = 200;
const MAX_ITEM_LENGTH = 100;

/** A list typed in a text box: items separated by | (either width) or new lines; trimmed, no repeats. */
export function splitList(text: string): string[] {
	const items = [
		...new Set(
			text
				.split(/[|｜\r\n]+/)
				.map((s) => s.trim())
				.filter(Boolean)
		)
	];
	if (items.length > MAX_ITEMS) throw new AdminError(`一个列表最多 ${MAX_ITEMS} 项。`);
	const long = items.find((s) => s.length > MAX_ITEM_LENGTH);
	if (long)
		throw new AdminError(`“${long.slice(0, 20)}…”太长：每项最多 ${MAX_ITEM_LENGTH} 个字符。`);
	return items;
}

export interface LabelsInput {
	labelZh: string;
	labelEn: string;
	aliases: string[];
}

function cleanLabels(input: LabelsInput): LabelsInput {
	const labelZh = input.labelZh.trim();
	if (!labelZh) throw new AdminError('请填写中文名称。');
	if (labelZh.length > 50) throw new AdminError('中文名称最多 50 个字符。');
	const labelEn = input.labelEn.trim() || labelZh;
	if (labelEn.length > 80) throw new AdminError('英文名称最多 80 个字符。');
	return { labelZh, labelEn, aliases: input.aliases };
}

/**
 * Refuses a name or alias that another entry of the same vocabulary already answers to: a label in
 * a file must map to one code only (the ingest would silently take the first).
 */
export async function refuseClashes(
	c: DuckDBConnection,
	table: 'themes' | 'statuses',
	code: string,
	labels: LabelsInput,
	noun: string
): Promise<void> {
	const others = await all<{ code: string; labelZh: string; names: string[] }>(
		c,
		`SELECT code, label_zh AS "labelZh", list_concat([code, label_zh, label_en], aliases) AS names
		 FROM ${table} WHERE code <> $1`,
		[code]
	);
	const owner = new Map<string, string>();
	for (const o of others) for (const n of o.names) owner.set(normaliseLabel(n), o.labelZh);
	for (const name of [code, labels.labelZh, labels.labelEn, ...labels.aliases]) {
		const taken = owner.get(normaliseLabel(name));
		if (taken) {
			throw new AdminError(
				`“${name}”已是${noun}“${taken}”的名称或别名：同一个写法只能对应一个${noun}。`
			);
		}
	}
}

interface ThemeRecord extends LabelsInput {
	keywords: string[];
}

async function themeRecord(c: DuckDBConnection, code: string): Promise<ThemeRecord> {
	const [row] = await all<ThemeRecord>(
		c,
		'SELECT label_zh AS "labelZh", label_en AS "labelEn", aliases, keywords FROM themes WHERE code = $1',
		[code]
	);
	if (!row) throw new AdminError(`没有主题“${code}”。请刷新页面。`);
	return row;
}

/** Which problems would change theme if `code` had these keywords; changes nothing. */
export async function previewThemeKeywords(
	db: LedgerDatabase,
	code: string,
	keywords: string[]
): Promise<Reclassification> {
	return db.withConnection(async (c) => {
		await themeRecord(c, code);
		return previewReclassification(c, withKeywords(await currentRules(c), code, keywords));
	});
}

/**
 * Saves a theme's names and keywords and re-classifies the problems those rules decide, with its
 * audit entry (the counts included), all in one transaction. Queued with the ingest's commits and
 * reverts, which also write problems.
 */
export async function saveTheme(
	ctx: AdminContext,
	code: string,
	input: ThemeRecord
): Promise<Reclassification> {
	const entry = { actor: ctx.actor, address: ctx.address, action: 'taxonomy.update' as const };
	try {
		const labels = cleanLabels(input);
		return await serialisedWrite(() =>
			ctx.db.transaction(async (c) => {
				const before = await themeRecord(c, code);
				await refuseClashes(c, 'themes', code, labels, '主题');
				const after = { ...labels, keywords: input.keywords };
				await c.run(
					`UPDATE themes SET label_zh = $1, label_en = $2, aliases = $3::JSON::VARCHAR[],
						keywords = $4::JSON::VARCHAR[] WHERE code = $5`,
					[
						after.labelZh,
						after.labelEn,
						JSON.stringify(after.aliases),
						JSON.stringify(after.keywords),
						code
					]
				);
				const moved = await applyReclassification(c, await currentRules(c));
				await auditOn(c, {
					...entry,
					target: code,
					detail: {
						before,
						after,
						reclassified: moved.changes,
						moves: Object.fromEntries(moved.moves.map((m) => [`${m.from} → ${m.to}`, m.count]))
					},
					result: 'ok'
				});
				return moved;
			})
		);
	} catch (err) {
		if (err instanceof AdminError) {
			await audit(ctx.db, {
				...entry,
				target: code,
				detail: { reason: err.message },
				result: 'failed'
			});
		}
		throw err;
	}
}

/** Saves a status's labels and aliases; its code, type and in_rates stay as they are. */
export async function saveStatus(
	ctx: AdminContext,
	code: string,
	input: LabelsInput
): Promise<void> {
	const entry = { actor: ctx.actor, address: ctx.address, action: 'status.update' as const };
	try {
		const labels = cleanLabels(input);
		// Through the write queue like every change the pages show (it also retires cached views).
		await serialisedWrite(() =>
			ctx.db.transaction(async (c) => {
				const [before] = await all<LabelsInput>(
					c,
					'SELECT label_zh AS "labelZh", label_en AS "labelEn", aliases FROM statuses WHERE code = $1',
					[code]
				);
				if (!before) throw new AdminError(`没有状态“${code}”。请刷新页面。`);
				await refuseClashes(c, 'statuses', code, labels, '状态');
				await c.run(
					`UPDATE statuses SET label_zh = $1, label_en = $2, aliases = $3::JSON::VARCHAR[] WHERE code = $4`,
					[labels.labelZh, labels.labelEn, JSON.stringify(labels.aliases), code]
				);
				await auditOn(c, {
					...entry,
					target: code,
					detail: { before, after: labels },
					result: 'ok'
				});
			})
		);
	} catch (err) {
		if (err instanceof AdminError) {
			await audit(ctx.db, {
				...entry,
				target: code,
				detail: { reason: err.message },
				result: 'failed'
			});
		}
		throw err;
	}
}
