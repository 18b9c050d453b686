// Deterministic demo exports: ten units' 问题清单 snapshots (2018–2019) in the encodings, header
// spellings and date formats real units send. Called by `ledger seed-demo` (generateDemoExports)
// and by the ingest benchmark (writeLargeExport).

import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import ExcelJS from 'exceljs';
import {
	ChunkWriter,
	dateOf,
	dayOf,
	encodeText,
	formatDate,
	formatLine,
	int,
	parseDay,
	pick,
	quoteCell,
	rngFor,
	sampler,
	stampZipEntries,
	weekday,
	ymd,
	type Rng
} from './demo-format.ts';
import {
	GENERIC_SUGGESTIONS,
	GIVEN_NAMES,
	REPORTER_TYPES,
	SECOND_LINES,
	SURNAMES,
	TAILS,
	THEMES,
	type LevelCode,
	type ReporterType,
	type StatusCode,
	type ThemeBank,
	type ThemeCode
} from './demo-text.ts';
import {
	kit,
	pad,
	rowAsOf,
	UNITS,
	type Column,
	type DemoEncoding,
	type Problem,
	type RowView,
	type StatusEvent,
	type Unit
} from './demo-units.ts';

export type { DemoEncoding };

export interface DemoExport {
	fileName: string;
	community: string;
	exportedAt: string;
	encoding: DemoEncoding;
	bytes: Buffer;
}

export const DEFAULT_SEED = 2018;

const FIRST_DAY = dayOf(2018, 1, 1);
const LAST_DAY = dayOf(2019, 12, 31);

// ---------------------------------------------------------------------------------------------
// Generating problems.

// Campaign rhythm: the 2018 kick-off in spring, a second round in spring 2019, a year-end round
// of collection in late 2019, quiet Spring Festivals.
const MONTH_WEIGHTS = [2, 2, 6, 8, 8, 7, 5, 5, 6, 6, 5, 4, 2, 2, 5, 6, 6, 5, 4, 4, 5, 5, 5, 5];

const pickMonth = sampler(
	MONTH_WEIGHTS.map((_, i) => i),
	MONTH_WEIGHTS
);
const pickLevel = Object.fromEntries(
	THEMES.map((t) => [t.code, sampler(['thought', 'work', 'life'] as const, t.levels)])
) as Record<ThemeCode, (rng: Rng) => LevelCode>;
const pickSatisfaction = sampler(
	['非常满意', '满意', '基本满意', '不满意', '非常不满意'],
	[30, 45, 15, 8, 2]
);

function personName(rng: Rng): string {
	return pick(rng, SURNAMES) + pick(rng, GIVEN_NAMES);
}

function normal(rng: Rng): number {
	return Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
}

/** Registers happen on working days: a weekend date moves to Monday, or back to Friday at the end. */
function workday(day: number, last: number): number {
	const w = weekday(day);
	if (w !== 0 && w !== 6) return day;
	const monday = day + (w === 6 ? 2 : 1);
	if (monday <= last) return monday;
	return day - (w === 6 ? 1 : 2);
}

function randomReportDay(rng: Rng, last: number): number {
	for (;;) {
		const month = pickMonth(rng);
		const y = 2018 + Math.floor(month / 12);
		const m = (month % 12) + 1;
		const d = int(rng, 1, new Date(Date.UTC(y, m, 0)).getUTCDate());
		const day = workday(dayOf(y, m, d), last);
		if (day >= FIRST_DAY && day <= last) return day;
	}
}

function officeMinutes(rng: Rng): number {
	return int(rng, 102, 210) * 5; // 08:30 to 17:30
}

/**
 * The status history: pending, then acknowledged, worked on and signed off, with the detours real
 * lists show (stalls, long-term items, rejections, referrals, duplicates, withdrawals). Dates past
 * the last export simply never show, which leaves a realistic open backlog at the end of 2019.
 */
