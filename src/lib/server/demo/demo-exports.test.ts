// Checks the demo exports against csv-schema.md by reading the bytes back the way an ingest
// would: decode, parse, find the header by its aliases, and map labels through the spec's tables.

import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { generateDemoExports, writeLargeExport, type DemoExport } from './demo-exports.ts';

// --- The spec's tables (csv-schema.md), copied so the test fails when the generator drifts. ---

const FIELD_ALIASES: Record<string, string[]> = {
	problem_id: ['编号', '问题编号', '序号ID', '台账编号', 'id', 'problem id'],
	community: ['社区', '社区名称', '所属社区', '单位', '提报单位', '报送单位', 'community'],
	street: ['街道', '所属街道', 'street'],
	reported_at: [
		'提出时间',
		'反映时间',
		'登记时间',
		'登记日期',
		'收集时间',
		'日期',
		'提交日期',
		'reported',
		'date'
	],
	reporter_type: ['来源', '问题来源', '提出人类型', '反映主体', '提出主体', 'source'],
	reporter: ['提出人', '反映人', '联系人', 'reporter'],
	theme: ['主题', '类别', '问题类别', '问题类型', '分类', '重点方面', '领域', 'theme', 'category'],
	level: ['层面', '问题层面', 'level'],
	title: ['标题', '问题', '问题概要', 'title'],
	description: ['问题描述', '问题内容', '具体问题', '存在问题', '主要问题', 'description'],
	suggestion: ['建议', '意见建议', '合理化建议', '对策建议', 'suggestion'],
	measures: ['整改措施', '解决措施', '措施', 'measures'],
	responsible_unit: ['责任单位', '责任科室', '牵头单位', '承办单位', 'responsible unit'],
	responsible_person: ['责任人', '负责人', '承办人', 'owner'],
	deadline: ['整改时限', '完成时限', '办结时限', '期限', 'deadline'],
	status: ['状态', '整改状态', '办理状态', '完成情况', '进展情况', '处理状态', 'status'],
	resolved_at: ['完成时间', '办结时间', '整改完成时间', 'resolved'],
	satisfaction: ['满意度', '群众满意度', '评价', '回访满意度', 'satisfaction'],
	is_bottleneck: ['瓶颈问题', '是否瓶颈', '重点难题', 'bottleneck'],
	note: ['备注', '说明', 'note'],
	campaign: ['征集活动', '活动', '批次', '阶段', 'campaign'],
	location: ['地点', '位置', '地址', 'location', 'address'],
	acknowledged_at: ['受理时间', '交办时间', '响应时间', '受理日期', 'acknowledged'],
	verified_at: ['销号时间', '验收时间', '销号日期', 'verified'],
	progress: ['进度', '完成进度', '进度（%）', 'progress'],
	status_notes: ['办理情况', '答复意见', '办理结果', '情况说明', 'status notes'],
	callback_resolved: ['回访是否解决', '回访解决', '是否解决'],
	duplicate_of: ['重复于', '合并至', 'duplicate of']
};

type StatusType = 'open' | 'fixed' | 'closed';
const STATUSES: Record<string, { type: StatusType; labels: string[] }> = {
	pending: {
		type: 'open',
		labels: [
			'待处理',
			'未处理',
			'待交办',
			'待受理',
			'待研判',
			'研判中',
			'已收集',
			'新增',
			'未开始',
			'open',
			'new'
		]
	},
	assigned: {
		type: 'open',
		labels: ['已交办', '已分办', '已派单', '已受理', '已转办至责任单位', 'assigned']
	},
	in_progress: {
		type: 'open',
		labels: [
			'整改中',
			'处理中',
			'办理中',
			'推进中',
			'正在整改',
			'正在办理',
			'部分完成',
			'in progress'
		]
	},
	ongoing: { type: 'open', labels: ['持续整改', '长期坚持', '长期推进', '持续推进', 'ongoing'] },
	stalled: { type: 'open', labels: ['搁浅', '暂缓', '挂起', '停滞', 'stalled', 'on hold'] },
	resolved: {
		type: 'fixed',
		labels: [
			'已整改',
			'已解决',
			'已完成',
			'已办结',
			'完成',
			'整改完成',
			'已落实',
			'resolved',
			'done'
		]
	},
	verified: { type: 'fixed', labels: ['已销号', '销号', '已验收', '已关闭', 'verified', 'closed'] },
	not_adopted: {
		type: 'closed',
		labels: ['不予处理', '无法解决', '不属实', '不予采纳', 'rejected']
	},
	referred: { type: 'closed', labels: ['已转办', '非职责', '转外单位', '不属于职责', 'referred'] },
	duplicate: { type: 'closed', labels: ['重复', '重复反映', '已合并', 'duplicate'] },
	withdrawn: { type: 'closed', labels: ['撤回', '已撤回', 'withdrawn'] }
};

