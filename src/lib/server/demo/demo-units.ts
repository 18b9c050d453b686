// The problem model and the ten demo units: how each unit writes its 问题清单 (encoding, header
// spellings, status and theme labels, date formats). Used by demo-exports.ts.

import { ymd, type DateStyle } from './demo-format.ts';
import {
	LEVEL_LABELS,
	REFERRAL_TARGETS,
	REJECT_REASONS,
	STALL_REASONS,
	type LevelCode,
	type ReporterType,
	type StatusCode,
	type ThemeBank,
	type ThemeCode
} from './demo-text.ts';

export type DemoEncoding = 'utf-8' | 'utf-8-bom' | 'gb18030' | 'utf-16le' | 'xlsx';

export const pad = (n: number, width: number): string => String(n).padStart(width, '0');

// ---------------------------------------------------------------------------------------------
// The model: problems with a full status timeline; each export shows the timeline as of its date.

export interface StatusEvent {
	day: number;
	minutes: number;
	status: StatusCode;
	progress: number;
}

export interface Problem {
	unit: Unit;
	id: string;
	theme: ThemeBank;
	level: LevelCode;
	reporterType: ReporterType;
	reporter: string;
	title: string;
	description: string;
	location: string;
	suggestion: string;
	measure: string;
	responsibleUnit: string;
	responsiblePerson: string;
	reportedDay: number;
	reportedMinutes: number;
	deadlineDay: number;
	bottleneck: boolean;
	/** Per-problem: this row's deadline and completion date were typed into unformatted cells. */
	serialDates: boolean;
	/** Per-problem: written with the unit's alternative theme label (units with themeStyle 'mixed'). */
	altThemeLabel: boolean;
	satisfaction: string;
	duplicateOf: Problem | null;
	/** Fixed choice among the stock texts for stall/reject/referral notes. */
	noteIndex: number;
	events: StatusEvent[];
}

export interface RowView {
	p: Problem;
	rowNo: number;
	status: StatusCode;
	progress: number;
	ack: StatusEvent | null;
	resolved: StatusEvent | null;
	verified: StatusEvent | null;
}

export function rowAsOf(p: Problem, asOf: number, rowNo: number): RowView {
	let current = p.events[0];
	let ack: StatusEvent | null = null;
	let resolved: StatusEvent | null = null;
	let verified: StatusEvent | null = null;
	for (const e of p.events) {
		if (e.day > asOf) break;
		current = e;
		if (!ack && e.status !== 'pending') ack = e;
		if (e.status === 'resolved') resolved = e;
		if (e.status === 'verified') verified = e;
	}
	const fixed = current.status === 'resolved' || current.status === 'verified';
	return {
		p,
		rowNo,
		status: current.status,
		progress: current.progress,
		ack,
		resolved: fixed ? resolved : null,
		verified: current.status === 'verified' ? verified : null
	};
}

// ---------------------------------------------------------------------------------------------
// Units: how each one writes its list. Everything messy is fixed per unit, so its exports agree
// with each other the way one clerk's files do.

type StatusLabels = Record<StatusCode, string>;
type ThemeStyle = 'label' | 'accepted' | 'mixed' | '类' | '问题' | '方面';
export type CellValue = string | number | { day: number; minutes: number } | null;

export interface Column {
	header: string;
	/** Spelling of date cells in text exports; a function when it varies by row. */
	date?: DateStyle | ((r: RowView) => DateStyle);
	/** Number format of date cells in the XLSX export. */
	numFmt?: string;
	width?: number;
	cell: (r: RowView) => CellValue;
}

interface IdParts {
	n: number;
	year: number;
	nInYear: number;
	day: number;
	nInDay: number;
}

export interface Unit {
	name: string;
	size: number;
	exports: readonly string[];
	encoding: DemoEncoding;
	delimiter: ',' | '\t';
	eol: '\n' | '\r\n';
	/** Lines above the header in text exports (a title row, a blank row), one cell each. */
	preamble: readonly string[];
	xlsxTitle?: string;
	status: StatusLabels;
	themeStyle: ThemeStyle;
	themeWeights: Partial<Record<ThemeCode, number>>;
	reporterWeights: readonly number[];
	/** Multiplies working durations: >1 is a slower unit. */
	speed: number;
	/** Share of problems acknowledged within three days. */
	quickAck: number;
	newlines: boolean;
	locationColumn: boolean;
	uniqueDescriptions: boolean;
	estates: readonly string[];
	roads: readonly string[];
	/** Offices hand problems to their own sections; communities to the unit the theme suggests. */
	sections?: readonly string[];
	id: ((x: IdParts) => string) | null;
	columns: (k: Kit) => Column[];
}

