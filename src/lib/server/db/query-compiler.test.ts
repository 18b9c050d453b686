import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NONE } from '../../domain/dimensions';
import { EMPTY_FILTERS, type Filters } from '../../domain/filters';
import { statusCodesOf, type StatusCodes } from '../../domain/vocabulary';
import { LedgerDatabase } from './database';
import {
	compileFilters,
	escapeLike,
	PROBLEMS_FROM,
	readStatusCodes,
	type CompileOptions
} from './query-compiler';

let db: LedgerDatabase;

// id, community, theme, status, level, reporter_type, responsible_unit, reported_at, deadline,
// is_bottleneck, title, description, suggestion
type Fixture = [
	string,
	string,
	string,
	string,
	string | null,
	string | null,
	string | null,
	string,
	string | null,
	boolean | null,
	string | null,
	string,
	string | null
];

const ROWS: Fixture[] = [
	[
		'01',
		'云南路社区',
		'safety',
		'pending',
		'thought',
		'party_member',
		'城管办',
		'2019-01-10',
		'2019-02-01',
		true,
		'楼道堆物',
		'消防通道堵塞',
		null
	],
	[
		'02',
		'云南路社区',
		'safety',
		'resolved',
		'work',
		'residents_rep',
		'城管办',
		'2019-03-05',
		'2019-04-01',
		false,
		null,
		'燃气管道老化，100% 需要更换',
		'尽快更换'
	],
	[
		'03',
		'寿张路社区',
		'property_safety',
		'in_progress',
		'life',
		'party_member',
		'物业办',
		'2019-05-20',
		'2020-01-31',
		false,
		'停车难',
		'小区停车位不足',
		'增设_车位'
	],
	[
		'04',
		'寿张路社区',
		'other',
		'stalled',
		null,
		null,
		null,
		'2018-12-31',
		null,
		true,
		null,
		"描述里写着 ' OR 1=1 -- 这几个字",
		null
	],
	[
		'05',
		'广州路社区',
		'business_environment',
		'verified',
		'work',
		'enterprise',
		'经发办',
		'2019-07-01',
		'2019-08-01',
		null,
		'Wi-Fi 覆盖',
		'WIFI signal weak',
		null
	],
	[
		'06',
		'广州路社区',
		'safety',
		'duplicate',
		'life',
		'residents_rep',
		'城管办',
		'2019-07-02',
		'2019-07-10',
		false,
		null,
		'同 01：楼道堆物',
		null
	],
	[
		'07',
		'四川路社区',
		'cadre_ability',
		'not_adopted',
		'thought',
		'congress_deputy',
		'组织办',
		'2019-09-09',
		'2019-10-01',
		false,
		null,
		'干部培训少',
		null
	],
	[
		'08',
		'四川路社区',
		'organization_building',
		'ongoing',
		'thought',
		'party_member',
		'组织办',
		'2019-04-01',
		'2019-06-30',
		true,
		null,
		'支部活动 axb 形式单一',
		null
	],
	[
		'09',
		'云南路社区',
		'safety',
		'withdrawn',
		'life',
		'other',
		'城管办',
		'2019-11-30',
		'2019-12-01',
		false,
		null,
		'已撤回的问题',
		null
	],
	[
		'10',
		'新华路社区',
		'service_innovation',
		'assigned',
		'life',
		'residents_rep',
		'民政办',
		'2019-12-31',
		'2019-12-31',
		false,
		'a_b 事项',
		'便民服务窗口少',
		'50%时间延长'
	],
	[
		'11',
		'新华路社区',
		'service_innovation',
		'referred',
		'work',
		'social_organisation',
		'民政办',
		'2020-01-02',
		null,
		false,
		null,
		'路径 C:\\temp 无法访问',
		null
	],
	[
		'12',
		'新华路社区',
		'old_town_renewal',
		'in_progress',
		'work',
		'party_member',
		"城建办'; DROP TABLE problems; --",
		'2019-08-15',
		'2019-09-15',
		false,
		null,
		'旧改签约率低 50元',
		null
	]
];