const THEMES: Record<string, string[]> = {
	growth_drivers: ['新旧动能转换', '动能转换', '新动能'],
	investment_talent: ['双招双引', '招商引资', '招才引智', '招商引才'],
	old_town_renewal: [
		'老城区复兴发展',
		'西部老城区复兴发展',
		'西部老城区复兴',
		'老城区复兴',
		'城市更新'
	],
	business_environment: ['营商环境', '优化营商环境'],
	cadre_ability: ['干部能力', '干部作风', '干部队伍建设', '干部能力作风'],
	safety: ['安全生产', '安全', '安全稳定'],
	property_safety: ['物业配套与小区安全', '物业管理', '小区安全', '物业配套'],
	organization_building: ['组织建设', '党建', '基层党建'],
	service_innovation: ['便民服务创新', '便民服务', '为民服务', '惠民服务'],
	community_reform: ['社区管理体制改革', '体制改革', '管理体制改革'],
	other: ['其他', '其它']
};

const LEVELS = ['思想层面', '工作层面', '生活层面'];
const REPORTER_TYPES = [
	'党员',
	'社区工作者',
	'片支部书记',
	'企业',
	'社会组织',
	'居民代表',
	'人大代表',
	'其他'
];
const BOOLEANS = ['是', '否', 'Y', 'N', 'yes', 'no', 'true', 'false', '1', '0', '√', '×'];
const UNITS = [
	'云南路社区',
	'寿张路社区',
	'广州路社区',
	'四川路社区',
	'光明路社区',
	'文化路社区',
	'新华路社区',
	'党政办公室',
	'经济发展办公室',
	'城市管理办公室'
];

// --- A small reader, standing in for the ingest. ---

const normHeader = (h: string): string =>
	h.normalize('NFKC').replace('(必填)', '').replaceAll('*', '').trim().toLowerCase();

const ALIAS_TO_FIELD = new Map<string, string>();
for (const [field, aliases] of Object.entries(FIELD_ALIASES)) {
	for (const a of aliases) ALIAS_TO_FIELD.set(normHeader(a), field);
}

const STATUS_BY_LABEL = new Map<string, { code: string; type: StatusType }>();
for (const [code, s] of Object.entries(STATUSES)) {
	for (const l of s.labels) STATUS_BY_LABEL.set(l, { code, type: s.type });
}

function themeCode(label: string): string | undefined {
	for (const candidate of [label, label.replace(/(问题|类|方面)$/, '')]) {
		for (const [code, labels] of Object.entries(THEMES)) {
			if (candidate === code || labels.includes(candidate)) return code;
		}
	}
	return undefined;
}

