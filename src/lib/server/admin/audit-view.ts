// /admin/audit: its filters read from the URL (anything malformed is dropped, never sent to SQL),
// one page of entries through listAudit, and each entry's detail JSON as key: value lines.
import { isDayInRange } from '../../domain/filters';
import type { LedgerDatabase } from '../db/database';
import type { Principal } from '../../domain/roles';
import {
	auditActorWithin,
	AUDIT_ACTIONS,
	AUDIT_RESULTS,
	listAudit,
	type AuditAction,
	type AuditResult,
	type AuditRow
} from '../audit/audit';

export const AUDIT_PAGE_SIZE = 50;

export interface AuditFilters {
	actor: string;
	action: AuditAction | '';
	result: AuditResult | '';
	/** YYYY-MM-DD or ''. */
	from: string;
	to: string;
	page: number;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

function validDate(value: string | null): string {
	if (!value || !DATE.test(value)) return '';
	const d = new Date(`${value}T00:00:00Z`);
	const real = !Number.isNaN(d.getTime()) && d.toISOString().startsWith(value);
	return real && isDayInRange(value) ? value : '';
}

function oneOf<T extends string>(list: readonly T[], value: string | null): T | '' {
	return list.includes(value as T) ? (value as T) : '';
}

export function auditFiltersFromUrl(params: URLSearchParams): AuditFilters {
	const page = Number(params.get('page'));
	return {
		actor: (params.get('actor') ?? '').trim().slice(0, 100),
		action: oneOf(AUDIT_ACTIONS, params.get('action')),
		result: oneOf(AUDIT_RESULTS, params.get('result')),
		from: validDate(params.get('from')),
		to: validDate(params.get('to')),
		page: Number.isInteger(page) && page >= 1 && page <= 100_000 ? page : 1
	};
}

/** The URL query for `filters` (empty values left out), for links to other pages of the log. */
export function auditFiltersToParams(filters: AuditFilters): URLSearchParams {
	const params = new URLSearchParams();
	for (const key of ['actor', 'action', 'result', 'from', 'to'] as const) {
		if (filters[key]) params.set(key, filters[key]);
	}
	if (filters.page > 1) params.set('page', String(filters.page));
	return params;
}

export interface DetailLine {
	key: string;
	/** null for a JSON null (e.g. a scope of the whole street); lists joined with 、. */
	value: string | null;
}

function plain(value: unknown): string | null {
	if (value === null || value === undefined) return null;
	if (Array.isArray(value)) {
		return value
			.map((v) => (v !== null && typeof v === 'object' ? JSON.stringify(v) : String(v)))
			.join('、');
	}
	if (typeof value === 'object') return JSON.stringify(value);
	return String(value);
}

/** An entry's detail as `key: value` lines; nested objects as `before.role`. */
export function detailLines(detail: string | null): DetailLine[] {
	if (!detail) return [];
	let parsed: unknown;
	try {
		parsed = JSON.parse(detail);
	} catch {
		return [{ key: '', value: detail }];
	}
	const lines: DetailLine[] = [];
	const walk = (prefix: string, value: unknown, depth: number) => {
		if (value !== null && typeof value === 'object' && !Array.isArray(value) && depth < 3) {
			for (const [k, v] of Object.entries(value)) walk(prefix ? `${prefix}.${k}` : k, v, depth + 1);
		} else {
			lines.push({ key: prefix, value: plain(value) });
		}
	};
	walk('', parsed, 0);
	return lines;
}

export interface AuditView {
	rows: (Omit<AuditRow, 'detail'> & { detail: DetailLine[] })[];
	total: number;
	pages: number;
	/** Everyone who appears in the log, for the actor filter's suggestions. */
	actors: string[];
}

/**
 * One page of the log as `viewer` may read it: the whole log for the whole street's admin; for an
 * admin with a community scope, only the entries of itself and of the accounts scoped within its
 * communities (README "Accounts, roles and scope").
 */
export async function loadAuditView(
	db: LedgerDatabase,
	filters: AuditFilters,
	viewer: Pick<Principal, 'scope'>
): Promise<AuditView> {
	const within = viewer.scope === null ? null : auditActorWithin(viewer.scope);
	const [{ rows, total }, actors] = await Promise.all([
		listAudit(db, {
			actor: filters.actor || undefined,
			action: filters.action || undefined,
			result: filters.result || undefined,
			from: filters.from || undefined,
			to: filters.to || undefined,
			withinScope: viewer.scope,
			limit: AUDIT_PAGE_SIZE,
			offset: (filters.page - 1) * AUDIT_PAGE_SIZE
		}),
		db.all<{ actor: string }>(
			`SELECT DISTINCT actor FROM audit_log WHERE actor IS NOT NULL AND ${within?.sql ?? 'true'}
			 ORDER BY actor LIMIT 500`,
			within?.params
		)
	]);
	return {
		rows: rows.map((r) => ({ ...r, detail: detailLines(r.detail) })),
		total,
		pages: Math.max(1, Math.ceil(total / AUDIT_PAGE_SIZE)),
		actors: actors.map((a) => a.actor)
	};
}