beforeAll(async () => {
	db = await LedgerDatabase.open(':memory:');
	for (const r of ROWS) {
		await db.all(
			`INSERT INTO problems (problem_id, community, theme, status, level, reporter_type,
				responsible_unit, reported_at, deadline, is_bottleneck, title, description, suggestion,
				id_derived, theme_source, first_upload_id, last_upload_id, source_row)
			 VALUES ($1, $2, $3, $4, $5, $6, $7, $8::DATE, $9::DATE, $10, $11, $12, $13, false, 'file', 1, 1, 2)`,
			r
		);
	}
});

afterAll(() => db.close());

const ASOF = '2019-12-31';

function filters(partial: Partial<Filters>): Filters {
	return { ...EMPTY_FILTERS, ...partial };
}

/** Problem ids the compiled filter selects. */
async function compiled(partial: Partial<Filters>, opts: Partial<CompileOptions> = {}) {
	const { where, params } = compileFilters(filters(partial), { asOf: ASOF, scope: null, ...opts });
	const rows = await db.all<{ id: string }>(
		`SELECT p.problem_id AS id FROM ${PROBLEMS_FROM} WHERE ${where} ORDER BY 1`,
		params
	);
	return rows.map((r) => r.id);
}

/** Problem ids an independent, hand-written query selects (literal SQL, written here). */
async function expected(where: string): Promise<string[]> {
	const rows = await db.all<{ id: string }>(
		`SELECT problem_id AS id FROM problems WHERE ${where} ORDER BY 1`
	);
	return rows.map((r) => r.id);
}

describe('compileFilters narrows exactly as a hand-written query does', () => {
	it('selects everything without a filter', async () => {
		expect(compileFilters(EMPTY_FILTERS, { asOf: ASOF, scope: null })).toEqual({
			where: 'true',
			params: {}
		});
		expect(await compiled({})).toHaveLength(ROWS.length);
	});

	it.each<[string, Partial<Filters>, string]>([
		[
			'communities',
			{ communities: ['寿张路社区', '四川路社区'] },
			"community IN ('寿张路社区', '四川路社区')"
		],
		['one community', { communities: ['新华路社区'] }, "community = '新华路社区'"],
		['themes', { themes: ['safety'] }, "theme = 'safety'"],
		['statuses', { statuses: ['in_progress', 'stalled'] }, "status IN ('in_progress', 'stalled')"],
		[
			'status types',
			{ statusTypes: ['closed'] },
			"status IN ('not_adopted', 'referred', 'duplicate', 'withdrawn')"
		],
		['levels', { levels: ['thought'] }, "level = 'thought'"],
		[
			'reporter types',
			{ reporterTypes: ['party_member', 'enterprise'] },
			"reporter_type IN ('party_member', 'enterprise')"
		],
		['responsible units', { responsibleUnits: ['民政办'] }, "responsible_unit = '民政办'"],
		['bottleneck', { bottleneck: true }, 'is_bottleneck IS TRUE'],
		[
			'overdue',
			{ overdue: true },
			"status IN ('pending', 'assigned', 'in_progress', 'ongoing', 'stalled') AND deadline < DATE '2019-12-31'"
		],
		['from', { from: '2019-07-01' }, "reported_at >= DATE '2019-07-01'"],
		['to', { to: '2019-03-05' }, "reported_at <= DATE '2019-03-05'"],
		[
			'period',
			{ from: '2019-03-05', to: '2019-07-01' },
			"reported_at BETWEEN DATE '2019-03-05' AND DATE '2019-07-01'"
		],
		[
			'several dimensions at once',
			{ communities: ['云南路社区', '四川路社区'], levels: ['thought', 'life'], bottleneck: true },
			"community IN ('云南路社区', '四川路社区') AND level IN ('thought', 'life') AND is_bottleneck"
		]
	])('%s', async (_, partial, where) => {
		const want = await expected(where);
		expect(want.length).toBeGreaterThan(0);
		expect(want.length).toBeLessThan(ROWS.length);
		expect(await compiled(partial)).toEqual(want);
	});

	it('filters by satisfaction, a dimension that may be empty', async () => {
		await db.all(
			"UPDATE problems SET satisfaction = CASE problem_id WHEN '02' THEN 'satisfied' WHEN '05' THEN 'unsatisfied' WHEN '08' THEN 'satisfied' END"
		);
		try {
			expect(await compiled({ satisfactions: ['satisfied'] })).toEqual(
				await expected("satisfaction = 'satisfied'")
			);
			expect(await compiled({ satisfactions: ['unsatisfied', NONE] })).toEqual(
				await expected("satisfaction IS NULL OR satisfaction = 'unsatisfied'")
			);
			expect(await compiled({ satisfactions: ['satisfied'] })).toEqual(['02', '08']);
		} finally {
			await db.all('UPDATE problems SET satisfaction = NULL');
		}
	});

	it('measures overdue at the as-of day it is given', async () => {
		expect(await compiled({ overdue: true }, { asOf: '2019-06-01' })).toEqual(
			await expected(
				"status IN ('pending', 'assigned', 'in_progress', 'ongoing', 'stalled') AND deadline < DATE '2019-06-01'"
			)
		);
	});

	it('takes an explicit period instead of from/to, and none at all for null', async () => {
		const f = { from: '2019-07-01', to: '2019-07-31', themes: ['safety'] };
		expect(await compiled(f, { period: { from: '2019-01-01', to: '2019-03-31' } })).toEqual(
			await expected(
				"theme = 'safety' AND reported_at BETWEEN DATE '2019-01-01' AND DATE '2019-03-31'"
			)
		);
		expect(await compiled(f, { period: null })).toEqual(await expected("theme = 'safety'"));
	});

	it('searches title, description and suggestion, ignoring case', async () => {
		expect(await compiled({ q: '楼道' })).toEqual(['01', '06']);
		expect(await compiled({ q: '车位' })).toEqual(['03']);
		expect(await compiled({ q: '更换' })).toEqual(['02']);
		expect(await compiled({ q: 'wi-fi' })).toEqual(['05']);
		expect(await compiled({ q: 'wifi SIGNAL' })).toEqual(['05']);
	});
});