const CANONICAL: StatusLabels = {
	pending: '待处理',
	assigned: '已交办',
	in_progress: '整改中',
	ongoing: '持续整改',
	stalled: '搁浅',
	resolved: '已整改',
	verified: '已销号',
	not_adopted: '不予处理',
	referred: '已转办',
	duplicate: '重复',
	withdrawn: '撤回'
};

const COMMUNITY_THEMES: Partial<Record<ThemeCode, number>> = {
	growth_drivers: 2,
	investment_talent: 2,
	old_town_renewal: 9,
	business_environment: 3,
	cadre_ability: 9,
	safety: 15,
	property_safety: 20,
	organization_building: 11,
	service_innovation: 15,
	community_reform: 8,
	other: 0.7
};

// Order as REPORTER_TYPES: 党员, 社区工作者, 片支部书记, 企业, 社会组织, 居民代表, 人大代表, 其他.
const COMMUNITY_REPORTERS = [20, 14, 10, 6, 6, 26, 6, 8];

const ALL_ROADS = ['云南路', '寿张路', '广州路', '四川路', '光明路', '文化路', '新华路', '经四路'];
const ALL_ESTATES = [
	'福泰小区',
	'寿康里小区',
	'南华苑',
	'锦绣苑',
	'光明花园',
	'文化新村',
	'华隆小区'
];

/** Column builders bound to one unit's vocabulary. */
export interface Kit {
	id(h: string): Column;
	rowNo(h: string): Column;
	unit(h: string): Column;
	street(h: string): Column;
	theme(h: string): Column;
	level(h: string): Column;
	title(h: string): Column;
	description(h: string): Column;
	location(h: string): Column;
	suggestion(h: string): Column;
	measure(h: string): Column;
	source(h: string): Column;
	reporter(h: string): Column;
	reported(h: string, style: DateStyle, numFmt?: string): Column;
	acknowledged(h: string, style: DateStyle, numFmt?: string): Column;
	responsibleUnit(h: string): Column;
	person(h: string): Column;
	deadline(h: string, style: DateStyle | ((r: RowView) => DateStyle), numFmt?: string): Column;
	status(h: string): Column;
	statusNotes(h: string): Column;
	progress(h: string): Column;
	resolved(h: string, style: DateStyle | ((r: RowView) => DateStyle), numFmt?: string): Column;
	verified(h: string, style: DateStyle, numFmt?: string): Column;
	satisfaction(h: string): Column;
	bottleneck(h: string, yes: string, no: string): Column;
	note(h: string): Column;
}

function themeLabel(u: Unit, p: Problem): string {
	const t = p.theme;
	const alt = t.accepted[0] ?? t.label;
	switch (u.themeStyle) {
		case 'label':
			return t.label;
		case 'accepted':
			return alt;
		case 'mixed':
			return p.altThemeLabel ? alt : t.label;
		default:
			return t.label + u.themeStyle;
	}
}

function statusNote(r: RowView): string {
	const p = r.p;
	switch (r.status) {
		case 'pending':
			return '';
		case 'assigned':
			return `已交${p.responsibleUnit}办理`;
		case 'in_progress':
			return r.progress >= 50 ? '整改方案已落实，正在推进' : `${p.responsibleUnit}正在制定整改方案`;
		case 'ongoing':
			return '已纳入长效机制，持续推进';
		case 'stalled':
			return STALL_REASONS[p.noteIndex % STALL_REASONS.length];
		case 'resolved':
			return '已整改到位';
		case 'verified':
			return '已整改到位，经回访验收销号';
		case 'not_adopted':
			return REJECT_REASONS[p.noteIndex % REJECT_REASONS.length];
		case 'referred':
			return `不属于社区职责，已转${REFERRAL_TARGETS[p.noteIndex % REFERRAL_TARGETS.length]}`;
		case 'duplicate':
			return p.duplicateOf?.id
				? `与${p.duplicateOf.id}反映问题重复，合并办理`
				: '重复反映，合并办理';
		case 'withdrawn':
			return '反映人主动撤回';
	}
}