function makeTimeline(rng: Rng, u: Unit, p: Problem, canDuplicate: boolean): StatusEvent[] {
	const events: StatusEvent[] = [
		{ day: p.reportedDay, minutes: p.reportedMinutes, status: 'pending', progress: 0 }
	];
	let day = p.reportedDay;
	let progress = 0;
	const push = (gap: number, status: StatusCode): void => {
		const prev = events[events.length - 1];
		day += Math.max(0, Math.round(gap));
		const minutes =
			day === prev.day ? Math.min(prev.minutes + int(rng, 10, 90), 1380) : officeMinutes(rng);
		events.push({ day, minutes, status, progress });
	};
	const slow = u.speed * (p.bottleneck ? 1.8 : 1);

	// A re-report of an earlier problem is usually merged into it.
	if (canDuplicate && rng() < 0.85) {
		push(int(rng, 1, 12), 'duplicate');
		return events;
	}
	const r = rng();
	if (r < 0.03) {
		push(int(rng, 1, 25), 'withdrawn');
		return events;
	}
	if (r < 0.12) {
		if (rng() < 0.5) push(int(rng, 0, 5), 'assigned');
		push(int(rng, 2, 25) * slow, r < 0.075 ? 'not_adopted' : 'referred');
		return events;
	}

	// Some items wait for weeks before anyone takes them on, or sit assigned and untouched.
	const lag = rng();
	const ackGap =
		lag < 0.05 ? int(rng, 30, 200) : rng() < u.quickAck ? int(rng, 0, 3) : int(rng, 4, 15);
	push(ackGap, 'assigned');
	progress = int(rng, 1, 4) * 10;
	push((lag > 0.95 ? int(rng, 30, 150) : int(rng, 1, 20)) * slow, 'in_progress');

	const detour = rng();
	const stallP = p.bottleneck ? 0.3 : 0.09;
	const ongoingP = p.bottleneck ? 0.2 : 0.08;
	if (detour < stallP) {
		push(int(rng, 10, 80) * slow, 'stalled');
		if (rng() >= 0.45) return events;
		progress = Math.min(90, progress + int(rng, 1, 3) * 10);
		push(int(rng, 20, 150), 'in_progress');
	} else if (detour < stallP + ongoingP) {
		progress = int(rng, 5, 8) * 10;
		push(int(rng, 15, 60), 'ongoing');
		if (rng() >= 0.35) return events;
		progress = 100;
		push(int(rng, 60, 240), 'resolved');
		if (rng() < 0.6) push(int(rng, 5, 45), 'verified');
		return events;
	}
	if (rng() < 0.5) {
		progress = Math.max(progress, int(rng, 5, 9) * 10);
		push(int(rng, 7, 40) * slow, 'in_progress');
	}
	// Days to resolve are long-tailed: a median of a month, a few taking most of a year.
	const toResolve = Math.min(450, Math.max(3, Math.exp(Math.log(30) + 0.9 * normal(rng))));
	progress = 100;
	push(toResolve * slow, 'resolved');
	if (rng() < 0.7) push(int(rng, 5, 60), 'verified');
	return events;
}

interface Phrase {
	title: string;
	advice: readonly string[];
	description: string;
	location: string;
}

function makePhrase(rng: Rng, u: Unit, theme: ThemeBank, newlines: boolean): Phrase {
	const subject = pick(rng, theme.subjects);
	let location = '';
	let s = subject.s;
	if (subject.loc && rng() < 0.55) {
		if (subject.loc === 'estate') {
			location = pick(rng, u.estates);
			// '福泰小区' + '小区电梯' reads '福泰小区电梯'.
			if (!u.locationColumn && s.startsWith('小区')) s = s.slice(2);
		} else {
			location = pick(rng, u.roads);
		}
	}
	const problem = pick(rng, subject.p);
	let description = (u.locationColumn ? '' : location) + s + problem;
	if (rng() < 0.22) description += pick(rng, TAILS);
	if (newlines && rng() < 0.02) description += '\n' + pick(rng, SECOND_LINES);
	// A short title, as case systems keep one: '小区电梯频繁故障', '招商项目储备不足'.
	return {
		title: subject.s + problem.split('，')[0],
		advice: subject.a ?? [],
		description,
		location
	};
}

interface UnitContext {
	u: Unit;
	pickTheme: (rng: Rng) => ThemeBank;
	pickReporter: (rng: Rng) => ReporterType;
	staff: string[];
}