describe('search text matches only literally', () => {
	it.each<[string, string[]]>([
		['%', ['02', '10']],
		['50%', ['10']],
		['_', ['03', '10']],
		['a_b', ['10']],
		["' OR 1=1 --", ['04']],
		["' or 1=1 --", ['04']],
		['\\', ['11']],
		['C:\\TEMP', ['11']],
		['%%', []],
		["'; DROP TABLE problems; --", []]
	])('%s', async (q, ids) => {
		expect(await compiled({ q })).toEqual(ids);
		const [{ n }] = await db.all<{ n: number }>('SELECT count(*)::INTEGER AS n FROM problems');
		expect(n).toBe(ROWS.length);
	});

	it('escapes the wildcards and the escape character', () => {
		expect(escapeLike('50%_a\\b')).toBe('50\\%\\_a\\\\b');
	});
});

describe("an account's community scope", () => {
	it('narrows to its communities, whatever the community filter asks for', async () => {
		const yunnan = await expected("community = '云南路社区'");
		expect(yunnan.length).toBeGreaterThan(0);
		expect(await compiled({}, { scope: ['云南路社区'] })).toEqual(yunnan);
		// A filter naming a community outside the scope finds nothing, not that community.
		expect(await compiled({ communities: ['寿张路社区'] }, { scope: ['云南路社区'] })).toEqual([]);
		expect(
			await compiled({ communities: ['寿张路社区', '云南路社区'] }, { scope: ['云南路社区'] })
		).toEqual(yunnan);
		expect(await compiled({ themes: ['safety'] }, { scope: ['云南路社区', '四川路社区'] })).toEqual(
			await expected("community IN ('云南路社区', '四川路社区') AND theme = 'safety'")
		);
	});

	it('matches nothing for an empty scope (fail closed), with or without filters', async () => {
		expect(await compiled({}, { scope: [] })).toEqual([]);
		expect(await compiled({ communities: ['云南路社区'] }, { scope: [] })).toEqual([]);
		const { where, params } = compileFilters(EMPTY_FILTERS, { asOf: ASOF, scope: [] });
		expect(params).toEqual({ f_scope: '[]' });
		expect(where).toBe('list_contains($f_scope::JSON::VARCHAR[], p.community)');
	});

	it('adds nothing for the whole street (null), and binds the scope as a parameter', () => {
		expect(compileFilters(EMPTY_FILTERS, { asOf: ASOF, scope: null }).params).toEqual({});
		const hostile = ["云南路社区'; DROP TABLE problems; --"];
		const { where, params } = compileFilters(EMPTY_FILTERS, { asOf: ASOF, scope: hostile });
		expect(where).not.toContain('DROP');
		expect(JSON.parse(String(params.f_scope))).toEqual(hostile);
	});

	it('holds without the statuses join too', async () => {
		const statuses = await readStatusCodes(db);
		const { where, params } = compileFilters(filters({ statusTypes: ['open'] }), {
			asOf: ASOF,
			scope: ['云南路社区'],
			statuses
		});
		const rows = await db.all<{ id: string }>(
			`SELECT p.problem_id AS id FROM problems p WHERE ${where} ORDER BY 1`,
			params
		);
		expect(rows.map((r) => r.id)).toEqual(
			await expected(
				"community = '云南路社区' AND status IN ('pending', 'assigned', 'in_progress', 'ongoing', 'stalled')"
			)
		);
	});
});

