// The theme taxonomy as data: `ledger themes list|import`. An import replaces the whole taxonomy in
// one transaction (a city hotline has other categories than a street office).
import fs from 'node:fs';
import type { LedgerDatabase } from './database';
import { sqlLiteral } from '../ingest/parse';
import { readVocabulary } from './vocabulary';

export interface ThemeRow {
	code: string;
	label_zh: string;
	label_en: string;
	aliases: string[];
	keywords: string[];
}

/** The taxonomy as `themes list --json` prints it (the columns of `themes import`). */
export async function listThemes(db: LedgerDatabase): Promise<ThemeRow[]> {
	return (await readVocabulary(db)).themes.map((t) => ({
		code: t.code,
		label_zh: t.labelZh,
		label_en: t.labelEn,
		aliases: t.aliases,
		keywords: t.keywords
	}));
}

/** Replaces the taxonomy from a CSV with columns code, label_zh, label_en, aliases, keywords. */
export async function importThemes(
	db: LedgerDatabase,
	file: string
): Promise<{ themes: number; warning: string | null }> {
	if (!fs.existsSync(file)) throw new Error(`找不到文件：${file}`);
	return db.transaction(async (c) => {
		const read = `read_csv(${sqlLiteral(file)}, header = true, all_varchar = true)`;
		const cols = (await c.runAndReadAll(`SELECT column_name FROM (DESCRIBE SELECT * FROM ${read})`))
			.getRowObjectsJS()
			.map((r) => String(r.column_name));
		const missing = ['code', 'label_zh', 'label_en', 'aliases', 'keywords'].filter(
			(x) => !cols.includes(x)
		);
		if (missing.length) throw new Error(`主题文件缺少列：${missing.join(', ')}`);
		await c.run('DELETE FROM themes');
		await c.run(`INSERT INTO themes
			SELECT trim(code), trim(label_zh), coalesce(trim(label_en), trim(label_zh)),
				list_filter(list_transform(string_split(coalesce(aliases, ''), '|'), x -> trim(x)), x -> x <> ''),
				list_filter(list_transform(string_split(coalesce(keywords, ''), '|'), x -> trim(x)), x -> x <> ''),
				(row_number() OVER () - 1)::INTEGER
			FROM ${read} WHERE nullif(trim(code), '') IS NOT NULL`);
		const [{ n }] = (
			await c.runAndReadAll('SELECT count(*)::INTEGER AS n FROM themes')
		).getRowObjectsJS() as { n: number }[];
		if (n === 0) throw new Error('主题文件里没有任何主题。');
		const [{ orphans }] = (
			await c.runAndReadAll(
				'SELECT count(*)::INTEGER AS orphans FROM problems WHERE theme NOT IN (SELECT code FROM themes)'
			)
		).getRowObjectsJS() as { orphans: number }[];
		return {
			themes: n,
			warning: orphans
				? `注意：已有 ${orphans} 条问题的主题代码不在新分类中，重新导入或修改映射后才会归类。`
				: null
		};
	});
}
