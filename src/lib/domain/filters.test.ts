import { describe, expect, it } from 'vitest';
import {
	EMPTY_FILTERS,
	filtersToParams,
	hasFilter,
	parseFilters,
	validateFilters,
	withFilter,
	withoutFilter,
	type Filters
} from './filters';

const full: Filters = {
	from: '2019-01-01',
	to: '2019-12-31',
	communities: ['云南路社区', '寿张路社区'],
	themes: ['safety', 'property_safety'],
	statuses: ['stalled'],
	statusTypes: ['open', 'closed'],
	levels: ['life'],
	reporterTypes: ['party_member', 'residents_rep'],
	responsibleUnits: ['城市管理办公室'],
	satisfactions: ['unsatisfied', '_none'],
	bottleneck: true,
	overdue: true,
	q: '停车 难',
	asOf: '2019-12-15'
};

function parse(query: string) {
	return parseFilters(new URLSearchParams(query));
}

function failure(query: string): string {
	const result = parse(query);
	expect(result.ok).toBe(false);
	return result.ok ? '' : result.message;
}

/** What an error message must never show: SQL, or the rejected value itself. */
function expectNoSql(message: string, value?: string): void {
	expect(message).toMatch(/[\u4e00-\u9fff]/);
	expect(message).not.toMatch(/\b(select|where|join|ilike|list_contains|varchar|duckdb)\b/i);
	expect(message).not.toMatch(/\$f_|::/);
	if (value) expect(message).not.toContain(value);
}

describe('parseFilters and filtersToParams', () => {
	it('round-trip every filter through the URL', () => {
		const params = filtersToParams(full);
		const back = parseFilters(new URLSearchParams(params.toString()));
		expect(back).toEqual({ ok: true, filters: full });
	});

	it('write lists as repeated parameters with short names', () => {
		const params = filtersToParams(full);
		expect(params.getAll('community')).toEqual(['云南路社区', '寿张路社区']);
		expect(params.getAll('theme')).toEqual(['safety', 'property_safety']);
		expect(params.getAll('type')).toEqual(['open', 'closed']);
		expect(params.getAll('reporter')).toEqual(['party_member', 'residents_rep']);
		expect(params.get('unit')).toBe('城市管理办公室');
		expect(params.get('asof')).toBe('2019-12-15');
		expect(params.get('bottleneck')).toBe('1');
	});

	it('leave empty and default values out of the URL', () => {
		expect(filtersToParams(EMPTY_FILTERS).toString()).toBe('');
		expect(filtersToParams({ themes: [], bottleneck: false, q: '' }).toString()).toBe('');
	});

	it('read repeated list parameters in order and skip empty ones', () => {
		const r = parse('theme=safety&theme=&theme=other&community=云南路社区&community=寿张路社区');
		expect(r).toEqual({
			ok: true,
			filters: {
				...EMPTY_FILTERS,
				themes: ['safety', 'other'],
				communities: ['云南路社区', '寿张路社区']
			}
		});
	});

	it('read an empty query as no filter at all', () => {
		expect(parse('')).toEqual({ ok: true, filters: EMPTY_FILTERS });
		expect(EMPTY_FILTERS).toMatchObject({ communities: [], bottleneck: false, overdue: false });
		expect(EMPTY_FILTERS.q).toBeUndefined();
	});

	it('read flags as 1 or true, and anything else as off', () => {
		const flags = (q: string) => {
			const r = parse(q);
			return r.ok ? [r.filters.bottleneck, r.filters.overdue] : null;
		};
		expect(flags('bottleneck=1&overdue=true')).toEqual([true, true]);
		expect(flags('bottleneck=0&overdue=false')).toEqual([false, false]);
		expect(flags('bottleneck=&overdue=yes')).toEqual([false, false]);
		expect(flags('')).toEqual([false, false]);
	});

	it('trim names and search text', () => {
		const r = parse('community=%20云南路社区%20&q=%20%20停车%20');
		expect(r.ok && [r.filters.communities, r.filters.q]).toEqual([['云南路社区'], '停车']);
	});

	it('keep lists of different parses apart', () => {
		const a = parse('');
		const b = parse('');
		if (!a.ok || !b.ok) throw new Error('unexpected');
		a.filters.themes.push('safety');
		expect(b.filters.themes).toEqual([]);
		expect(EMPTY_FILTERS.themes).toEqual([]);
	});
});