describe('the SQL text', () => {
	const hostile: Filters = filters({
		from: '2019-01-01',
		to: '2019-12-31',
		communities: ["云南路社区'; DROP TABLE problems; --"],
		themes: ['zz_theme_value'],
		statuses: ['zz_status_value'],
		statusTypes: ['fixed'],
		levels: ['zz_level_value'],
		reporterTypes: ['zz_reporter_value'],
		responsibleUnits: ['单位 $1 ::VARCHAR'],
		bottleneck: true,
		overdue: true,
		q: "' OR 1=1 --"
	});

	it('never contains a filter value; every value is a parameter', () => {
		for (const period of [undefined, null, { from: '2017-02-03', to: '2017-04-05' }]) {
			const { where, params } = compileFilters(hostile, {
				asOf: '2016-06-07',
				period,
				scope: null
			});
			for (const value of [
				...hostile.communities,
				...hostile.themes,
				...hostile.statuses,
				...hostile.levels,
				...hostile.reporterTypes,
				...hostile.responsibleUnits,
				'2019-01-01',
				'2019-12-31',
				'2017-02-03',
				'2016-06-07',
				'1=1',
				'DROP'
			]) {
				expect(where).not.toContain(value);
			}
			expect(where).not.toMatch(/'fixed'/);
			expect(Object.values(params).join('\n')).toContain('DROP TABLE problems');
		}
	});

	it('runs against the database with hostile values and finds nothing', async () => {
		const { where, params } = compileFilters(hostile, { asOf: ASOF, scope: null });
		const rows = await db.all(`SELECT * FROM ${PROBLEMS_FROM} WHERE ${where}`, params);
		expect(rows).toEqual([]);
	});

	it('binds only the parameters it uses (DuckDB refuses unused ones)', () => {
		expect(
			Object.keys(
				compileFilters(filters({ themes: ['safety'] }), { asOf: ASOF, scope: null }).params
			)
		).toEqual(['f_themes']);
		expect(
			Object.keys(
				compileFilters(filters({ overdue: true, q: '停车' }), { asOf: ASOF, scope: null }).params
			).sort()
		).toEqual(['f_asOf', 'f_q']);
	});
});

