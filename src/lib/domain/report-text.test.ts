import { describe, expect, it } from 'vitest';
import { rate } from './figures';
import {
	percentText,
	reportSentences,
	summaryParagraph,
	weeklyBrief,
	type ReportTextInput
} from './report-text';

const base: ReportTextInput = {
	period: { from: '2019-01-01', to: '2019-12-31' },
	total: 200,
	previousTotal: 160,
	themes: [
		{ label: '营商环境', count: 50 },
		{ label: '安全生产', count: 30 },
		{ label: '干部能力', count: 20 },
		{ label: '其他', count: 10 }
	],
	// Shares of 200 now and of 160 before: 营商环境 25 % (15.6 %), 干部能力 10 % (5 %).
	themeHeat: [
		{ label: '营商环境', count: 50, previousCount: 25, share: 0.25, change: 0.25 - 25 / 160 },
		{ label: '安全生产', count: 30, previousCount: 40, share: 0.15, change: 0.15 - 0.25 },
		{ label: '干部能力', count: 20, previousCount: 8, share: 0.1, change: 0.1 - 0.05 }
	],
	closure: rate(120, 200),
	previousClosure: rate(80, 160),
	overdueUnits: [
		{ unit: '城管科', count: 7 },
		{ unit: null, count: 3 },
		{ unit: '安监办', count: 2 }
	],
	openBottlenecks: 4,
	stalled: { total: 2, longestDays: 310 }
};

describe('percentText', () => {
	it('gives at most one decimal and no trailing .0', () => {
		expect(percentText(0.125)).toBe('12.5');
		expect(percentText(0.2)).toBe('20');
		expect(percentText(1 / 3)).toBe('33.3');
		expect(percentText(-0.276)).toBe('27.6');
		expect(percentText(0.9996)).toBe('100');
	});
});

describe('the summary paragraph', () => {
	it('writes every figure from the input', () => {
		expect(summaryParagraph(base)).toBe(
			'本期（2019-01-01 至 2019-12-31）共收集问题 200 个，较上期（160 个）增加 25%。' +
				'营商环境类问题最多（50 个，占 25%），其次是安全生产（30 个，占 15%）和干部能力（20 个，占 10%）。' +
				'已办结 120 个，办结率 60%，较上期上升 10 个百分点。' +
				'本期问题中超期未办结 12 个，涉及 2 个责任单位，其中城管科最多（7 个），3 个未填写责任单位。' +
				'热度上升最快的是营商环境（50 个，占 25%，较上期上升 9.4 个百分点）。' +
				'瓶颈问题尚有 4 个未解决；搁浅问题 2 个，等待最久的已 310 天。'
		);
	});

	it('says so when there is nothing to compare with, or nothing at all', () => {
		const none = {
			...base,
			total: 0,
			previousTotal: 0,
			themes: [],
			themeHeat: [],
			closure: rate(0, 0),
			previousClosure: rate(0, 0),
			overdueUnits: [],
			openBottlenecks: 0,
			stalled: { total: 0, longestDays: null }
		};
		expect(summaryParagraph(none)).toBe('本期（2019-01-01 至 2019-12-31）没有收集到问题。');
		const first = { ...none, total: 5, closure: rate(5, 5), themes: [{ label: '其他', count: 5 }] };
		expect(reportSentences(first)).toEqual([
			'本期（2019-01-01 至 2019-12-31）共收集问题 5 个（上期无数据）。',
			'其他类问题最多（5 个，占 100%）。',
			'已办结 5 个，办结率 100%。',
			'本期问题中没有超期未办结的。'
		]);
	});

	it('calls an unchanged total and rate 持平, and a tiny change by its direction', () => {
		const flat = { ...base, previousTotal: 200, previousClosure: rate(60, 100) };
		const [total, , closure] = reportSentences(flat);
		expect(total).toContain('与上期（200 个）持平');
		expect(closure).toBe('已办结 120 个，办结率 60%，与上期持平。');
		expect(reportSentences({ ...base, previousTotal: 199_999, total: 200_000 })[0]).toContain(
			'增加 不到 0.1%'
		);
	});
});

describe('the weekly brief', () => {
	it('is the same sentences for the week, one per line under a title', () => {
		const text = weeklyBrief(base, '云南路街道问题周报');
		const lines = text.trimEnd().split('\n');
		expect(lines[0]).toBe('【云南路街道问题周报】2019-01-01 至 2019-12-31');
		expect(lines[1]).toBe(
			'本周（2019-01-01 至 2019-12-31）共收集问题 200 个，较上周（160 个）增加 25%。'
		);
		expect(lines).toHaveLength(reportSentences(base).length + 1);
		expect(text.endsWith('\n')).toBe(true);
	});
});
