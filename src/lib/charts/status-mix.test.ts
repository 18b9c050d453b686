import { expect, test } from 'vitest';
import { PALETTES } from './palette';
import {
	statusMixHitToFilter,
	statusMixOption,
	statusMixTable,
	type StatusMixData
} from './status-mix';
import {
	categoryLabels,
	context,
	ESCAPED,
	HOSTILE,
	seriesLabel,
	tooltipHtml,
	view
} from './test-support';
import type { EChartsCoreOption } from 'echarts/core';

const data: StatusMixData = {
	types: [
		{ code: 'open', label: '未办结' },
		{ code: 'fixed', label: '已整改' },
		{ code: 'closed', label: '已关闭' }
	],
	statuses: [
		{ code: 'in_progress', label: '整改中', type: 'open', value: 300 },
		{ code: 'stalled', label: '搁浅', type: 'open', value: 10 },
		{ code: 'verified', label: '已销号', type: 'fixed', value: 590 },
		{ code: 'referred', label: '已转办', type: 'closed', value: 100 }
	]
};
const ctx = context({ statusType: '状态类型', status: '状态', total: '合计' });

test('one stacked series per status, filling only its own type row', () => {
	const o = view(statusMixOption(data, ctx));
	expect(o.series.map((s) => [s.id, s.name, s.stack])).toEqual([
		['in_progress', '整改中', 'types'],
		['stalled', '搁浅', 'types'],
		['verified', '已销号', 'types'],
		['referred', '已转办', 'types']
	]);
	const verified = o.series[2];
	expect(verified.data[0]).toBe('-');
	expect(verified.data[1]).toMatchObject({
		value: 590,
		filters: [{ key: 'statuses', value: 'verified' }]
	});
	expect(verified.data[2]).toBe('-');
	expect(o.legend?.data).toEqual(['整改中', '搁浅', '已销号', '已转办']);
});

test('type rows are labelled with their totals and shares, open on top', () => {
	const o = view(statusMixOption(data, ctx));
	expect(o.yAxis).toMatchObject({
		data: ['open', 'fixed', 'closed'],
		inverse: true,
		triggerEvent: true
	});
	expect(categoryLabels(o.yAxis)).toEqual([
		'未办结\n310 · 31.0%',
		'已整改\n590 · 59.0%',
		'已关闭\n100 · 10.0%'
	]);
});

test('status colours keep the meaning of their type; small segments carry no number', () => {
	const o = view(statusMixOption(data, ctx));
	const colour = (i: number) => o.series[i].itemStyle?.color;
	expect(colour(1)).toBe(PALETTES.light.status.stalled);
	expect(colour(2)).toBe(PALETTES.light.status.verified);
	expect(colour(3)).toBe(PALETTES.light.status.referred);
	// An unknown status takes a shade of its type.
	const custom = view(
		statusMixOption(
			{ ...data, statuses: [{ code: 'parked', label: '暂存', type: 'fixed', value: 5 }] },
			ctx
		)
	);
	expect(PALETTES.light.statusShades.fixed).toContain(custom.series[0].itemStyle?.color);
	expect(o.series[0].label?.show).toBe(true);
	expect(seriesLabel(o.series[0], 0)).toBe('300');
	expect(o.series[1].label?.show).toBe(false);
});

test('the legend rows get room on a phone through a media rule', () => {
	const option = statusMixOption(data, ctx) as EChartsCoreOption & {
		media: { query: { maxWidth: number }; option: { grid: { bottom: number } } }[];
	};
	expect(option.media[0].query.maxWidth).toBe(560);
	expect(option.media[0].option.grid.bottom).toBeGreaterThanOrEqual(view(option).grid?.bottom ?? 0);
});

test('the tooltip escapes type and status labels', () => {
	const hostile: StatusMixData = {
		types: [{ code: 'open', label: HOSTILE }],
		statuses: [{ code: 'x', label: HOSTILE, type: 'open', value: 4 }]
	};
	const option = statusMixOption(hostile, ctx);
	const html = tooltipHtml(option, { data: view(option).series[0].data[0], dataIndex: 0 });
	expect(html).toContain(`${ESCAPED} · ${ESCAPED}`);
	expect(html).not.toContain('<script>');
	expect(html).toContain('100.0%');
});

test('statusMixTable lists each status and a total row per type', () => {
	expect(statusMixTable(data, ctx)).toMatchObject({
		columns: ['状态类型', '状态', '数量', '占比'],
		rows: [
			['未办结', '整改中', 300, '30.0%'],
			['未办结', '搁浅', 10, '1.0%'],
			['未办结', '合计', 310, '31.0%'],
			['已整改', '已销号', 590, '59.0%'],
			['已整改', '合计', 590, '59.0%'],
			['已关闭', '已转办', 100, '10.0%'],
			['已关闭', '合计', 100, '10.0%']
		]
	});
	// A status row lists that status, a type's total row that type.
	const { drills } = statusMixTable(data, ctx);
	expect(drills?.[1][2]).toEqual({ count: 10, hits: [{ key: 'statuses', value: 'stalled' }] });
	expect(drills?.[2][2]).toEqual({ count: 310, hits: [{ key: 'statusTypes', value: 'open' }] });
});

test('a segment filters by status, a type label by status type', () => {
	const o = view(statusMixOption(data, ctx));
	expect(statusMixHitToFilter({ componentType: 'series', data: o.series[1].data[0] })).toEqual({
		key: 'statuses',
		value: 'stalled'
	});
	expect(
		statusMixHitToFilter({ componentType: 'yAxis', targetType: 'axisLabel', value: 'fixed' })
	).toEqual({ key: 'statusTypes', value: 'fixed' });
	expect(
		statusMixHitToFilter({ componentType: 'yAxis', targetType: 'axisLabel', value: 'odd' })
	).toBeNull();
});
