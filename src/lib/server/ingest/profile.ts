// Mapping profiles (PRODUCT.md): which header feeds which field, which written label means which
// status or theme, which date formats to try first, and defaults. Validated here before an ingest
// uses one; the CLI reads them from a JSON file, the uploads page from the database.
import fs from 'node:fs/promises';
import * as v from 'valibot';
import { Profile, type MappingProfile } from '../../domain/upload-model';
import { IngestRefusal } from './errors';

/** Validates a parsed profile against the shape and against the known fields and codes. */
export function parseProfile(
	input: unknown,
	known: { fields: Set<string>; statuses: Set<string>; themes: Set<string> }
): MappingProfile {
	const parsed = v.safeParse(Profile, input);
	if (!parsed.success) {
		const issue = parsed.issues[0];
		const where = v.getDotPath(issue) ?? '（顶层）';
		throw new IngestRefusal('bad_profile', `映射配置格式不正确：${where} — ${issue.message}`);
	}
	const profile = parsed.output;
	const problems: string[] = [];
	for (const field of [...Object.keys(profile.columns), ...Object.keys(profile.defaults)]) {
		if (!known.fields.has(field)) problems.push(`未知字段“${field}”`);
	}
	for (const [label, code] of Object.entries(profile.values.status ?? {})) {
		if (!known.statuses.has(code)) problems.push(`状态“${label}”映射到了不存在的状态代码“${code}”`);
	}
	for (const [label, code] of Object.entries(profile.values.theme ?? {})) {
		if (!known.themes.has(code)) problems.push(`主题“${label}”映射到了不存在的主题代码“${code}”`);
	}
	if (problems.length)
		throw new IngestRefusal('bad_profile', `映射配置有误：${problems.join('；')}`);
	return profile;
}

export async function readProfileFile(file: string): Promise<unknown> {
	let text: string;
	try {
		text = await fs.readFile(file, 'utf8');
	} catch {
		throw new IngestRefusal('bad_profile', `读不到映射配置文件：${file}`);
	}
	try {
		return JSON.parse(text.replace(/^\uFEFF/, ''));
	} catch (err) {
		throw new IngestRefusal(
			'bad_profile',
			`映射配置文件不是有效的 JSON：${(err as Error).message}`
		);
	}
}