/** RFC 4180 with Excel's habits: any delimiter, CRLF or LF, quoted cells with line breaks. */
function parseDelimited(text: string, delimiter: string): string[][] {
	const rows: string[][] = [];
	let row: string[] = [];
	let cell = '';
	let quoted = false;
	for (let i = 0; i < text.length; i++) {
		const ch = text[i];
		if (quoted) {
			if (ch === '"' && text[i + 1] === '"') {
				cell += '"';
				i++;
			} else if (ch === '"') quoted = false;
			else cell += ch;
		} else if (ch === '"' && cell === '') quoted = true;
		else if (ch === delimiter) {
			row.push(cell);
			cell = '';
		} else if (ch === '\n' || ch === '\r') {
			if (ch === '\r' && text[i + 1] === '\n') i++;
			row.push(cell);
			rows.push(row);
			row = [];
			cell = '';
		} else cell += ch;
	}
	if (cell !== '' || row.length > 0) {
		row.push(cell);
		rows.push(row);
	}
	return rows;
}

function decodeText(e: DemoExport): string {
	const b = e.bytes;
	switch (e.encoding) {
		case 'utf-8':
			return new TextDecoder('utf-8', { fatal: true }).decode(b);
		case 'utf-8-bom':
			return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(b);
		case 'gb18030':
			return new TextDecoder('gb18030', { fatal: true }).decode(b);
		case 'utf-16le':
			return new TextDecoder('utf-16le', { fatal: true }).decode(b);
		case 'xlsx':
			throw new Error('not text');
	}
}

const pad2 = (n: number): string => String(n).padStart(2, '0');

async function xlsxRows(bytes: Buffer): Promise<string[][]> {
	const wb = new ExcelJS.Workbook();
	await wb.xlsx.load(bytes as unknown as ExcelJS.Buffer);
	const ws = wb.worksheets[0];
	const rows: string[][] = [];
	for (let r = 1; r <= ws.rowCount; r++) {
		const row = ws.getRow(r);
		const cells: string[] = [];
		for (let c = 1; c <= ws.columnCount; c++) {
			const v = row.getCell(c).value;
			if (v instanceof Date) {
				cells.push(`${v.getUTCFullYear()}-${pad2(v.getUTCMonth() + 1)}-${pad2(v.getUTCDate())}`);
			} else cells.push(v === null || v === undefined ? '' : String(v));
		}
		rows.push(cells);
	}
	return rows;
}

/** Days since 1970-01-01 for every spelling the spec accepts, or null. */
function parseDate(s: string): number | null {
	let m: RegExpMatchArray | null;
	let y: number, mo: number, d: number;
	if ((m = s.match(/^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?: \d{1,2}:\d{2}(?::\d{2})?)?$/))) {
		[y, mo, d] = [+m[1], +m[2], +m[3]];
	} else if ((m = s.match(/^(\d{4})年(\d{1,2})月(\d{1,2})日$/))) {
		[y, mo, d] = [+m[1], +m[2], +m[3]];
	} else if ((m = s.match(/^(\d{4})(\d{2})(\d{2})$/))) {
		[y, mo, d] = [+m[1], +m[2], +m[3]];
	} else if (/^\d{5}$/.test(s)) {
		return Number(s) - 25569;
	} else return null;
	const t = Date.UTC(y, mo - 1, d);
	const back = new Date(t);
	if (back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) return null;
	return t / 86_400_000;
}

const day = (iso: string): number => parseDate(iso) as number;

interface Row {
	rowNumber: number;
	get(field: string): string;
}

interface ParsedExport {
	e: DemoExport;
	headers: string[];
	fields: (string | undefined)[];
	headerRow: number;
	rows: Row[];
}

async function parseExport(e: DemoExport): Promise<ParsedExport> {
	let table: string[][];
	if (e.encoding === 'xlsx') table = await xlsxRows(e.bytes);
	else {
		const text = decodeText(e);
		table = parseDelimited(text, e.encoding === 'utf-16le' ? '\t' : ',');
	}
	const headerIndex = table.findIndex(
		(r) => r.filter((c) => ALIAS_TO_FIELD.has(normHeader(c))).length >= 2
	);
	expect(headerIndex, `${e.fileName}: header`).toBeGreaterThanOrEqual(0);
	const headers = table[headerIndex];
	const fields = headers.map((h) => ALIAS_TO_FIELD.get(normHeader(h)));
	const rows: Row[] = [];
	table.slice(headerIndex + 1).forEach((cells, i) => {
		if (cells.every((c) => c.trim() === '')) return;
		rows.push({
			rowNumber: headerIndex + 2 + i,
			get: (field) => {
				const at = fields.indexOf(field);
				return at < 0 ? '' : (cells[at] ?? '').trim();
			}
		});
	});
	return { e, headers, fields, headerRow: headerIndex + 1, rows };
}