export function kit(u: Unit): Kit {
	const text = (header: string, cell: (r: RowView) => string): Column => ({ header, cell });
	const when =
		(e: (r: RowView) => StatusEvent | null) =>
		(r: RowView): CellValue => {
			const ev = e(r);
			return ev ? { day: ev.day, minutes: ev.minutes } : null;
		};
	return {
		id: (h) => ({ header: h, width: 14, cell: (r) => r.p.id }),
		rowNo: (h) => ({ header: h, width: 6, cell: (r) => r.rowNo }),
		unit: (h) => ({ header: h, width: 14, cell: (r) => r.p.unit.name }),
		street: (h) => text(h, () => '云南路街道'),
		theme: (h) => ({ header: h, width: 18, cell: (r) => themeLabel(u, r.p) }),
		level: (h) => text(h, (r) => LEVEL_LABELS[r.p.level]),
		title: (h) => ({ header: h, width: 20, cell: (r) => r.p.title }),
		description: (h) => ({ header: h, width: 48, cell: (r) => r.p.description }),
		location: (h) => text(h, (r) => r.p.location),
		suggestion: (h) => ({ header: h, width: 24, cell: (r) => r.p.suggestion }),
		measure: (h) => ({
			header: h,
			width: 28,
			cell: (r) =>
				['in_progress', 'ongoing', 'stalled', 'resolved', 'verified'].includes(r.status)
					? r.p.measure
					: ''
		}),
		source: (h) => text(h, (r) => r.p.reporterType),
		reporter: (h) => text(h, (r) => r.p.reporter),
		reported: (h, style, numFmt) => ({
			header: h,
			date: style,
			numFmt,
			width: 14,
			cell: (r) => ({ day: r.p.reportedDay, minutes: r.p.reportedMinutes })
		}),
		acknowledged: (h, style, numFmt) => ({
			header: h,
			date: style,
			numFmt,
			width: 14,
			cell: when((r) => r.ack)
		}),
		responsibleUnit: (h) => ({ header: h, width: 18, cell: (r) => r.p.responsibleUnit }),
		person: (h) => text(h, (r) => r.p.responsiblePerson),
		deadline: (h, style, numFmt) => ({
			header: h,
			date: style,
			numFmt,
			width: 14,
			cell: (r) => ({ day: r.p.deadlineDay, minutes: 0 })
		}),
		status: (h) => text(h, (r) => u.status[r.status]),
		statusNotes: (h) => ({ header: h, width: 28, cell: statusNote }),
		progress: (h) => ({
			header: h,
			cell: (r) =>
				['not_adopted', 'referred', 'duplicate', 'withdrawn'].includes(r.status) ? '' : r.progress
		}),
		resolved: (h, style, numFmt) => ({
			header: h,
			date: style,
			numFmt,
			width: 14,
			cell: when((r) => r.resolved)
		}),
		verified: (h, style, numFmt) => ({
			header: h,
			date: style,
			numFmt,
			width: 14,
			cell: when((r) => r.verified)
		}),
		satisfaction: (h) =>
			text(h, (r) => (r.status === 'resolved' || r.status === 'verified' ? r.p.satisfaction : '')),
		bottleneck: (h, yes, no) => text(h, (r) => (r.p.bottleneck ? yes : no)),
		note: (h) =>
			text(h, (r) =>
				r.status === 'duplicate' && r.p.duplicateOf ? `与${r.p.duplicateOf.id}重复` : ''
			)
	};
}