function unitContext(u: Unit, rng: Rng): UnitContext {
	// Each community leans its own way, which gives the heat grid and comparisons something to show.
	const themeWeights = THEMES.map((t) => (u.themeWeights[t.code] ?? 0) * (0.6 + 0.8 * rng()));
	const staff = Array.from({ length: 5 }, () => personName(rng));
	return {
		u,
		pickTheme: sampler(THEMES, themeWeights),
		pickReporter: sampler(REPORTER_TYPES, u.reporterWeights),
		staff
	};
}

function makeProblem(
	rng: Rng,
	ctx: UnitContext,
	reportedDay: number,
	earlier: readonly Problem[],
	used: Set<string> | null,
	newlines: boolean
): Problem {
	const { u } = ctx;
	let dup: Problem | null = null;
	if (earlier.length > 5 && rng() < 0.045) dup = earlier[int(rng, 0, earlier.length - 1)];
	const theme = dup ? dup.theme : ctx.pickTheme(rng);

	let phrase: Phrase;
	if (dup) {
		phrase = {
			title: dup.title,
			advice: [],
			description: dup.description,
			location: dup.location
		};
	} else {
		phrase = makePhrase(rng, u, theme, newlines);
		for (let tries = 0; used?.has(phrase.description) && tries < 100; tries++) {
			phrase = makePhrase(rng, u, theme, newlines);
		}
	}
	if (used) {
		// Re-reported problems get a word of their own so (community, date, description) stays unique.
		let text = phrase.description;
		for (let k = 2; used.has(text); k++) text = `${phrase.description}（第${k}次反映）`;
		phrase = { ...phrase, description: text };
		used.add(text);
	}

	const level = pickLevel[theme.code](rng);
	const suggestionRoll = rng();
	const suggestion =
		suggestionRoll < 0.3
			? ''
			: suggestionRoll < 0.45
				? pick(rng, GENERIC_SUGGESTIONS)
				: phrase.advice.length > 0 && rng() < 0.65
					? pick(rng, phrase.advice)
					: pick(rng, theme.suggestions);
	const deadlineGap = rng() < 0.4 ? 30 : int(rng, 15, 90);
	const p: Problem = {
		unit: u,
		id: '',
		theme,
		level,
		reporterType: ctx.pickReporter(rng),
		reporter: personName(rng),
		title: phrase.title,
		description: phrase.description,
		location: phrase.location,
		suggestion,
		measure: pick(rng, theme.measures),
		responsibleUnit: u.sections ? pick(rng, u.sections) : pick(rng, theme.responsible),
		responsiblePerson: pick(rng, ctx.staff),
		reportedDay,
		reportedMinutes: officeMinutes(rng),
		deadlineDay: reportedDay + deadlineGap,
		bottleneck: rng() < 0.05,
		serialDates: rng() < 0.4,
		altThemeLabel: rng() < 0.4,
		satisfaction: rng() < 0.3 ? '' : pickSatisfaction(rng),
		duplicateOf: dup,
		noteIndex: int(rng, 0, 59),
		events: []
	};
	p.events = makeTimeline(rng, u, p, dup !== null);
	if (dup && p.events[p.events.length - 1].status !== 'duplicate') p.duplicateOf = null;
	return p;
}

function unitProblems(seed: number, u: Unit): Problem[] {
	const rng = rngFor(seed, u.name);
	const ctx = unitContext(u, rng);
	const last = parseDay(u.exports[u.exports.length - 1]);
	const size = u.size + int(rng, -8, 8);

	// Sessions (座谈会, 走访) bring in a batch of problems on one day.
	const sessions = Array.from({ length: 6 }, () => randomReportDay(rng, last));
	const days = Array.from({ length: size }, () =>
		rng() < 0.3 ? pick(rng, sessions) : randomReportDay(rng, last)
	).sort((a, b) => a - b);

	const used = u.uniqueDescriptions ? new Set<string>() : null;
	const problems: Problem[] = [];
	for (const day of days) problems.push(makeProblem(rng, ctx, day, problems, used, u.newlines));

	const perYear = new Map<number, number>();
	const perDay = new Map<number, number>();
	problems.forEach((p, i) => {
		const year = ymd(p.reportedDay)[0];
		perYear.set(year, (perYear.get(year) ?? 0) + 1);
		perDay.set(p.reportedDay, (perDay.get(p.reportedDay) ?? 0) + 1);
		p.id =
			u.id?.({
				n: i + 1,
				year,
				nInYear: perYear.get(year) ?? 0,
				day: p.reportedDay,
				nInDay: perDay.get(p.reportedDay) ?? 0
			}) ?? '';
	});
	return problems;
}