describe('given the status codes, the condition needs no statuses join', () => {
	let statuses: StatusCodes;
	beforeAll(async () => {
		statuses = await readStatusCodes(db);
	});

	/** Problem ids the compiled filter selects from `problems p` alone. */
	async function alone(partial: Partial<Filters>, opts: Partial<CompileOptions> = {}) {
		const { where, params } = compileFilters(filters(partial), {
			asOf: ASOF,
			scope: null,
			statuses,
			...opts
		});
		const rows = await db.all<{ id: string }>(
			`SELECT p.problem_id AS id FROM problems p WHERE ${where} ORDER BY 1`,
			params
		);
		return rows.map((r) => r.id);
	}

	it('reads the codes of each type, and those in rates, from the statuses table', () => {
		expect(statuses).toEqual({
			open: ['pending', 'assigned', 'in_progress', 'ongoing', 'stalled'],
			fixed: ['resolved', 'verified'],
			closed: ['not_adopted', 'referred', 'duplicate', 'withdrawn'],
			inRates: [
				'pending',
				'assigned',
				'in_progress',
				'ongoing',
				'stalled',
				'resolved',
				'verified',
				'not_adopted',
				'referred'
			]
		});
	});

	it.each<[string, Partial<Filters>, string]>([
		[
			'status types',
			{ statusTypes: ['closed'] },
			"status IN ('not_adopted', 'referred', 'duplicate', 'withdrawn')"
		],
		[
			'two status types',
			{ statusTypes: ['open', 'fixed'] },
			"status IN ('pending', 'assigned', 'in_progress', 'ongoing', 'stalled', 'resolved', 'verified')"
		],
		[
			'overdue',
			{ overdue: true },
			"status IN ('pending', 'assigned', 'in_progress', 'ongoing', 'stalled') AND deadline < DATE '2019-12-31'"
		],
		[
			'status types with other dimensions',
			{ statusTypes: ['open'], themes: ['safety'], bottleneck: true },
			"status IN ('pending', 'assigned', 'in_progress', 'ongoing', 'stalled') AND theme = 'safety' AND is_bottleneck"
		],
		[
			'the population V (every status but duplicate and withdrawn)',
			{ population: 'valid', themes: ['safety'] },
			"status NOT IN ('duplicate', 'withdrawn') AND theme = 'safety'"
		],
		[
			'the open population at the as-of day, whatever the period',
			{ population: 'open', to: '2019-06-30' },
			"status IN ('pending', 'assigned', 'in_progress', 'ongoing', 'stalled') AND reported_at <= DATE '2019-06-30'"
		],
		['"not given" of a field that may be empty', { levels: [NONE] }, 'level IS NULL'],
		[
			'"not given" with values',
			{ reporterTypes: [NONE, 'enterprise'], responsibleUnits: [NONE, '民政办'] },
			"(reporter_type IS NULL OR reporter_type = 'enterprise') AND (responsible_unit IS NULL OR responsible_unit = '民政办')"
		]
	])('%s', async (_, partial, where) => {
		const want = await expected(where);
		expect(want.length).toBeGreaterThan(0);
		expect(want.length).toBeLessThan(ROWS.length);
		expect(await alone(partial)).toEqual(want);
		expect(await compiled(partial)).toEqual(want);
	});

	it('counts the open population as of the as-of day it is given', async () => {
		expect(await alone({ population: 'open' }, { asOf: '2019-03-05' })).toEqual(
			await expected(
				"status IN ('pending', 'assigned', 'in_progress', 'ongoing', 'stalled') AND reported_at <= DATE '2019-03-05'"
			)
		);
	});

	it('measures overdue at the as-of day it is given', async () => {
		expect(await alone({ overdue: true }, { asOf: '2019-06-01' })).toEqual(
			await expected(
				"status IN ('pending', 'assigned', 'in_progress', 'ongoing', 'stalled') AND deadline < DATE '2019-06-01'"
			)
		);
	});

	it('follows the codes it is given, not fixed ones (an edited statuses table)', async () => {
		const edited = statusCodesOf([
			{ code: 'pending', type: 'open', inRates: true },
			{ code: 'stalled', type: 'closed', inRates: true },
			{ code: 'resolved', type: 'fixed', inRates: true }
		]);
		expect(edited).toEqual({
			open: ['pending'],
			fixed: ['resolved'],
			closed: ['stalled'],
			inRates: ['pending', 'stalled', 'resolved']
		});
		expect(await alone({ statusTypes: ['closed'] }, { statuses: edited })).toEqual(
			await expected("status = 'stalled'")
		);
		expect(await alone({ overdue: true }, { statuses: edited })).toEqual(
			await expected("status = 'pending' AND deadline < DATE '2019-12-31'")
		);
	});

	it('matches nothing for a status type it does not know (the CLI passes any text)', async () => {
		const unknown = ['reopened'] as unknown as Filters['statusTypes'];
		expect(await alone({ statusTypes: unknown })).toEqual([]);
	});

	it('never contains a filter value or a status code; binds only what it uses', async () => {
		const { where, params } = compileFilters(filters({ statusTypes: ['fixed'], overdue: true }), {
			asOf: ASOF,
			scope: null,
			statuses
		});
		for (const code of [...statuses.open, ...statuses.fixed, 'fixed', 'open'])
			expect(where).not.toContain(`'${code}'`);
		expect(where).not.toContain(ASOF);
		expect(Object.keys(params).sort()).toEqual(['f_asOf', 'f_open', 'f_statusTypes']);
		expect(JSON.parse(String(params.f_statusTypes))).toEqual(['resolved', 'verified']);
		expect(await db.all(`SELECT * FROM problems p WHERE ${where}`, params)).toEqual([]);
	});
});