export const UNITS: readonly Unit[] = [
	{
		// The plain one: UTF-8 without BOM, LF, canonical labels, ISO dates. writeLargeExport copies it.
		name: '云南路社区',
		size: 240,
		exports: ['2018-06-30', '2018-12-31', '2019-06-30', '2019-12-31'],
		encoding: 'utf-8',
		delimiter: ',',
		eol: '\n',
		preamble: [],
		status: CANONICAL,
		themeStyle: 'label',
		themeWeights: COMMUNITY_THEMES,
		reporterWeights: COMMUNITY_REPORTERS,
		speed: 1,
		quickAck: 0.8,
		newlines: true,
		locationColumn: false,
		uniqueDescriptions: false,
		estates: ['福泰小区', '华兴里小区', '云南路12号院', '兴福苑', '铁路宿舍'],
		roads: ['云南路', '经二路', '纬四路'],
		id: (x) => `YN${pad(x.n, 4)}`,
		columns: (k) => [
			k.id('编号'),
			k.unit('社区'),
			k.theme('主题'),
			k.level('层面'),
			k.description('问题描述'),
			k.suggestion('建议'),
			k.source('来源'),
			k.reported('提出时间', 'iso'),
			k.person('责任人'),
			k.deadline('整改时限', 'iso'),
			k.status('状态'),
			k.resolved('完成时间', 'iso'),
			k.bottleneck('瓶颈问题', '是', '否')
		]
	},
	{
		// WPS "CSV" in GBK: a title row and a blank row above the header, CRLF, dates as 年月日.
		name: '寿张路社区',
		size: 220,
		exports: ['2018-09-30', '2019-03-31', '2019-09-30', '2019-12-31'],
		encoding: 'gb18030',
		delimiter: ',',
		eol: '\r\n',
		preamble: ['寿张路社区问题清单', ''],
		status: {
			pending: '未处理',
			assigned: '已交办',
			in_progress: '处理中',
			ongoing: '长期坚持',
			stalled: '暂缓',
			resolved: '已办结',
			verified: '销号',
			not_adopted: '不予采纳',
			referred: '转外单位',
			duplicate: '重复反映',
			withdrawn: '已撤回'
		},
		themeStyle: '类',
		themeWeights: COMMUNITY_THEMES,
		reporterWeights: COMMUNITY_REPORTERS,
		speed: 1.3,
		quickAck: 0.6,
		newlines: false,
		locationColumn: false,
		uniqueDescriptions: false,
		estates: ['寿康里小区', '寿张路8号院', '金桥花园', '东升苑', '机床厂宿舍'],
		roads: ['寿张路', '经三路', '纬六路'],
		id: (x) => `SZ${x.year}${pad(x.nInYear, 3)}`,
		columns: (k) => [
			k.id('台账编号'),
			k.unit('所属社区'),
			k.theme('问题类别'),
			k.level('问题层面'),
			k.description('具体问题'),
			k.suggestion('合理化建议'),
			k.source('反映主体'),
			k.reported('登记日期', 'cjk'),
			k.responsibleUnit('责任单位'),
			k.person('责任人'),
			k.deadline('完成时限', 'cjk'),
			k.status('整改状态'),
			k.resolved('办结时间', 'cjk'),
			k.bottleneck('是否瓶颈', '是', '否'),
			k.note('备注')
		]
	},
	{
		// Excel "CSV UTF-8": BOM, CRLF, decorated headers, and date cells that lost their format
		// on some rows, so they come out as serial numbers.
		name: '广州路社区',
		size: 200,
		exports: ['2018-07-13', '2018-12-28', '2019-12-27'],
		encoding: 'utf-8-bom',
		delimiter: ',',
		eol: '\r\n',
		preamble: [],
		status: {
			pending: '待交办',
			assigned: '已分办',
			in_progress: '办理中',
			ongoing: '持续推进',
			stalled: '挂起',
			resolved: '已完成',
			verified: '已验收',
			not_adopted: '无法解决',
			referred: '非职责',
			duplicate: '已合并',
			withdrawn: '撤回'
		},
		themeStyle: 'label',
		themeWeights: COMMUNITY_THEMES,
		reporterWeights: COMMUNITY_REPORTERS,
		speed: 0.9,
		quickAck: 0.75,
		newlines: true,
		locationColumn: false,
		uniqueDescriptions: false,
		estates: ['广州路小区', '南华苑', '广州路36号院', '和平新村', '电力宿舍'],
		roads: ['广州路', '经四路', '顺河街'],
		id: (x) => `GZ-${pad(x.n, 4)}`,
		columns: (k) => {
			const mixed = (r: RowView): DateStyle => (r.p.serialDates ? 'serial' : 'slash');
			return [
				k.id('问题编号 '),
				k.unit('所属社区'),
				k.theme('问题类别（必填）'),
				k.description('具体问题*'),
				k.suggestion('意见建议'),
				k.source('问题来源'),
				k.reported('登记日期', 'slash'),
				k.responsibleUnit('责任单位'),
				k.person('负责人'),
				k.deadline('整改时限', mixed),
				k.status('办理状态'),
				k.resolved('整改完成时间', mixed),
				k.bottleneck('是否瓶颈', '是', '否')
			];
		}
	},
	{
		// Excel "Unicode 文本": UTF-16LE with BOM, tab-separated, CRLF.
		name: '四川路社区',
		size: 210,
		exports: ['2018-08-31', '2019-02-28', '2019-08-30', '2019-12-30'],
		encoding: 'utf-16le',
		delimiter: '\t',
		eol: '\r\n',
		preamble: [],
		status: { ...CANONICAL, assigned: '已受理', in_progress: '正在整改' },
		themeStyle: 'label',
		themeWeights: COMMUNITY_THEMES,
		reporterWeights: COMMUNITY_REPORTERS,
		speed: 1.1,
		quickAck: 0.7,
		newlines: false,
		locationColumn: false,
		uniqueDescriptions: false,
		estates: ['四川路小区', '锦绣苑', '四川路5号院', '纺织厂宿舍', '阳光花园'],
		roads: ['四川路', '经五路', '纬二路'],
		id: (x) => `SC${pad(x.n, 4)}`,
		columns: (k) => [
			k.id('编号'),
			k.unit('社区'),
			k.theme('主题'),
			k.level('层面'),
			k.description('问题描述'),
			k.suggestion('建议'),
			k.source('来源'),
			k.reported('提出时间', 'slash'),
			k.acknowledged('受理时间', 'slash'),
			k.person('责任人'),
			k.deadline('整改时限', 'iso'),
			k.status('状态'),
			k.resolved('完成时间', 'slash'),
			k.bottleneck('瓶颈问题', '是', '否')
		]
	},
	{
		// The XLSX one: a merged title row, real date cells, a styled empty tail, an extra sheet.
		name: '光明路社区',
		size: 190,
		exports: ['2018-06-30', '2019-01-04', '2019-12-31'],
		encoding: 'xlsx',
		delimiter: ',',
		eol: '\r\n',
		preamble: [],
		xlsxTitle: '光明路社区问题整改台账',
		status: {
			pending: '待研判',
			assigned: '已派单',
			in_progress: '推进中',
			ongoing: '长期推进',
			stalled: '停滞',
			resolved: '整改完成',
			verified: '已关闭',
			not_adopted: '不属实',
			referred: '不属于职责',
			duplicate: '重复',
			withdrawn: '撤回'
		},
		themeStyle: 'accepted',
		themeWeights: COMMUNITY_THEMES,
		reporterWeights: COMMUNITY_REPORTERS,
		speed: 0.8,
		quickAck: 0.85,
		newlines: true,
		locationColumn: false,
		uniqueDescriptions: false,
		estates: ['光明花园', '光明路21号院', '明湖苑', '面粉厂宿舍', '晨光小区'],
		roads: ['光明路', '经六路', '大观园街'],
		id: (x) => `GM${pad(x.n, 4)}`,
		columns: (k) => [
			k.id('序号ID'),
			k.unit('社区名称'),
			k.theme('重点方面'),
			k.level('问题层面'),
			k.description('问题内容'),
			k.suggestion('对策建议'),
			k.source('提出主体'),
			k.reported('反映时间', 'iso', 'yyyy"年"m"月"d"日"'),
			k.acknowledged('受理日期', 'iso', 'yyyy/m/d'),
			k.responsibleUnit('责任科室'),
			k.person('承办人'),
			k.deadline('办结时限', 'iso', 'yyyy/m/d'),
			k.status('进展情况'),
			k.measure('整改措施'),
			k.resolved('办结时间', 'iso', 'yyyy/m/d'),
			k.verified('销号日期', 'iso', 'yyyy/m/d'),
			k.bottleneck('重点难题', '√', '')
		]
	},
	{
		// No problem-id column (序号 is a row number): the ingest derives ids from community, date
		// and description, so descriptions are kept unique within the unit.
		name: '文化路社区',
		size: 180,
		exports: ['2018-10-31', '2019-04-30', '2019-12-31'],
		encoding: 'gb18030',
		delimiter: ',',
		eol: '\r\n',
		preamble: [],
		status: {
			pending: '未开始',
			assigned: '已受理',
			in_progress: '推进中',
			ongoing: '持续推进',
			stalled: '暂缓',
			resolved: '已完成',
			verified: '已销号',
			not_adopted: '不予处理',
			referred: '已转办',
			duplicate: '重复反映',
			withdrawn: '已撤回'
		},
		themeStyle: '问题',
		themeWeights: COMMUNITY_THEMES,
		reporterWeights: COMMUNITY_REPORTERS,
		speed: 1.5,
		quickAck: 0.5,
		newlines: false,
		locationColumn: false,
		uniqueDescriptions: true,
		estates: ['文化新村', '文化路3号院', '书香苑', '印刷厂宿舍', '文华小区', '育才里'],
		roads: ['文化路', '经七路', '纬一路', '南门街'],
		id: null,
		columns: (k) => [
			k.rowNo('序号'),
			k.unit('单位'),
			k.theme('分类'),
			k.level('层面'),
			k.description('存在问题'),
			k.suggestion('建议'),
			k.source('提出人类型'),
			k.reported('收集时间', 'compact'),
			k.responsibleUnit('牵头单位'),
			k.person('责任人'),
			k.deadline('期限', 'compact'),
			k.status('完成情况'),
			k.resolved('完成时间', 'compact'),
			k.bottleneck('是否瓶颈', '是', '否')
		]
	},
	{
		// A case-management system's export: times of day, 受理/销号 dates, notes, satisfaction.
		name: '新华路社区',
		size: 250,
		exports: ['2018-03-31', '2018-12-31', '2019-06-30', '2019-12-31'],
		encoding: 'utf-8-bom',
		delimiter: ',',
		eol: '\r\n',
		preamble: [],
		status: {
			pending: '待受理',
			assigned: '已受理',
			in_progress: '办理中',
			ongoing: '持续整改',
			stalled: '挂起',
			resolved: '已办结',
			verified: '已销号',
			not_adopted: '不予处理',
			referred: '已转办',
			duplicate: '已合并',
			withdrawn: '已撤回'
		},
		themeStyle: 'mixed',
		themeWeights: COMMUNITY_THEMES,
		reporterWeights: COMMUNITY_REPORTERS,
		speed: 0.7,
		quickAck: 0.9,
		newlines: true,
		locationColumn: false,
		uniqueDescriptions: false,
		estates: ['新华东苑', '新华路17号院', '华隆小区', '邮电宿舍', '新华家园'],
		roads: ['新华路', '经一路', '纬三路'],
		id: (x) => {
			const [y, m, d] = ymd(x.day);
			return `XH${y}${pad(m, 2)}${pad(d, 2)}${pad(x.nInDay, 2)}`;
		},
		columns: (k) => [
			k.id('问题编号'),
			k.street('所属街道'),
			k.unit('社区'),
			k.theme('类别'),
			k.level('层面'),
			k.title('标题'),
			k.description('问题描述'),
			k.suggestion('意见建议'),
			k.reporter('提出人'),
			k.source('提出人类型'),
			k.reported('登记时间', 'iso-minute'),
			k.acknowledged('受理时间', 'iso-minute'),
			k.responsibleUnit('责任单位'),
			k.person('责任人'),
			k.deadline('整改时限', 'iso'),
			k.status('处理状态'),
			k.statusNotes('办理情况'),
			k.resolved('办结时间', 'slash-second'),
			k.verified('销号时间', 'slash-second'),
			k.satisfaction('满意度'),
			k.note('备注')
		]
	},
	{
		name: '党政办公室',
		size: 150,
		exports: ['2018-06-30', '2018-12-31', '2019-12-31'],
		encoding: 'gb18030',
		delimiter: ',',
		eol: '\r\n',
		preamble: ['党政办公室问题整改台账'],
		status: {
			...CANONICAL,
			ongoing: '长期坚持',
			resolved: '已落实',
			verified: '销号',
			not_adopted: '不予采纳'
		},
		themeStyle: '方面',
		themeWeights: {
			growth_drivers: 2,
			investment_talent: 2,
			old_town_renewal: 2,
			business_environment: 5,
			cadre_ability: 30,
			safety: 3,
			property_safety: 2,
			organization_building: 25,
			service_innovation: 10,
			community_reform: 18,
			other: 1
		},
		reporterWeights: [35, 20, 10, 5, 5, 10, 8, 7],
		speed: 1,
		quickAck: 0.8,
		newlines: false,
		locationColumn: false,
		uniqueDescriptions: false,
		estates: ALL_ESTATES,
		roads: ALL_ROADS,
		sections: ['综合科', '组织科', '宣传科', '社会事务科'],
		id: (x) => `DZ-${x.year}-${pad(x.nInYear, 3)}`,
		columns: (k) => [
			k.id('编号'),
			k.unit('提报单位'),
			k.theme('主题'),
			k.level('层面'),
			k.description('问题描述'),
			k.suggestion('建议'),
			k.source('来源'),
			k.reported('提出时间', 'dot'),
			k.responsibleUnit('责任科室'),
			k.person('责任人'),
			k.deadline('整改时限', 'dot'),
			k.status('状态'),
			k.resolved('完成时间', 'dot'),
			k.bottleneck('瓶颈问题', '是', '否')
		]
	},
	{
		name: '经济发展办公室',
		size: 170,
		exports: ['2018-09-30', '2019-06-30', '2019-12-31'],
		encoding: 'utf-8-bom',
		delimiter: ',',
		eol: '\r\n',
		preamble: [],
		status: {
			pending: '新增',
			assigned: '已转办至责任单位',
			in_progress: '推进中',
			ongoing: '持续推进',
			stalled: '暂缓',
			resolved: '已完成',
			verified: '已验收',
			not_adopted: '无法解决',
			referred: '转外单位',
			duplicate: '重复',
			withdrawn: '撤回'
		},
		themeStyle: 'label',
		themeWeights: {
			growth_drivers: 25,
			investment_talent: 30,
			old_town_renewal: 6,
			business_environment: 28,
			cadre_ability: 5,
			safety: 2,
			organization_building: 2,
			service_innovation: 2,
			other: 1
		},
		reporterWeights: [15, 8, 4, 40, 12, 6, 10, 5],
		speed: 1.2,
		quickAck: 0.7,
		newlines: false,
		locationColumn: false,
		uniqueDescriptions: false,
		estates: ALL_ESTATES,
		roads: ALL_ROADS,
		sections: ['招商科', '企业服务科', '统计科'],
		id: (x) => `JJ${pad(x.n, 3)}`,
		columns: (k) => [
			k.id('台账编号'),
			k.unit('报送单位'),
			k.theme('问题类型'),
			k.level('问题层面'),
			k.title('问题概要'),
			k.description('主要问题'),
			k.suggestion('对策建议'),
			k.source('问题来源'),
			k.reported('反映时间', 'iso'),
			k.responsibleUnit('承办单位'),
			k.person('承办人'),
			k.deadline('办结时限', 'iso'),
			k.status('进展情况'),
			k.progress('进度（%）'),
			k.resolved('办结时间', 'iso'),
			k.bottleneck('瓶颈问题', '是', '否')
		]
	},
	{
		// Leaves the status of untouched problems empty (the spec reads that as pending) and keeps
		// the place in its own column.
		name: '城市管理办公室',
		size: 190,
		exports: ['2018-05-31', '2018-11-30', '2019-05-31', '2019-12-31'],
		encoding: 'gb18030',
		delimiter: ',',
		eol: '\r\n',
		preamble: [],
		status: {
			pending: '',
			assigned: '已派单',
			in_progress: '正在办理',
			ongoing: '长期推进',
			stalled: '挂起',
			resolved: '整改完成',
			verified: '已销号',
			not_adopted: '不予处理',
			referred: '非职责',
			duplicate: '重复反映',
			withdrawn: '已撤回'
		},
		themeStyle: 'label',
		themeWeights: {
			old_town_renewal: 28,
			business_environment: 3,
			cadre_ability: 4,
			safety: 25,
			property_safety: 22,
			organization_building: 1,
			service_innovation: 6,
			community_reform: 5,
			other: 2
		},
		reporterWeights: [18, 15, 8, 10, 6, 28, 8, 7],
		speed: 1.1,
		quickAck: 0.65,
		newlines: false,
		locationColumn: true,
		uniqueDescriptions: false,
		estates: ALL_ESTATES,
		roads: ALL_ROADS,
		sections: ['市政科', '环卫所', '城管执法中队', '安监站'],
		id: (x) => `CG${pad(x.n, 4)}`,
		columns: (k) => [
			k.id('编号'),
			k.unit('报送单位'),
			k.theme('问题类型'),
			k.level('层面'),
			k.description('问题描述'),
			k.location('地点'),
			k.suggestion('对策建议'),
			k.source('来源'),
			k.reported('日期', 'slash'),
			k.responsibleUnit('责任单位'),
			k.person('责任人'),
			k.deadline('整改时限', 'slash'),
			k.status('处理状态'),
			k.resolved('完成时间', 'slash'),
			k.bottleneck('重点难题', '是', '否')
		]
	}
];
