// Realistic exports from elsewhere, written from scratch and seeded (issue 16): what an analyst
// brings from outside the street's own communities. Each writer returns its ground truth — the
// counts the ledger must give once the file is read with the right profile.
//
//   npx tsx tests/foreign/foreign-exports.ts [DIR]     writes the three files into DIR (or a temp dir)
//
// (a) hotline.csv    a city hotline's service requests: English headers and statuses, US date-times
//                    (`12/31/2017 11:59:58 PM` created, `1/2/20 0:05` closed), a dozen extra columns
//                    (Agency, Borough, Latitude, Longitude, Address, Location, Source, …), 10,000 rows
// (b) opendata.csv   a citizen-message open-data export: Chinese headers, ISO-8601 date-times
//                    (`2024-04-16T03:03:15.000`), a 来源 of channels, 地址 and 位置, a 合计 row
// (c) ledger.xlsx    a community's workbook: a merged title, a 序号 of codes (SZ001…), a few hundred
//                    rows, then tens of thousands of styled rows that hold no value
import ExcelJS from 'exceljs';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { int, mulberry32, pick, sampler, type Rng } from '../../src/lib/server/demo/demo-format';

export type Counts = Record<string, number>;

function add(counts: Counts, key: string, n = 1): void {
	counts[key] = (counts[key] ?? 0) + n;
}

