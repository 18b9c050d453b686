// De-duplication of loads: the hash of an upload's bytes, the key of the mapping and options it is
// read with, the committed batch that already loaded the same (then the upload is a no-op), and an
// earlier reading of the same bytes under another mapping.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import type { DuckDBConnection } from '@duckdb/node-api';
import { EMPTY_PROFILE, type FileResult, type MappingProfile } from '../../domain/upload-model';
import { batchInScope } from '../db/batch-scope';
import { all } from '../db/database';
import type { Vocabulary } from './vocabulary';

export async function sha256File(file: string): Promise<string> {
	const hash = createHash('sha256');
	for await (const chunk of fs.createReadStream(file)) hash.update(chunk as Buffer);
	return hash.digest('hex');
}

export interface EarlierUpload {
	id: number;
	at: string;
	rowsTotal: number;
	rowsAccepted: number;
	rowsRejected: number;
	/** Whether the uploading account may see that batch (batchInScope). */
	visible: boolean;
}

/** JSON with every object's keys sorted, so equal profiles give equal text. */
function canonicalJson(value: unknown): string {
	return JSON.stringify(value, (_key, v: unknown) =>
		v !== null && typeof v === 'object' && !Array.isArray(v)
			? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
			: v
	);
}

/**
 * The mapping, options and vocabularies a load of `sha256` was read with: a later upload of the
 * same bytes with another of these is read again, not skipped.
 */
export function loadKey(
	sha256: string,
	opts: {
		community?: string | null;
		profile?: MappingProfile;
		sheet?: string;
		lenientProfile?: boolean;
		defaultStreet: string;
	},
	vocabulary: Vocabulary
): string {
	const key = canonicalJson({
		v: 1,
		sha256,
		community: opts.community ?? null,
		profile: opts.profile ?? EMPTY_PROFILE,
		sheet: opts.sheet ?? null,
		lenient: Boolean(opts.lenientProfile),
		street: opts.defaultStreet,
		vocabulary: {
			fields: vocabulary.fields,
			labels: [...vocabulary.labels].map(([kind, map]) => [kind, [...map].sort()]),
			statusTypes: [...vocabulary.statusTypes].sort(),
			themeKeywords: vocabulary.themeKeywords
		}
	});
	return createHash('sha256').update(key).digest('hex');
}

export interface LoadQuery {
	sha256: string;
	key: string;
	/** The uploading account's scope (null: the whole street). */
	scope: readonly string[] | null;
	/** A mapping profile was given (or a saved one applied): only the same load key matches. */
	mapped: boolean;
}

/**
 * The committed batch that already loaded what this upload would, if any: the same bytes, loaded
 * under a scope that covers the uploader's (the whole street covers every scope; a scoped load
 * never covers a wider one, whose rows it rejected), and with the same mapping and options — or
 * with any, when this upload names no mapping (the same file dropped again). Batches from before
 * load keys (migration 5) never match: their scope is unknown. The one the uploader may see comes
 * first.
 */
export async function findCommitted(
	c: DuckDBConnection,
	q: LoadQuery
): Promise<EarlierUpload | null> {
	const visible = batchInScope(q.scope);
	const covers =
		q.scope === null
			? 'u.load_street'
			: '(u.load_street OR list_has_all(u.load_scope, $l_scope::JSON::VARCHAR[]))';
	const [row] = await all<EarlierUpload>(
		c,
		`SELECT id, strftime(uploaded_at, '%Y-%m-%d %H:%M') AS at, rows_total AS "rowsTotal",
			rows_accepted AS "rowsAccepted", rows_rejected AS "rowsRejected", ${visible.sql} AS visible
		 FROM uploads u
		 WHERE sha256 = $sha AND state = 'committed' AND load_key IS NOT NULL AND ${covers}
			AND (load_key = $key OR NOT $mapped)
		 ORDER BY visible DESC, (load_key = $key) DESC, id LIMIT 1`,
		{
			...visible.params,
			...(q.scope === null ? {} : { l_scope: JSON.stringify(q.scope) }),
			sha: q.sha256,
			key: q.key,
			mapped: q.mapped
		}
	);
	return row ?? null;
}

/** The latest committed batch of these bytes the uploader may see, under any mapping. */
export async function sameBytesCommitted(
	c: DuckDBConnection,
	sha256: string,
	scope: readonly string[] | null
): Promise<{ id: number; at: string } | null> {
	const visible = batchInScope(scope);
	const [row] = await all<{ id: number; at: string }>(
		c,
		`SELECT id, strftime(uploaded_at, '%Y-%m-%d %H:%M') AS at FROM uploads u
		 WHERE sha256 = $sha AND state = 'committed' AND ${visible.sql} ORDER BY id DESC LIMIT 1`,
		{ ...visible.params, sha: sha256 }
	);
	return row ?? null;
}

/**
 * The same load again changes nothing; the result repeats what the first upload counted. It names
 * the earlier batch only to an account that may see it: never another community's number or time.
 */
export function noop(result: FileResult, earlier: EarlierUpload): FileResult {
	result.outcome = 'noop';
	result.rowsTotal = earlier.rowsTotal;
	result.rowsAccepted = earlier.rowsAccepted;
	result.rowsRejected = earlier.rowsRejected;
	if (earlier.visible) {
		result.uploadId = earlier.id;
		result.message = `这个文件与第 ${earlier.id} 批（${earlier.at} 导入）的内容完全相同，已跳过，数据没有任何变化。`;
	} else {
		result.uploadId = null;
		result.message =
			'这个文件此前已经导入过，其中本账号可以导入的行都已在台账中，已跳过，数据没有任何变化。';
	}
	return result;
}

/**
 * What to look for among committed batches before loading `sha256` with these options: a profile
 * given (or a saved one applied) matches only the same load key.
 */
export function loadQuery(
	sha256: string,
	opts: Parameters<typeof loadKey>[1],
	vocabulary: Vocabulary,
	scope: readonly string[] | null
): LoadQuery {
	return {
		sha256,
		key: loadKey(sha256, { ...opts, profile: opts.profile ?? EMPTY_PROFILE }, vocabulary),
		scope,
		mapped:
			opts.profile !== undefined && canonicalJson(opts.profile) !== canonicalJson(EMPTY_PROFILE)
	};
}
