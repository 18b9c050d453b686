// The audit page's URL filters and its readable detail lines.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { audit } from '../audit/audit';
import {
	AUDIT_PAGE_SIZE,
	auditFiltersFromUrl,
	auditFiltersToParams,
	detailLines,
	loadAuditView
} from './audit-view';
import { createUser } from '../auth/users';
import { adminContext } from './test-support';
import type { LedgerDatabase } from '../db/database';

describe('filters from the URL', () => {
	it('keep what is valid and drop the rest', () => {
		const f = auditFiltersFromUrl(
			new URLSearchParams(
				'actor= admin &action=user.create&result=failed&from=2026-01-31&to=2026-02-30&page=3'
			)
		);
		expect(f).toEqual({
			actor: 'admin',
			action: 'user.create',
			result: 'failed',
			from: '2026-01-31',
			to: '',
			page: 3
		});
		expect(
			auditFiltersFromUrl(
				new URLSearchParams("action=drop table&result=maybe&from=1' OR 1&page=-2")
			)
		).toEqual({ actor: '', action: '', result: '', from: '', to: '', page: 1 });
		// Outside the days every date parameter may name (domain/filters FIRST_DAY..LAST_DAY).
		const far = auditFiltersFromUrl(new URLSearchParams('from=1800-01-01&to=9999-12-31'));
		expect([far.from, far.to]).toEqual(['', '']);
	});

	it('go back into a query without empty values', () => {
		const f = auditFiltersFromUrl(new URLSearchParams('action=login&page=2'));
		expect(auditFiltersToParams({ ...f, page: 3 }).toString()).toBe('action=login&page=3');
		expect(auditFiltersToParams({ ...f, page: 1 }).toString()).toBe('action=login');
	});
});

describe('detail lines', () => {
	it('flatten nested objects and join lists', () => {
		expect(
			detailLines(
				JSON.stringify({
					before: { role: 'viewer', scope: ['云南路社区', '八一社区'] },
					after: { role: 'analyst', scope: null },
					moves: { 'other → safety': 2 },
					reason: 'wrong_password'
				})
			)
		).toEqual([
			{ key: 'before.role', value: 'viewer' },
			{ key: 'before.scope', value: '云南路社区、八一社区' },
			{ key: 'after.role', value: 'analyst' },
			{ key: 'after.scope', value: null },
			{ key: 'moves.other → safety', value: '2' },
			{ key: 'reason', value: 'wrong_password' }
		]);
		expect(detailLines(null)).toEqual([]);
	});
});

describe('one page of the log', () => {
	let db: LedgerDatabase;
	beforeEach(async () => {
		db = (await adminContext()).db;
	});
	afterEach(() => db.close());

	it('is newest first, 50 a page, filtered, with the actors for suggestions', async () => {
		for (let i = 0; i < 60; i++) {
			await audit(db, {
				actor: { userId: null, username: i % 2 ? 'chakan' : 'admin' },
				address: '10.0.0.1',
				action: 'login',
				detail: { n: i },
				result: i % 2 ? 'failed' : 'ok'
			});
		}
		const first = await loadAuditView(db, auditFiltersFromUrl(new URLSearchParams()), {
			scope: null
		});
		expect(first.total).toBe(60);
		expect(first.pages).toBe(2);
		expect(first.rows).toHaveLength(AUDIT_PAGE_SIZE);
		expect(first.rows[0].detail).toEqual([{ key: 'n', value: '59' }]);
		expect(first.actors).toEqual(['admin', 'chakan']);
		const failed = await loadAuditView(
			db,
			auditFiltersFromUrl(new URLSearchParams('actor=chakan&result=failed&page=1')),
			{ scope: null }
		);
		expect(failed.total).toBe(30);
		expect(failed.rows.every((r) => r.actor === 'chakan' && r.result === 'failed')).toBe(true);
		const total = async (query: string) =>
			(await loadAuditView(db, auditFiltersFromUrl(new URLSearchParams(query)), { scope: null }))
				.total;
		expect(await total('from=2099-12-31')).toBe(0);
		expect(await total('to=2000-01-01')).toBe(0);
		expect(await total('from=2000-01-01&to=2099-12-31')).toBe(60);
	});

	it('shows an admin with a community scope only the entries of accounts within it (issue 15)', async () => {
		const make = (username: string, role: 'admin' | 'analyst', scope: string[] | null) =>
			createUser(db, { username, password: 'pass-word-1', role, scope });
		const yunnanAdmin = await make('yunnan-admin', 'admin', ['云南路社区']);
		const yunnan = await make('yunnan', 'analyst', ['云南路社区']);
		const shouzhang = await make('shouzhang', 'analyst', ['寿张路社区']);
		const street = await make('street', 'analyst', null);
		for (const user of [yunnanAdmin, yunnan, shouzhang, street]) {
			await audit(db, {
				actor: { userId: user.id, username: user.username },
				address: '10.0.0.1',
				action: 'upload.commit',
				target: `upload:${user.id}`,
				result: 'ok'
			});
		}
		// A failed sign-in under a name no account has is no community's.
		await audit(db, {
			actor: { userId: null, username: 'guess' },
			address: '10.0.0.9',
			action: 'login',
			result: 'failed'
		});
		const all = new URLSearchParams();
		const scoped = await loadAuditView(db, auditFiltersFromUrl(all), { scope: ['云南路社区'] });
		expect(scoped.rows.map((r) => r.actor)).toEqual(['yunnan', 'yunnan-admin']);
		expect(scoped.total).toBe(2);
		expect(scoped.actors).toEqual(['yunnan', 'yunnan-admin']);
		// Asking for another account's entries by name finds none.
		const asked = await loadAuditView(
			db,
			auditFiltersFromUrl(new URLSearchParams('actor=shouzhang')),
			{ scope: ['云南路社区'] }
		);
		expect(asked.total).toBe(0);
		const whole = await loadAuditView(db, auditFiltersFromUrl(all), { scope: null });
		expect(whole.total).toBe(5);
	});
});