// ---------------------------------------------------------------------------------------------
// Writing the files.

function textCell(col: Column, r: RowView): string {
	const v = col.cell(r);
	if (v === null) return '';
	if (typeof v === 'string') return v;
	if (typeof v === 'number') return String(v);
	const style = typeof col.date === 'function' ? col.date(r) : (col.date ?? 'iso');
	return formatDate(v.day, style, v.minutes);
}

function textExport(u: Unit, columns: Column[], rows: RowView[]): string {
	const blank = (first: string): string[] => [first, ...columns.slice(1).map(() => '')];
	let out = '';
	for (const line of u.preamble) out += formatLine(blank(line), u.delimiter, u.eol);
	out += formatLine(
		columns.map((c) => c.header),
		u.delimiter,
		u.eol
	);
	for (const r of rows) {
		out += formatLine(
			columns.map((c) => textCell(c, r)),
			u.delimiter,
			u.eol
		);
	}
	return out;
}

async function xlsxExport(
	u: Unit,
	columns: Column[],
	rows: RowView[],
	day: number
): Promise<Buffer> {
	const wb = new ExcelJS.Workbook();
	const stamp = dateOf(day, 9 * 60);
	wb.creator = u.name;
	wb.lastModifiedBy = u.name;
	wb.created = stamp;
	wb.modified = stamp;

	const ws = wb.addWorksheet('问题清单', { views: [{ state: 'frozen', ySplit: 2 }] });
	const [y, m, d] = ymd(day);
	const border: Partial<ExcelJS.Borders> = {
		top: { style: 'thin' },
		left: { style: 'thin' },
		bottom: { style: 'thin' },
		right: { style: 'thin' }
	};
	columns.forEach((c, i) => {
		ws.getColumn(i + 1).width = c.width ?? 12;
	});

	ws.mergeCells(1, 1, 1, columns.length);
	const title = ws.getCell(1, 1);
	title.value = `${u.xlsxTitle ?? u.name}（截至${y}年${m}月${d}日）`;
	title.font = { bold: true, size: 16 };
	title.alignment = { horizontal: 'center', vertical: 'middle' };
	ws.getRow(1).height = 30;

	const header = ws.getRow(2);
	columns.forEach((c, i) => {
		const cell = header.getCell(i + 1);
		cell.value = c.header;
		cell.font = { bold: true };
		cell.border = border;
		cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFD9E1F2' } };
	});

	rows.forEach((r, n) => {
		const row = ws.getRow(3 + n);
		columns.forEach((c, i) => {
			const cell = row.getCell(i + 1);
			const v = c.cell(r);
			if (v !== null && typeof v === 'object') {
				cell.value = dateOf(v.day);
				cell.numFmt = c.numFmt ?? 'yyyy/m/d';
			} else {
				cell.value = v === '' ? null : v;
			}
			cell.border = border;
		});
	});
	// Clerks pre-format rows for problems to come; Excel keeps them as styled empty rows.
	for (let n = 0; n < 20; n++) {
		const row = ws.getRow(3 + rows.length + n);
		columns.forEach((_, i) => {
			row.getCell(i + 1).border = border;
		});
	}

	const help = wb.addWorksheet('填表说明');
	[
		'1. 每条问题单独一行，不要合并单元格。',
		'2. 状态填写：待研判、已派单、推进中、长期推进、停滞、整改完成、已关闭等。',
		'3. 日期请按“年/月/日”格式填写。'
	].forEach((line, i) => {
		help.getCell(i + 1, 1).value = line;
	});

	const written = await wb.xlsx.writeBuffer();
	return stampZipEntries(Buffer.from(written as ArrayBuffer), day);
}

function fileName(u: Unit, exportedAt: string): string {
	const ext = u.encoding === 'xlsx' ? 'xlsx' : u.encoding === 'utf-16le' ? 'txt' : 'csv';
	return `${exportedAt}_${u.name}_问题清单.${ext}`;
}

