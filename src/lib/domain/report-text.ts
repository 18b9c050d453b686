// The report's summary paragraph and the weekly brief, written in Chinese from the figures by fixed
// templates: one generator, two lengths. Pure, so every sentence and every number in it can be
// tested against the data (src/lib/server/report/report-text.test.ts checks them on the demo data).
import type { Rate } from './figures';
import type { ThemeShift } from './measures';

export interface ReportTextInput {
	period: { from: string; to: string };
	total: number;
	previousTotal: number;
	/** Themes of the period, largest first (label as shown, e.g. 营商环境). */
	themes: { label: string; count: number }[];
	/** Theme heat (measures.ts): every theme with problems in either period, label as shown. */
	themeHeat: (Pick<ThemeShift, 'count' | 'previousCount' | 'share' | 'change'> & {
		label: string;
	})[];
	closure: Rate;
	previousClosure: Rate;
	/** Overdue problems of the period by responsible unit, largest first; unit null = not given. */
	overdueUnits: { unit: string | null; count: number }[];
	/** Open bottleneck problems reported by asOf. */
	openBottlenecks: number;
	/** Stalled problems, and the days the longest-waiting one has waited. */
	stalled: { total: number; longestDays: number | null };
}

/** 本期/上期 for the report, 本周/上周 for the weekly brief. */
export interface PeriodWords {
	current: string;
	previous: string;
}

export const REPORT_WORDS: PeriodWords = { current: '本期', previous: '上期' };
export const WEEK_WORDS: PeriodWords = { current: '本周', previous: '上周' };

/** A share or a change as a percentage with at most one decimal: 0.125 → "12.5", 0.2 → "20". */
export function percentText(fraction: number): string {
	const tenths = Math.round(Math.abs(fraction) * 1000);
	return tenths % 10 === 0 ? String(tenths / 10) : (tenths / 10).toFixed(1);
}

const count = (n: number): string => String(n);

/** "增加 12.5%" / "减少 3%" / "持平" of `now` against `before` (before > 0). */
function changeText(now: number, before: number): string {
	if (now === before) return '持平';
	const change = now / before - 1;
	const text = percentText(change);
	// A change that rounds to 0.0 % still says which way it went, not "增加 0%".
	return `${change > 0 ? '增加' : '减少'} ${text === '0' ? '不到 0.1' : text}%`;
}

function pointsText(now: number, before: number): string {
	const points = (now - before) * 100;
	const rounded = Math.round(Math.abs(points) * 10) / 10;
	if (rounded === 0) return '持平';
	return `${points > 0 ? '上升' : '下降'} ${rounded % 1 === 0 ? rounded : rounded.toFixed(1)} 个百分点`;
}

/** The sentences of the summary, in order; each ends with 。 */
export function reportSentences(input: ReportTextInput, words = REPORT_WORDS): string[] {
	const { current, previous } = words;
	const sentences: string[] = [];
	const span = `${current}（${input.period.from} 至 ${input.period.to}）`;

	if (input.total === 0) {
		sentences.push(`${span}没有收集到问题。`);
	} else {
		const vsPrevious =
			input.previousTotal === 0
				? `（${previous}无数据）`
				: changeText(input.total, input.previousTotal) === '持平'
					? `，与${previous}（${count(input.previousTotal)} 个）持平`
					: `，较${previous}（${count(input.previousTotal)} 个）${changeText(input.total, input.previousTotal)}`;
		sentences.push(`${span}共收集问题 ${count(input.total)} 个${vsPrevious}。`);

		const [first, second, third] = input.themes.filter((t) => t.count > 0);
		if (first) {
			const part = (t: { label: string; count: number }) =>
				`${t.label}（${count(t.count)} 个，占 ${percentText(t.count / input.total)}%）`;
			let text = `${first.label}类问题最多（${count(first.count)} 个，占 ${percentText(first.count / input.total)}%）`;
			if (second) text += `，其次是${part(second)}`;
			if (third) text += `和${part(third)}`;
			sentences.push(`${text}。`);
		}

		if (input.closure.value !== null) {
			let text = `已办结 ${count(input.closure.num)} 个，办结率 ${percentText(input.closure.value)}%`;
			if (input.previousClosure.value !== null) {
				const points = pointsText(input.closure.value, input.previousClosure.value);
				text += points === '持平' ? `，与${previous}持平` : `，较${previous}${points}`;
			}
			sentences.push(`${text}。`);
		}
	}

	const overdue = input.overdueUnits.reduce((sum, u) => sum + u.count, 0);
	if (overdue > 0) {
		const named = input.overdueUnits.filter((u) => u.unit !== null);
		const unnamed = overdue - named.reduce((sum, u) => sum + u.count, 0);
		let text = `${current}问题中超期未办结 ${count(overdue)} 个`;
		if (named.length) {
			text += `，涉及 ${count(named.length)} 个责任单位，其中${named[0].unit}最多（${count(named[0].count)} 个）`;
		}
		if (unnamed > 0) text += `，${count(unnamed)} 个未填写责任单位`;
		sentences.push(`${text}。`);
	} else if (input.total > 0) {
		sentences.push(`${current}问题中没有超期未办结的。`);
	}

	// Theme heat is a theme's share of the period against its share of the previous one: with the
	// whole volume falling, a theme can rise while its count falls.
	const rising = input.themeHeat
		.filter((t): t is typeof t & { change: number } => t.change !== null && t.change > 0)
		.sort((a, b) => b.change - a.change || b.count - a.count);
	if (rising.length && pointsText(rising[0].change, 0) !== '持平') {
		const top = rising[0];
		sentences.push(
			`热度上升最快的是${top.label}（${count(top.count)} 个，占 ${percentText(top.share ?? 0)}%，较${previous}${pointsText(top.change, 0)}）。`
		);
	}

	const backlog: string[] = [];
	if (input.openBottlenecks > 0)
		backlog.push(`瓶颈问题尚有 ${count(input.openBottlenecks)} 个未解决`);
	if (input.stalled.total > 0) {
		let text = `搁浅问题 ${count(input.stalled.total)} 个`;
		if (input.stalled.longestDays !== null) {
			text += `，等待最久的已 ${count(input.stalled.longestDays)} 天`;
		}
		backlog.push(text);
	}
	if (backlog.length) sentences.push(`${backlog.join('；')}。`);
	return sentences;
}

/** The report's summary paragraph. */
export function summaryParagraph(input: ReportTextInput): string {
	return reportSentences(input, REPORT_WORDS).join('');
}

/** The weekly brief as plain text for a chat group: a title line, then one sentence per line. */
export function weeklyBrief(input: ReportTextInput, title: string): string {
	const lines = reportSentences(input, WEEK_WORDS);
	return [`【${title}】${input.period.from} 至 ${input.period.to}`, ...lines].join('\n') + '\n';
}
