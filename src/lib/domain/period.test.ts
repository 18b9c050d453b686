import { describe, expect, it } from 'vitest';
import { EMPTY_FILTERS } from './filters';
import { monthsOf, monthWithin, periodOf, previousPeriod } from './period';

describe('previousPeriod', () => {
	it('is the calendar month, quarter or year before one', () => {
		expect(previousPeriod('2019-03-01', '2019-03-31')).toEqual({
			from: '2019-02-01',
			to: '2019-02-28'
		});
		// Q3 against Q2: from 04-01, not 03-31 (the same number of days).
		expect(previousPeriod('2019-07-01', '2019-09-30')).toEqual({
			from: '2019-04-01',
			to: '2019-06-30'
		});
		expect(previousPeriod('2019-01-01', '2019-12-31')).toEqual({
			from: '2018-01-01',
			to: '2018-12-31'
		});
		expect(previousPeriod('2020-01-01', '2020-02-29')).toEqual({
			from: '2019-11-01',
			to: '2019-12-31'
		});
	});

	it('is the same number of days right before any other period', () => {
		expect(previousPeriod('2019-06-10', '2019-06-16')).toEqual({
			from: '2019-06-03',
			to: '2019-06-09'
		});
		expect(previousPeriod('2019-03-01', '2019-03-30')).toEqual({
			from: '2019-01-30',
			to: '2019-02-28'
		});
	});
});

describe('periodOf', () => {
	it('defaults to the twelve months ending at the as-of day', () => {
		expect(periodOf(EMPTY_FILTERS, '2020-02-29')).toEqual({
			from: '2019-03-01',
			to: '2020-02-29',
			prevFrom: '2018-03-01',
			prevTo: '2019-02-28',
			asOf: '2020-02-29'
		});
		expect(periodOf(EMPTY_FILTERS, '2019-12-18')).toMatchObject({
			from: '2018-12-19',
			prevFrom: '2017-12-19',
			prevTo: '2018-12-18'
		});
	});

	it('fills the missing side of a half-open period', () => {
		expect(periodOf({ to: '2019-06-30' }, '2019-12-31')).toMatchObject({
			from: '2018-07-01',
			to: '2019-06-30',
			prevFrom: '2017-07-01',
			prevTo: '2018-06-30'
		});
		expect(periodOf({ from: '2019-06-01' }, '2019-12-31')).toMatchObject({
			from: '2019-06-01',
			to: '2019-12-31',
			prevFrom: '2018-11-01',
			prevTo: '2019-05-31'
		});
		expect(periodOf({ from: '2020-03-01' }, '2019-12-31')).toMatchObject({
			from: '2020-03-01',
			to: '2020-03-01',
			prevFrom: '2020-02-29',
			prevTo: '2020-02-29'
		});
	});
});

describe('months', () => {
	it('lists the months a period touches and cuts the first and last to it', () => {
		expect(monthsOf('2018-11-15', '2019-02-03')).toEqual([
			'2018-11',
			'2018-12',
			'2019-01',
			'2019-02'
		]);
		expect(monthWithin('2018-11', '2018-11-15', '2019-02-03')).toEqual({
			from: '2018-11-15',
			to: '2018-11-30'
		});
		expect(monthWithin('2019-02', '2018-11-15', '2019-02-03')).toEqual({
			from: '2019-02-01',
			to: '2019-02-03'
		});
		expect(monthWithin('2018-12', '2018-11-15', '2019-02-03')).toEqual({
			from: '2018-12-01',
			to: '2018-12-31'
		});
	});
});