describe('invalid filters', () => {
	it.each([
		['from=2019-13-01', 'from'],
		['to=yesterday', 'to'],
		['from=2019-02-30', 'from'],
		['asof=2019-2-3', 'asof']
	])('%s is a bad date, named by its parameter', (query, param) => {
		const message = failure(query);
		expect(message).toContain(`参数“${param}”`);
		expect(message).toContain('YYYY-MM-DD');
		expectNoSql(message);
	});

	it('refuse a period that ends before it starts, naming the parameter', () => {
		const message = failure('from=2019-06-01&to=2019-05-31');
		expect(message).toContain('参数“from”');
		expect(message).toContain('开始日期不能晚于结束日期');
		expectNoSql(message);
	});

	it('accept a one-day period', () => {
		expect(parse('from=2019-06-01&to=2019-06-01').ok).toBe(true);
	});

	it('refuse a theme code with spaces or SQL in it', () => {
		for (const bad of ['property safety', "x' OR 1=1 --", 'Safety', '安全']) {
			const message = failure(new URLSearchParams({ theme: bad }).toString());
			expect(message).toContain('参数“theme”');
			expectNoSql(message, bad);
		}
	});

	it('accept codes with digits, as an imported taxonomy may have', () => {
		expect(parse('theme=hotline_12345').ok).toBe(true);
	});

	it('refuse an unknown status type', () => {
		const message = failure('type=done');
		expect(message).toContain('参数“type”');
		expectNoSql(message);
	});

	it('refuse more than 100 communities', () => {
		const params = new URLSearchParams();
		for (let i = 0; i < 101; i++) params.append('community', `社区${i}`);
		const message = failure(params.toString());
		expect(message).toContain('参数“community”');
		expect(message).toContain('100');
		expectNoSql(message);
		params.delete('community');
		for (let i = 0; i < 100; i++) params.append('community', `社区${i}`);
		expect(parseFilters(params).ok).toBe(true);
	});

	it('refuse a name longer than 100 characters', () => {
		const message = failure(new URLSearchParams({ unit: '办'.repeat(101) }).toString());
		expect(message).toContain('参数“unit”');
		expectNoSql(message);
	});

	it('refuse a search text of 300 characters', () => {
		const q = '停'.repeat(300);
		const message = failure(new URLSearchParams({ q }).toString());
		expect(message).toContain('参数“q”');
		expect(message).toContain('200');
		expectNoSql(message, q);
	});
});

describe('validateFilters', () => {
	it('validates a JSON body with the same rules', () => {
		expect(validateFilters({ themes: ['safety'] })).toEqual({
			ok: true,
			filters: { ...EMPTY_FILTERS, themes: ['safety'] }
		});
		const bad = validateFilters({ themes: ['safety'], sql: 'DROP TABLE problems' });
		expect(bad.ok).toBe(false);
		if (!bad.ok) {
			expect(bad.message).toContain('参数“sql”');
			expectNoSql(bad.message, 'DROP TABLE');
		}
	});
});

describe('withFilter, withoutFilter, hasFilter', () => {
	it('add a clicked value once and take it away again', () => {
		const one = withFilter(EMPTY_FILTERS, 'themes', 'safety');
		expect(one.themes).toEqual(['safety']);
		expect(withFilter(one, 'themes', 'safety')).toBe(one);
		expect(hasFilter(one, 'themes', 'safety')).toBe(true);
		const none = withoutFilter(one, 'themes', 'safety');
		expect(none.themes).toEqual([]);
		expect(hasFilter(none, 'themes', 'safety')).toBe(false);
		expect(EMPTY_FILTERS.themes).toEqual([]);
	});
});
