// Mapping profiles (PRODUCT.md): which header feeds which field, which written label means which
// status or theme, which date formats to try first, and defaults. Validated here before an ingest
// uses one; the CLI reads them from a JSON file, the uploads page from the database.
import fs from 'node:fs/promises';
import * as v from 'valibot';
import {
	PROFILE_VALUE_KINDS,
	Profile,
	type MappingProfile,
	type ProfileValueKind
} from '../../domain/upload-model';
import { IngestRefusal } from './errors';

const KIND_NAMES: Record<ProfileValueKind, string> = {
	status: '状态',
	theme: '主题',
	level: '层面',
	reporter_type: '来源',
	satisfaction: '满意度',
	boolean: '是/否'
};

const TOP_KEYS = ['columns', 'values', 'dateFormats', 'defaults'];

const TYPE_NAMES: Record<string, string> = {
	Object: '对象（{ … }）',
	Array: '列表（[ … ]）',
	string: '文本（"…"）'
};

/** A valibot issue as a sentence an analyst can act on (valibot's own are English). */
function describeIssue(issue: v.BaseIssue<unknown>): string {
	const path = v.getDotPath(issue);
	const key = issue.path?.at(-1)?.key;
	if (issue.expected === 'never' && typeof key === 'string') {
		const parent = path?.split('.').slice(0, -1).join('.') ?? '';
		if (parent === 'values')
			return `values 里不能有“${key}”：可以为 ${PROFILE_VALUE_KINDS.join('、')} 写“文件里的写法 → 代码”的对应。`;
		if (parent === '') return `映射配置里有不认识的键“${key}”：只能有 ${TOP_KEYS.join('、')}。`;
		return `“${parent}”里不能有“${key}”。`;
	}
	if (issue.type === 'regex') return `${path}：${issue.message}。`;
	const wanted = TYPE_NAMES[issue.expected ?? ''] ?? issue.expected;
	return `${path ?? '映射配置'} 应为${wanted}，实际是 ${issue.received}。`;
}

/** Validates a parsed profile against the shape and against the known fields and codes. */
export function parseProfile(
	input: unknown,
	known: {
		fields: Set<string>;
		statuses: Set<string>;
		themes: Set<string>;
		/** The codes of the other vocabulary fields; a kind left out is not checked. */
		codes?: Partial<Record<ProfileValueKind, Set<string>>>;
	}
): MappingProfile {
	const parsed = v.safeParse(Profile, input);
	if (!parsed.success) {
		throw new IngestRefusal(
			'bad_profile',
			`映射配置格式不正确：${describeIssue(parsed.issues[0])}`
		);
	}
	const profile = parsed.output;
	const problems: string[] = [];
	for (const field of [...Object.keys(profile.columns), ...Object.keys(profile.defaults)]) {
		if (!known.fields.has(field)) problems.push(`未知字段“${field}”`);
	}
	const codes = { ...known.codes, status: known.statuses, theme: known.themes };
	for (const kind of PROFILE_VALUE_KINDS) {
		const allowed = codes[kind];
		if (!allowed) continue;
		for (const [label, code] of Object.entries(profile.values[kind] ?? {})) {
			if (!allowed.has(code))
				problems.push(
					`${KIND_NAMES[kind]}“${label}”映射到了不存在的${KIND_NAMES[kind]}代码“${code}”（可用：${[...allowed].join('、')}）`
				);
		}
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