// --- The tests. ---

let exports: DemoExport[] = [];
let parsed: ParsedExport[] = [];

beforeAll(async () => {
	exports = await generateDemoExports();
	parsed = await Promise.all(exports.map(parseExport));
});

const problemKey = (p: ParsedExport, r: Row): string =>
	`${p.e.community}|${r.get('problem_id') || `${r.get('reported_at')}|${r.get('description')}`}`;

function finalSnapshots(): ParsedExport[] {
	return UNITS.map((u) => parsed.filter((p) => p.e.community === u).at(-1) as ParsedExport);
}

describe('generateDemoExports', () => {
	it('is byte-identical for the same seed, whatever the clock says, and differs across seeds', async () => {
		vi.useFakeTimers({ toFake: ['Date'] });
		try {
			vi.setSystemTime(new Date('2021-03-04T05:06:07Z'));
			const a = await generateDemoExports({ seed: 7 });
			vi.setSystemTime(new Date('2024-10-11T12:13:14Z'));
			const b = await generateDemoExports({ seed: 7 });
			expect(b.map((e) => e.fileName)).toEqual(a.map((e) => e.fileName));
			a.forEach((e, i) => expect(b[i].bytes.equals(e.bytes), e.fileName).toBe(true));
		} finally {
			vi.useRealTimers();
		}
		const other = await generateDemoExports({ seed: 8 });
		const yn = (xs: DemoExport[]): Buffer =>
			(xs.find((e) => e.fileName === '2019-12-31_云南路社区_问题清单.csv') as DemoExport).bytes;
		expect(yn(other).equals(yn(exports))).toBe(false);
	});

	it('gives every unit at least three exports, sorted by exportedAt then fileName', () => {
		const order = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
		const sorted = [...exports].sort(
			(a, b) => order(a.exportedAt, b.exportedAt) || order(a.fileName, b.fileName)
		);
		expect(exports.map((e) => e.fileName)).toEqual(sorted.map((e) => e.fileName));
		expect([...new Set(exports.map((e) => e.community))].sort()).toEqual([...UNITS].sort());
		for (const u of UNITS) {
			const mine = exports.filter((e) => e.community === u);
			expect(mine.length, u).toBeGreaterThanOrEqual(3);
			expect(mine.length, u).toBeLessThanOrEqual(4);
			expect(new Set(mine.map((e) => e.encoding)).size, u).toBe(1);
			for (const e of mine) {
				const ext = e.encoding === 'xlsx' ? 'xlsx' : e.encoding === 'utf-16le' ? 'txt' : 'csv';
				expect(e.fileName).toBe(`${e.exportedAt}_${u}_问题清单.${ext}`);
				expect(e.exportedAt >= '2018-01-01' && e.exportedAt <= '2019-12-31').toBe(true);
			}
		}
		expect(new Set(exports.map((e) => e.encoding))).toEqual(
			new Set(['utf-8', 'utf-8-bom', 'gb18030', 'utf-16le', 'xlsx'])
		);
	});

	it('writes each encoding the way the tools that produce it do', () => {
		for (const e of exports) {
			const b = e.bytes;
			const bom = b.subarray(0, 3);
			switch (e.encoding) {
				case 'utf-8':
					expect(bom.equals(Buffer.from([0xef, 0xbb, 0xbf])), e.fileName).toBe(false);
					expect(b.includes('\r\n'), e.fileName).toBe(false);
					break;
				case 'utf-8-bom':
					expect(bom.equals(Buffer.from([0xef, 0xbb, 0xbf])), e.fileName).toBe(true);
					expect(b.toString('utf8').split('\n')[0].endsWith('\r'), e.fileName).toBe(true);
					break;
				case 'gb18030': {
					const strict = new TextDecoder('gb18030', { fatal: true }).decode(b);
					expect(strict, e.fileName).toBe(iconv.decode(b, 'gb18030'));
					expect(strict.split('\n')[0].endsWith('\r'), e.fileName).toBe(true);
					break;
				}
				case 'utf-16le':
					expect([b[0], b[1]], e.fileName).toEqual([0xff, 0xfe]);
					expect(decodeText(e).split('\n')[0].split('\t').length, e.fileName).toBeGreaterThan(5);
					break;
				case 'xlsx':
					expect(b.subarray(0, 2).toString('latin1'), e.fileName).toBe('PK');
					break;
			}
		}
	});

	it('uses only headers the spec knows, each field once; one unit has no id column', () => {
		for (const p of parsed) {
			const unknown = p.headers.filter((h, i) => h.trim() !== '' && !p.fields[i]);
			const mapped = p.fields.filter((f) => f !== undefined);
			expect(new Set(mapped).size, p.e.fileName).toBe(mapped.length);
			for (const f of ['description', 'reported_at', 'community', 'status', 'theme']) {
				expect(mapped, `${p.e.fileName}: ${f}`).toContain(f);
			}
			if (p.e.community === '文化路社区') {
				expect(unknown).toEqual(['序号']);
				expect(mapped).not.toContain('problem_id');
			} else {
				expect(unknown, p.e.fileName).toEqual([]);
				expect(mapped, p.e.fileName).toContain('problem_id');
			}
		}
		expect(parsed.find((p) => p.e.community === '寿张路社区')?.headerRow).toBe(3);
		expect(parsed.find((p) => p.e.community === '光明路社区')?.headerRow).toBe(2);
		expect(parsed.find((p) => p.e.community === '云南路社区')?.headerRow).toBe(1);
	});

	it('writes only valid rows: required fields, dates, labels and vocabularies from the spec', () => {
		// Problems are collected rather than asserted one by one: thousands of expect() calls are slow.
		const problems: string[] = [];
		const check = (ok: boolean, what: string): void => {
			if (!ok) problems.push(what);
		};
		let checked = 0;
		for (const p of parsed) {
			const exportDay = day(p.e.exportedAt);
			const ids = new Set<string>();
			const descriptions = new Set<string>();
			for (const r of p.rows) {
				const at = (what: string): string => `${p.e.fileName} row ${r.rowNumber}: ${what}`;
				check(r.get('description') !== '', at('no description'));
				check(r.get('community') === p.e.community, at(`community ${r.get('community')}`));
				const reported = parseDate(r.get('reported_at'));
				check(
					reported !== null && reported >= day('2018-01-01') && reported <= exportDay,
					at(`reported_at ${r.get('reported_at')}`)
				);

				const statusLabel = r.get('status');
				const status = STATUS_BY_LABEL.get(statusLabel);
				check(statusLabel === '' || status !== undefined, at(`status ${statusLabel}`));
				const resolved = r.get('resolved_at');
				const resolvedDay = parseDate(resolved);
				if (status?.type === 'fixed') {
					check(
						resolvedDay !== null && resolvedDay <= exportDay && resolvedDay >= (reported ?? 0),
						at(`resolved_at ${resolved}`)
					);
				} else check(resolved === '', at(`resolved_at ${resolved} on ${statusLabel}`));

				const deadline = parseDate(r.get('deadline'));
				const gap = (deadline ?? 0) - (reported ?? 0);
				check(gap >= 15 && gap <= 90, at(`deadline ${r.get('deadline')}`));
				for (const f of ['acknowledged_at', 'verified_at']) {
					const v = r.get(f);
					check(v === '' || parseDate(v) !== null, at(`${f} ${v}`));
				}
				check(themeCode(r.get('theme')) !== undefined, at(`theme ${r.get('theme')}`));
				if (p.fields.includes('level')) check(LEVELS.includes(r.get('level')), at('level'));
				if (p.fields.includes('reporter_type')) {
					check(REPORTER_TYPES.includes(r.get('reporter_type')), at('reporter_type'));
				}
				const bottleneck = r.get('is_bottleneck');
				check(bottleneck === '' || BOOLEANS.includes(bottleneck), at(`bottleneck ${bottleneck}`));
				const progress = r.get('progress');
				check(
					progress === '' || (Number(progress) >= 0 && Number(progress) <= 100),
					at(`progress ${progress}`)
				);
				const id = r.get('problem_id');
				if (id !== '') {
					check(!ids.has(id), at(`duplicate id ${id}`));
					ids.add(id);
				}
				if (!p.fields.includes('problem_id')) {
					check(!descriptions.has(r.get('description')), at('repeated description'));
					descriptions.add(r.get('description'));
				}
				checked++;
			}
		}
		expect(problems.slice(0, 20)).toEqual([]);
		expect(checked).toBeGreaterThan(4000);
	});

	it('holds about 2,000 distinct problems across all 11 themes, levels and reporter types', () => {
		const themes = new Map<string, number>();
		const levels = new Set<string>();
		const sources = new Set<string>();
		for (const p of finalSnapshots()) {
			for (const r of p.rows) {
				const code = themeCode(r.get('theme')) as string;
				themes.set(code, (themes.get(code) ?? 0) + 1);
				levels.add(r.get('level'));
				sources.add(r.get('reporter_type'));
			}
		}
		const keys = new Set(parsed.flatMap((p) => p.rows.map((r) => problemKey(p, r))));
		expect(keys.size).toBeGreaterThanOrEqual(1900);
		expect(keys.size).toBeLessThanOrEqual(2100);
		expect([...themes.keys()].sort()).toEqual(Object.keys(THEMES).sort());
		expect(themes.get('other')).toBeLessThan(60);
		expect([...levels].filter((l) => l !== '').sort()).toEqual([...LEVELS].sort());
		expect([...sources].filter((s) => s !== '').sort()).toEqual([...REPORTER_TYPES].sort());
	});

	it('keeps each problem across snapshots: same text and date, statuses only move forward', () => {
		// Ranks of the workflow; stalled and in_progress share one so a stall can resume.
		const rank: Record<string, number> = {
			pending: 0,
			assigned: 1,
			in_progress: 2,
			stalled: 2,
			ongoing: 3,
			resolved: 4,
			verified: 5,
			not_adopted: 4,
			referred: 4,
			duplicate: 4,
			withdrawn: 4
		};
		const problems: string[] = [];
		let moves = 0;
		for (const u of UNITS) {
			const snapshots = parsed.filter((p) => p.e.community === u);
			const seen = new Map<string, { reported: string; description: string; code: string }>();
			for (const p of snapshots) {
				const here = new Set<string>();
				for (const r of p.rows) {
					const key = problemKey(p, r);
					here.add(key);
					const code = STATUS_BY_LABEL.get(r.get('status'))?.code ?? 'pending';
					const reported = String(parseDate(r.get('reported_at')));
					const before = seen.get(key);
					if (before) {
						const at = `${p.e.fileName}: ${key} ${before.code} → ${code}`;
						if (reported !== before.reported) problems.push(`${at}: reported_at changed`);
						if (r.get('description') !== before.description) {
							problems.push(`${at}: description changed`);
						}
						const type = STATUSES[before.code].type;
						if (
							rank[code] < rank[before.code] ||
							(type === 'closed' && code !== before.code) ||
							(type === 'fixed' && STATUSES[code].type !== 'fixed')
						) {
							problems.push(`${at}: moved backwards`);
						}
						if (code !== before.code) moves++;
					}
					seen.set(key, { reported, description: r.get('description'), code });
				}
				for (const key of seen.keys()) {
					if (!here.has(key)) problems.push(`${p.e.fileName} lost ${key}`);
				}
			}
		}
		expect(problems.slice(0, 20)).toEqual([]);
		expect(moves).toBeGreaterThan(300);
	});

	it('ends 2019 with a realistic mix: every status, an open and overdue backlog, ~5% bottlenecks', () => {
		const counts = new Map<string, number>();
		let total = 0;
		let overdue = 0;
		let withFlag = 0;
		let bottlenecks = 0;
		const end = day('2019-12-31');
		for (const p of finalSnapshots()) {
			for (const r of p.rows) {
				const s = STATUS_BY_LABEL.get(r.get('status')) ?? { code: 'pending', type: 'open' };
				counts.set(s.code, (counts.get(s.code) ?? 0) + 1);
				total++;
				if (s.type === 'open' && (parseDate(r.get('deadline')) as number) < end) overdue++;
				if (p.fields.includes('is_bottleneck')) {
					withFlag++;
					if (['是', '√'].includes(r.get('is_bottleneck'))) bottlenecks++;
				}
			}
		}
		expect([...counts.keys()].sort()).toEqual(Object.keys(STATUSES).sort());
		const share = (codes: string[]): number =>
			codes.reduce((n, c) => n + (counts.get(c) ?? 0), 0) / total;
		expect(share(['pending', 'assigned', 'in_progress', 'ongoing', 'stalled'])).toBeGreaterThan(
			0.1
		);
		expect(share(['resolved', 'verified'])).toBeGreaterThan(0.5);
		expect(overdue).toBeGreaterThan(50);
		expect(bottlenecks / withFlag).toBeGreaterThan(0.03);
		expect(bottlenecks / withFlag).toBeLessThan(0.08);
	});
});