/** A CSV cell as Excel writes it: quoted when it holds a comma, a quote or a line break. */
function cell(value: string): string {
	return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

const csvLine = (cells: string[]): string => cells.map(cell).join(',');

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** A UTC calendar moment from epoch milliseconds, without the host's time zone. */
function parts(ms: number) {
	const d = new Date(ms);
	return {
		y: d.getUTCFullYear(),
		m: d.getUTCMonth() + 1,
		d: d.getUTCDate(),
		h: d.getUTCHours(),
		min: d.getUTCMinutes(),
		s: d.getUTCSeconds(),
		ms: d.getUTCMilliseconds()
	};
}

const dayOf = (ms: number): string => {
	const p = parts(ms);
	return `${p.y}-${pad(p.m)}-${pad(p.d)}`;
};
const monthOf = (ms: number): string => dayOf(ms).slice(0, 7);

/** `12/31/2017 11:59:58 PM`: what a US hotline's "Created Date" holds. */
function usDateTime(ms: number): string {
	const p = parts(ms);
	const h12 = p.h % 12 === 0 ? 12 : p.h % 12;
	return `${pad(p.m)}/${pad(p.d)}/${p.y} ${pad(h12)}:${pad(p.min)}:${pad(p.s)} ${p.h < 12 ? 'AM' : 'PM'}`;
}

/** `1/2/20 0:05`: what Excel shows (and saves) once a US user has opened the file. */
function usShortDateTime(ms: number): string {
	const p = parts(ms);
	return `${p.m}/${p.d}/${pad(p.y % 100)} ${p.h}:${pad(p.min)}`;
}

/** `2024-04-16T03:03:15.000`, sometimes with a trailing Z, as open-data portals write. */
function isoDateTime(ms: number, zone: boolean): string {
	const p = parts(ms);
	return `${p.y}-${pad(p.m)}-${pad(p.d)}T${pad(p.h)}:${pad(p.min)}:${pad(p.s)}.${pad(p.ms, 3)}${zone ? 'Z' : ''}`;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

// ---------------------------------------------------------------------------------------------
// (a) the city hotline

export const HOTLINE_HEADERS = [
	'Unique Key',
	'Date',
	'Closed Date',
	'Agency',
	'Agency Name',
	'Complaint Type',
	'Descriptor',
	'Location Type',
	'Incident Zip',
	'Address',
	'City',
	'Borough',
	'Latitude',
	'Longitude',
	'Location',
	'Status',
	'Resolution Description',
	'Source',
	'Description'
] as const;

/** The hotline's statuses with their shares; which are closed (they carry a Closed Date). */
const HOTLINE_STATUSES: { label: string; weight: number; closed: boolean }[] = [
	{ label: 'Closed', weight: 58, closed: true },
	{ label: 'Open', weight: 9, closed: false },
	{ label: 'In Progress', weight: 10, closed: false },
	{ label: 'Assigned', weight: 8, closed: false },
	{ label: 'Pending', weight: 6, closed: false },
	{ label: 'Started', weight: 5, closed: false },
	{ label: 'Email Sent', weight: 2, closed: false },
	{ label: 'Unspecified', weight: 2, closed: false }
];

/** Complaint types, the agency that takes each, and the theme an analyst here would file it under. */
export const HOTLINE_COMPLAINTS: {
	label: string;
	agency: string;
	theme: string;
	descriptors: string[];
	en: string;
	zh: string;
}[] = [
	{
		label: 'Noise - Residential',
		agency: 'NYPD',
		theme: 'property_safety',
		descriptors: ['Loud Music/Party', 'Banging/Pounding', 'Loud Talking'],
		en: 'Neighbours playing loud music after midnight, every weekend',
		zh: '楼上住户深夜噪音扰民，多次沟通无果'
	},
	{
		label: 'Illegal Parking',
		agency: 'NYPD',
		theme: 'property_safety',
		descriptors: [
			'Blocked Hydrant',
			'Double Parked Blocking Traffic',
			'Posted Parking Sign Violation'
		],
		en: 'Cars parked on the sidewalk in front of the school',
		zh: '小区门口车辆乱停放，消防通道被占用'
	},
	{
		label: 'HEAT/HOT WATER',
		agency: 'HPD',
		theme: 'property_safety',
		descriptors: ['ENTIRE BUILDING', 'APARTMENT ONLY'],
		en: 'No heat in the building since Monday',
		zh: '小区供暖不热，物业迟迟不处理'
	},
	{
		label: 'Elevator',
		agency: 'DOB',
		theme: 'property_safety',
		descriptors: ['Elevator - Defective/Not Working', 'Elevator - Danger Condition'],
		en: 'Elevator out of order for two weeks, elderly residents stuck',
		zh: '电梯长期故障，老人上下楼困难'
	},
	{
		label: 'Gas Leak',
		agency: 'DEP',
		theme: 'safety',
		descriptors: ['Odor Inside Building', 'Odor Outside'],
		en: 'Smell of gas in the hallway',
		zh: '楼道内有燃气味，存在安全隐患'
	},
	{
		label: 'Street Condition',
		agency: 'DOT',
		theme: 'old_town_renewal',
		descriptors: ['Pothole', 'Cave-in', 'Defective Hardware'],
		en: 'Large pothole at the intersection, "dangerous" for bikes',
		zh: '老城区道路坑洼，雨天积水'
	},
	{
		label: 'Graffiti',
		agency: 'DSNY',
		theme: 'old_town_renewal',
		descriptors: ['Graffiti'],
		en: 'Graffiti on the wall of the old library',
		zh: '历史街区墙面被乱涂乱画'
	},
	{
		label: 'Consumer Complaint',
		agency: 'DCA',
		theme: 'business_environment',
		descriptors: ['Overcharge', 'Non-Delivery Goods/Services'],
		en: 'Store refused a refund, shop licence not displayed',
		zh: '商户办事审批流程繁琐'
	},
	{
		label: 'Homeless Person Assistance',
		agency: 'DHS',
		theme: 'service_innovation',
		descriptors: ['Chronic', 'Non-Chronic'],
		en: 'Person sleeping at the bus stop needs help',
		zh: '希望增加便民服务点'
	},
	{
		label: 'Staff Conduct',
		agency: 'HRA',
		theme: 'cadre_ability',
		descriptors: ['Rude Staff', 'Slow Response'],
		en: 'Office staff were rude and did not answer the question',
		zh: '窗口工作人员作风生硬'
	}
];

const AGENCY_NAMES: Record<string, string> = {
	NYPD: 'New York City Police Department',
	HPD: 'Department of Housing Preservation and Development',
	DOB: 'Department of Buildings',
	DEP: 'Department of Environmental Protection',
	DOT: 'Department of Transportation',
	DSNY: 'Department of Sanitation',
	DCA: 'Department of Consumer Affairs',
	DHS: 'Department of Homeless Services',
	HRA: 'Human Resources Administration'
};

/** What a hotline's `Source` (matched by its header to 来源) holds: channels, not reporter types. */
export const HOTLINE_SOURCES = ['Constituent Call', 'Phone', 'Online', 'Mobile App', 'Email'];

const BOROUGHS = ['BRONX', 'BROOKLYN', 'MANHATTAN', 'QUEENS', 'STATEN ISLAND'];
const STREETS = [
	'BROADWAY',
	'GRAND CONCOURSE',
	'FLATBUSH AVENUE',
	'QUEENS BOULEVARD',
	'VICTORY BLVD'
];
const LOCATION_TYPES = ['RESIDENTIAL BUILDING', 'Street/Sidewalk', 'Store/Commercial', 'Park'];

export interface HotlineTruth {
	rows: number;
	byStatus: Counts;
	byComplaint: Counts;
	/** By month of the created date, YYYY-MM. */
	byMonth: Counts;
	bySource: Counts;
	/** Rows with a Closed Date (all of them Closed). */
	closedWithDate: number;
	/** Created dates written with a day above 12 (which settle m/d against d/m). */
	daysAbove12: number;
}

export function hotlineCsv(opts: { rows?: number; seed?: number } = {}): {
	text: string;
	truth: HotlineTruth;
} {
	const rows = opts.rows ?? 10_000;
	const rng: Rng = mulberry32(opts.seed ?? 311);
	const status = sampler(
		HOTLINE_STATUSES,
		HOTLINE_STATUSES.map((s) => s.weight)
	);
	const truth: HotlineTruth = {
		rows,
		byStatus: {},
		byComplaint: {},
		byMonth: {},
		bySource: {},
		closedWithDate: 0,
		daysAbove12: 0
	};
	const start = Date.UTC(2017, 0, 1);
	const span = Date.UTC(2020, 11, 31, 23, 59, 59) - start;
	const lines = [csvLine([...HOTLINE_HEADERS])];
	for (let i = 0; i < rows; i++) {
		const created = start + Math.floor(rng() * (span / 1000)) * 1000;
		const s = status(rng);
		const c = pick(rng, HOTLINE_COMPLAINTS);
		const source = pick(rng, HOTLINE_SOURCES);
		const closed = s.closed ? created + int(rng, 1, 30 * 24 * 60) * 60_000 : null;
		const borough = pick(rng, BOROUGHS);
		const lat = (40.5 + rng() * 0.4).toFixed(8);
		const lon = (-74.2 + rng() * 0.5).toFixed(8);
		const number = int(rng, 1, 2999);
		const address = `${number} ${pick(rng, STREETS)}`;
		const description = rng() < 0.5 ? c.zh : `${c.en} (${number} ${borough.toLowerCase()})`;
		const resolution = s.closed
			? `The ${c.agency} responded to the complaint, took action to fix the condition, and closed the request.`
			: rng() < 0.5
				? 'The complaint has been received, and will be reviewed.'
				: '';
		lines.push(
			csvLine([
				String(40_000_000 + i * 7 + int(rng, 0, 6)),
				usDateTime(created),
				closed === null ? '' : usShortDateTime(closed),
				c.agency,
				AGENCY_NAMES[c.agency],
				c.label,
				pick(rng, c.descriptors),
				pick(rng, LOCATION_TYPES),
				String(int(rng, 10001, 11697)),
				address,
				borough === 'MANHATTAN' ? 'NEW YORK' : borough,
				borough,
				lat,
				lon,
				`(${lat}, ${lon})`,
				s.label,
				resolution,
				source,
				description
			])
		);
		add(truth.byStatus, s.label);
		add(truth.byComplaint, c.label);
		add(truth.byMonth, monthOf(created));
		add(truth.bySource, source);
		if (closed !== null) truth.closedWithDate++;
		if (parts(created).d > 12) truth.daysAbove12++;
	}
	return { text: `${lines.join('\r\n')}\r\n`, truth };
}

// ---------------------------------------------------------------------------------------------
// (b) the ISO-8601 open-data export

export const OPENDATA_HEADERS = [
	'编号',
	'登记时间',
	'所属社区',
	'问题类型',
	'问题描述',
	'办理状态',
	'办结时间',
	'来源',
	'满意度',
	'地址',
	'位置',
	'经度',
	'纬度',
	'行政区划',
	'承办单位',
	'答复意见'
] as const;

export const OPENDATA_COMMUNITIES = [
	'青年路社区',
	'华苑社区',
	'朝阳里社区',
	'新华社区',
	'滨河社区'
];

/** Labels of 问题类型: some the built-in taxonomy knows, some it does not (with the analyst's code). */
export const OPENDATA_TYPES: { label: string; theme: string; known: boolean; text: string }[] = [
	{
		label: '物业管理',
		theme: 'property_safety',
		known: true,
		text: '小区物业服务差，电梯维修不及时'
	},
	{ label: '安全生产', theme: 'safety', known: true, text: '沿街商铺私拉电线，存在消防隐患' },
	{ label: '营商环境', theme: 'business_environment', known: true, text: '个体户办照审批时间过长' },
	{ label: '便民服务', theme: 'service_innovation', known: true, text: '希望社区增设老年食堂' },
	{ label: '噪音扰民', theme: 'property_safety', known: false, text: '夜间施工噪音严重影响休息' },
	{
		label: '交通出行',
		theme: 'old_town_renewal',
		known: false,
		text: '公交站台破损，雨天无处避雨'
	},
	{ label: '环境卫生', theme: 'old_town_renewal', known: false, text: '背街小巷垃圾清运不及时' }
];

/** 办理状态 as the platform writes it, the code it means; 已回访 is not in the built-in vocabulary. */
export const OPENDATA_STATUSES: { label: string; code: string; weight: number; done: boolean }[] = [
	{ label: '已办结', code: 'resolved', weight: 55, done: true },
	{ label: '已回访', code: 'resolved', weight: 12, done: true },
	{ label: '办理中', code: 'in_progress', weight: 15, done: false },
	{ label: '已受理', code: 'assigned', weight: 10, done: false },
	{ label: '待受理', code: 'pending', weight: 8, done: false }
];

/** Platform channels: not reporter types, so the 来源 column is kept as an extra column. */
export const OPENDATA_SOURCES = ['12345热线', '网上留言', '微信公众号', '市长信箱'];

const SATISFACTION: { label: string; code: string }[] = [
	{ label: '非常满意', code: 'very_satisfied' },
	{ label: '满意', code: 'satisfied' },
	{ label: '基本满意', code: 'basic' },
	{ label: '不满意', code: 'unsatisfied' }
];

export interface OpendataTruth {
	rows: number;
	/** The row number (as Excel shows it) of the 合计 line under the list. */
	totalRow: number;
	byStatusLabel: Counts;
	byStatus: Counts;
	byCommunity: Counts;
	/** By the analyst's theme code. */
	byTheme: Counts;
	byTypeLabel: Counts;
	bySatisfaction: Counts;
	byMonth: Counts;
	withZone: number;
}

export function opendataCsv(opts: { rows?: number; seed?: number } = {}): {
	text: string;
	truth: OpendataTruth;
} {
	const rows = opts.rows ?? 2_000;
	const rng: Rng = mulberry32(opts.seed ?? 12345);
	const status = sampler(
		OPENDATA_STATUSES,
		OPENDATA_STATUSES.map((s) => s.weight)
	);
	const truth: OpendataTruth = {
		rows,
		totalRow: rows + 2,
		byStatusLabel: {},
		byStatus: {},
		byCommunity: {},
		byTheme: {},
		byTypeLabel: {},
		bySatisfaction: {},
		byMonth: {},
		withZone: 0
	};
	const start = Date.UTC(2023, 6, 1);
	const span = Date.UTC(2024, 5, 30, 23, 59, 59) - start;
	const lines = [csvLine([...OPENDATA_HEADERS])];
	for (let i = 0; i < rows; i++) {
		const reported = start + Math.floor(rng() * span);
		const s = status(rng);
		const t = pick(rng, OPENDATA_TYPES);
		const community = pick(rng, OPENDATA_COMMUNITIES);
		const zone = rng() < 0.2;
		const done = s.done ? reported + int(rng, 2, 20 * 24) * HOUR + int(rng, 0, 3599_999) : null;
		const sat = s.done && rng() < 0.8 ? pick(rng, SATISFACTION) : null;
		const lon = (117.1 + rng() * 0.2).toFixed(6);
		const lat = (36.6 + rng() * 0.1).toFixed(6);
		lines.push(
			csvLine([
				`WX${2023_000_000 + i}`,
				isoDateTime(reported, zone),
				community,
				t.label,
				`${t.text}（${community}${int(rng, 1, 40)}号楼）`,
				s.label,
				done === null ? '' : isoDateTime(done, zone),
				pick(rng, OPENDATA_SOURCES),
				sat?.label ?? '',
				`历下区${community.replace('社区', '')}路${int(rng, 1, 300)}号`,
				`${community}${int(rng, 1, 40)}号楼`,
				lon,
				lat,
				'历下区',
				`${community}居委会`,
				s.done ? '已联系诉求人，问题已处理，诉求人表示认可。' : ''
			])
		);
		add(truth.byStatusLabel, s.label);
		add(truth.byStatus, s.code);
		add(truth.byCommunity, community);
		add(truth.byTheme, t.theme);
		add(truth.byTypeLabel, t.label);
		add(truth.bySatisfaction, sat?.code ?? '_none');
		add(truth.byMonth, monthOf(reported));
		if (zone) truth.withZone++;
	}
	// The platform's sum under the list: not a problem.
	const total = OPENDATA_HEADERS.map(() => '');
	total[0] = '合计';
	total[1] = String(rows);
	lines.push(csvLine(total));
	return { text: `\uFEFF${lines.join('\r\n')}\r\n`, truth };
}

// ---------------------------------------------------------------------------------------------
// (c) the workbook with tens of thousands of styled blank rows

export const WORKBOOK_HEADERS = [
	'序号',
	'社区',
	'提出时间',
	'问题类别',
	'问题描述',
	'整改措施',
	'责任单位',
	'整改时限',
	'整改状态',
	'完成时间',
	'备注'
] as const;

export const WORKBOOK_COMMUNITY = '寿张路社区';

const WORKBOOK_THEMES: { label: string; theme: string; text: string }[] = [
	{ label: '物业配套与小区安全', theme: 'property_safety', text: '小区监控探头损坏' },
	{ label: '老城区复兴发展', theme: 'old_town_renewal', text: '老旧小区外墙脱落' },
	{ label: '便民服务创新', theme: 'service_innovation', text: '社区缺少便民缴费点' },
	{ label: '组织建设', theme: 'organization_building', text: '支部活动阵地面积不足' },
	{ label: '安全生产', theme: 'safety', text: '沿街餐饮燃气管道老化' }
];

const WORKBOOK_STATUSES: { label: string; code: string; weight: number; done: boolean }[] = [
	{ label: '已整改', code: 'resolved', weight: 45, done: true },
	{ label: '已销号', code: 'verified', weight: 15, done: true },
	{ label: '整改中', code: 'in_progress', weight: 25, done: false },
	{ label: '持续整改', code: 'ongoing', weight: 10, done: false },
	{ label: '待处理', code: 'pending', weight: 5, done: false }
];

export interface WorkbookTruth {
	rows: number;
	headerRow: number;
	/** Styled rows under the data that hold no value. */
	styledBlankRows: number;
	/** The codes of 序号, in row order. */
	codes: string[];
	byStatus: Counts;
	byTheme: Counts;
	byMonth: Counts;
}

export async function styledWorkbook(
	file: string,
	opts: { rows?: number; blankRows?: number; seed?: number } = {}
): Promise<WorkbookTruth> {
	const rows = opts.rows ?? 300;
	const blankRows = opts.blankRows ?? 30_000;
	const rng: Rng = mulberry32(opts.seed ?? 2019);
	const status = sampler(
		WORKBOOK_STATUSES,
		WORKBOOK_STATUSES.map((s) => s.weight)
	);
	const truth: WorkbookTruth = {
		rows,
		headerRow: 2,
		styledBlankRows: blankRows,
		codes: [],
		byStatus: {},
		byTheme: {},
		byMonth: {}
	};
	const wb = new ExcelJS.Workbook();
	wb.created = new Date(Date.UTC(2019, 11, 31));
	wb.modified = wb.created;
	const ws = wb.addWorksheet('问题台账');
	const border: Partial<ExcelJS.Borders> = {
		top: { style: 'thin' },
		left: { style: 'thin' },
		bottom: { style: 'thin' },
		right: { style: 'thin' }
	};
	const width = WORKBOOK_HEADERS.length;
	ws.mergeCells(1, 1, 1, width);
	ws.getCell(1, 1).value = `${WORKBOOK_COMMUNITY}2019年问题整改台账`;
	ws.getCell(1, 1).font = { bold: true, size: 16 };
	const header = ws.getRow(2);
	header.values = [...WORKBOOK_HEADERS];
	header.font = { bold: true };
	const start = Date.UTC(2019, 0, 1);
	for (let i = 0; i < rows; i++) {
		const reported = start + int(rng, 0, 364) * DAY;
		const s = status(rng);
		const t = pick(rng, WORKBOOK_THEMES);
		const code = `SZ${pad(i + 1, 3)}`;
		const deadline = reported + int(rng, 15, 90) * DAY;
		const done = s.done ? reported + int(rng, 3, 60) * DAY : null;
		const row = ws.getRow(3 + i);
		row.values = [
			code,
			WORKBOOK_COMMUNITY,
			new Date(reported),
			t.label,
			`${t.text}（${int(rng, 1, 30)}号楼）`,
			s.done ? '已协调物业和相关部门完成整改' : '正在协调',
			pick(rng, ['社区居委会', '物业公司', '街道城管办']),
			new Date(deadline),
			s.label,
			done === null ? null : new Date(done),
			rng() < 0.1 ? '群众反映强烈' : null
		];
		for (let col = 1; col <= width; col++) row.getCell(col).border = border;
		for (const col of [3, 8, 10]) row.getCell(col).numFmt = 'yyyy"年"m"月"d"日"';
		truth.codes.push(code);
		add(truth.byStatus, s.code);
		add(truth.byTheme, t.theme);
		add(truth.byMonth, monthOf(reported));
	}
	// The template's formatted area: a border on every cell, no value in any.
	for (let r = 3 + rows; r < 3 + rows + blankRows; r++) {
		const row = ws.getRow(r);
		for (let col = 1; col <= width; col++) row.getCell(col).border = border;
	}
	await wb.xlsx.writeFile(file);
	return truth;
}

// ---------------------------------------------------------------------------------------------

export interface ForeignExports {
	dir: string;
	hotline: { file: string; truth: HotlineTruth };
	opendata: { file: string; truth: OpendataTruth };
	workbook: { file: string; truth: WorkbookTruth };
}

/** Writes the three exports into `dir` (created if missing) and returns their paths and truths. */
export async function writeForeignExports(dir: string): Promise<ForeignExports> {
	fs.mkdirSync(dir, { recursive: true });
	const hotline = hotlineCsv();
	const opendata = opendataCsv();
	const files = {
		hotline: path.join(dir, 'hotline.csv'),
		opendata: path.join(dir, 'opendata.csv'),
		workbook: path.join(dir, 'ledger.xlsx')
	};
	fs.writeFileSync(files.hotline, hotline.text);
	fs.writeFileSync(files.opendata, opendata.text);
	const workbook = await styledWorkbook(files.workbook);
	return {
		dir,
		hotline: { file: files.hotline, truth: hotline.truth },
		opendata: { file: files.opendata, truth: opendata.truth },
		workbook: { file: files.workbook, truth: workbook }
	};
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
	const dir = process.argv[2] ?? fs.mkdtempSync(path.join(os.tmpdir(), 'ledger-foreign-'));
	const out = await writeForeignExports(dir);
	for (const key of ['hotline', 'opendata', 'workbook'] as const) {
		console.log(`${out[key].file}\n  ${JSON.stringify(out[key].truth).slice(0, 400)}`);
	}
}