/** Every unit's snapshots, sorted by exportedAt then fileName; the same seed gives the same bytes. */
export async function generateDemoExports(opts: { seed?: number } = {}): Promise<DemoExport[]> {
	const seed = opts.seed ?? DEFAULT_SEED;
	const out: DemoExport[] = [];
	for (const u of UNITS) {
		const problems = unitProblems(seed, u);
		const columns = u.columns(kit(u));
		for (const exportedAt of u.exports) {
			const day = parseDay(exportedAt);
			const rows = problems
				.filter((p) => p.reportedDay <= day)
				.map((p, i) => rowAsOf(p, day, i + 1));
			const bytes =
				u.encoding === 'xlsx'
					? await xlsxExport(u, columns, rows, day)
					: encodeText(textExport(u, columns, rows), u.encoding);
			out.push({
				fileName: fileName(u, exportedAt),
				community: u.name,
				exportedAt,
				encoding: u.encoding,
				bytes
			});
		}
	}
	const order = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
	return out.sort((a, b) => order(a.exportedAt, b.exportedAt) || order(a.fileName, b.fileName));
}

/** The unit names, in the order the demo generates them. */
export const DEMO_UNITS: readonly string[] = UNITS.map((u) => u.name);

// ---------------------------------------------------------------------------------------------
// The benchmark file.

const CHUNK_BYTES = 1 << 20;

/**
 * Streams one big export for ingest benchmarks: the plain unit's header and spellings, rows from
 * every unit, statuses as of the end of 2019. Memory stays flat: rows are encoded into 1 MB
 * chunks, and each chunk waits for the stream to drain before the next is built.
 */
export async function writeLargeExport(
	path: string,
	opts: { rows: number; encoding: 'utf-8' | 'gb18030'; seed?: number }
): Promise<{ bytes: number; rows: number }> {
	const rng = rngFor(opts.seed ?? DEFAULT_SEED, 'large-export');
	const plain = UNITS[0];
	const columns = plain.columns(kit(plain));
	const contexts = UNITS.map((u) => unitContext(u, rng));
	const prefixes = ['YN', 'SZ', 'GZ', 'SC', 'GM', 'WH', 'XH', 'DZ', 'JJ', 'CG'];
	const eol = opts.encoding === 'gb18030' ? '\r\n' : '\n';
	// A short memory per unit, so the file has re-reported (duplicate) problems too.
	const recent: Problem[][] = UNITS.map(() => []);

	const stream = createWriteStream(path);
	const out = new ChunkWriter(opts.encoding, CHUNK_BYTES + 64 * 1024);
	let bytes = 0;
	const writeRow = (cells: readonly string[]): void => {
		if (opts.encoding === 'utf-8') return out.write(formatLine(cells, ',', eol));
		// Cell by cell, so the GB18030 cache sees the repeating values, not unique lines.
		for (let c = 0; c < cells.length; c++) {
			if (c > 0) out.write(',');
			out.write(quoteCell(cells[c], ','));
		}
		out.write(eol);
	};
	// Stream errors can only fire while we await, and both waits (drain, finished) listen for them.
	const flush = async (): Promise<void> => {
		const chunk = out.take();
		bytes += chunk.length;
		if (!stream.write(chunk)) await once(stream, 'drain');
	};

	try {
		writeRow(columns.map((c) => c.header));
		for (let i = 0; i < opts.rows; i++) {
			const unit = int(rng, 0, UNITS.length - 1);
			const earlier = recent[unit];
			const p = makeProblem(
				rng,
				contexts[unit],
				randomReportDay(rng, LAST_DAY),
				earlier,
				null,
				false
			);
			earlier.push(p);
			if (earlier.length > 32) earlier.shift();
			p.id = `${prefixes[unit]}${pad(i + 1, 7)}`;
			const r = rowAsOf(p, LAST_DAY, i + 1);
			writeRow(columns.map((c) => textCell(c, r)));
			if (out.length >= CHUNK_BYTES) await flush();
		}
		await flush();
		stream.end();
		await finished(stream);
	} catch (err) {
		stream.destroy();
		throw err;
	}
	return { bytes, rows: opts.rows };
}