describe('writeLargeExport', () => {
	let dir = '';
	beforeAll(async () => {
		dir = await mkdtemp(join(tmpdir(), 'demo-large-'));
	});
	afterAll(async () => {
		await rm(dir, { recursive: true, force: true });
	});

	it('rejects, rather than hangs or crashes, when the file cannot be written', async () => {
		for (const rows of [10, 20_000]) {
			const path = join(dir, 'no-such-folder', `large-${rows}.csv`);
			await expect(writeLargeExport(path, { rows, encoding: 'gb18030' })).rejects.toThrow(/ENOENT/);
		}
	});

	for (const encoding of ['utf-8', 'gb18030'] as const) {
		it(`streams ${encoding} rows with the plain unit's header and unique ids`, async () => {
			const path = join(dir, `large-${encoding}.csv`);
			const result = await writeLargeExport(path, { rows: 5000, encoding, seed: 3 });
			const bytes = await readFile(path);
			expect(result).toEqual({ bytes: (await stat(path)).size, rows: 5000 });

			let lf = 0;
			let crlf = 0;
			for (let i = 0; i < bytes.length; i++) {
				if (bytes[i] === 0x0a) {
					lf++;
					if (bytes[i - 1] === 0x0d) crlf++;
				}
			}
			expect(lf).toBe(5001);
			expect(crlf).toBe(encoding === 'gb18030' ? 5001 : 0);

			const text = new TextDecoder(encoding, { fatal: true }).decode(bytes);
			const table = parseDelimited(text, ',');
			expect(table[0].join(',')).toBe(
				'编号,社区,主题,层面,问题描述,建议,来源,提出时间,责任人,整改时限,状态,完成时间,瓶颈问题'
			);
			const rows = table.slice(1);
			expect(rows).toHaveLength(5000);
			expect(new Set(rows.map((r) => r[0])).size).toBe(5000);
			expect(new Set(rows.map((r) => r[1]))).toEqual(new Set(UNITS));
			const statuses = new Set(rows.map((r) => STATUS_BY_LABEL.get(r[10])?.code));
			expect([...statuses].sort()).toEqual(Object.keys(STATUSES).sort());
			for (const r of rows) {
				expect(r).toHaveLength(13);
				expect(parseDate(r[7])).not.toBeNull();
				expect(themeCode(r[2])).toBeDefined();
			}
		});
	}
});
