// Sessions as the Lucia guide describes them (https://lucia-auth.com/sessions/basic): a random
// token in an HttpOnly cookie, only its SHA-256 in the database, a 30-day expiry renewed when less
// than half remains. API tokens for scripts work the same way, as a Bearer header, until revoked.
import { sha256 } from '@oslojs/crypto/sha2';
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from '@oslojs/encoding';
import type { LedgerDatabase } from '../db/database';
import type { Principal, Role } from '../../domain/roles';

export const SESSION_COOKIE = 'ledger_session';
export const SESSION_DAYS = 30;
const DAY_MS = 86_400_000;

export function generateToken(): string {
	const bytes = new Uint8Array(20);
	crypto.getRandomValues(bytes);
	return encodeBase32LowerCaseNoPadding(bytes);
}

/** Swallows DuckDB's refusal of a concurrent write to the same row; rethrows anything else. */
function ignoreWriteConflict(err: unknown): void {
	if (!(err instanceof Error && /Conflict on update/i.test(err.message))) throw err;
}

export function hashToken(token: string): string {
	return encodeHexLowerCase(sha256(new TextEncoder().encode(token)));
}

export interface Clock {
	now: () => number;
}
export const SYSTEM_CLOCK: Clock = { now: () => Date.now() };

export interface Session {
	id: string;
	userId: number;
	expiresAt: number;
}

export async function createSession(
	db: LedgerDatabase,
	token: string,
	userId: number,
	opts: { address?: string | null; clock?: Clock } = {}
): Promise<Session> {
	const session = {
		id: hashToken(token),
		userId,
		expiresAt: (opts.clock ?? SYSTEM_CLOCK).now() + SESSION_DAYS * DAY_MS
	};
	await db.all(
		'INSERT INTO sessions (id, user_id, expires_at_ms, address) VALUES ($1, $2, $3, $4)',
		[session.id, userId, session.expiresAt, opts.address ?? null]
	);
	return session;
}

interface PrincipalRow {
	userId: number;
	username: string;
	displayName: string | null;
	role: Role;
	scope: string[] | null;
	disabled: boolean;
}

const USER_COLUMNS = `u.id AS "userId", u.username, u.display_name AS "displayName", u.role, u.scope, u.disabled`;

/**
 * The session and its user for a cookie's token, renewing the expiry when less than half is left
 * (`renewed` says so, so the cookie is re-sent only then); null for an unknown, expired or revoked
 * token or a disabled user (an expired one is deleted).
 */
export async function validateSessionToken(
	db: LedgerDatabase,
	token: string,
	clock: Clock = SYSTEM_CLOCK
): Promise<{ session: Session; principal: Principal; renewed: boolean } | null> {
	const id = hashToken(token);
	const [row] = await db.all<PrincipalRow & { expiresAt: number }>(
		`SELECT s.expires_at_ms::DOUBLE AS "expiresAt", ${USER_COLUMNS}
		 FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.id = $1`,
		[id]
	);
	if (!row) return null;
	const now = clock.now();
	if (now >= row.expiresAt) {
		await db.all('DELETE FROM sessions WHERE id = $1', [id]);
		return null;
	}
	if (row.disabled) return null;
	let expiresAt = row.expiresAt;
	const renewed = now >= expiresAt - (SESSION_DAYS * DAY_MS) / 2;
	if (renewed) {
		expiresAt = now + SESSION_DAYS * DAY_MS;
		// Two requests renewing at once: one write wins, and either expiry is right.
		await db
			.all('UPDATE sessions SET expires_at_ms = $1 WHERE id = $2', [expiresAt, id])
			.catch(ignoreWriteConflict);
	}
	return {
		session: { id, userId: row.userId, expiresAt },
		principal: principalOf(row, 'session'),
		renewed
	};
}

function principalOf(row: PrincipalRow, via: Principal['via']): Principal {
	return {
		userId: row.userId,
		username: row.username,
		displayName: row.displayName,
		role: row.role,
		scope: row.scope,
		via
	};
}

export async function invalidateSession(db: LedgerDatabase, sessionId: string): Promise<void> {
	await db.all('DELETE FROM sessions WHERE id = $1', [sessionId]);
}

/** Signs a user out everywhere (password change, disable). */
export async function invalidateUserSessions(db: LedgerDatabase, userId: number): Promise<void> {
	await db.all('DELETE FROM sessions WHERE user_id = $1', [userId]);
}

// ---------------------------------------------------------------------------------------------
// API tokens: issued by an admin for a user, shown once, stored hashed, revocable.

export interface ApiTokenInfo {
	id: number;
	name: string;
	username: string;
	createdBy: string;
	createdAt: string;
	lastUsedAt: string | null;
	revokedAt: string | null;
}

const TOKEN_PREFIX = 'pl_';

export async function issueApiToken(
	db: LedgerDatabase,
	input: { userId: number; name: string; createdBy: string }
): Promise<{ id: number; token: string }> {
	const token = TOKEN_PREFIX + generateToken();
	const [{ id }] = await db.all<{ id: number }>(
		`INSERT INTO api_tokens (token_hash, user_id, name, created_by) VALUES ($1, $2, $3, $4) RETURNING id`,
		[hashToken(token), input.userId, input.name.trim().slice(0, 100) || '脚本', input.createdBy]
	);
	return { id, token };
}

export async function validateApiToken(
	db: LedgerDatabase,
	token: string
): Promise<Principal | null> {
	if (!token.startsWith(TOKEN_PREFIX)) return null;
	const hash = hashToken(token);
	const [row] = await db.all<PrincipalRow & { tokenId: number }>(
		`SELECT t.id AS "tokenId", ${USER_COLUMNS} FROM api_tokens t JOIN users u ON u.id = t.user_id
		 WHERE t.token_hash = $1 AND t.revoked_at IS NULL`,
		[hash]
	);
	if (!row || row.disabled) return null;
	// To the minute, and best effort: requests arriving together with one token would all write
	// the same row, and DuckDB refuses all but one ("Conflict on update") — a 500 for the others.
	await db
		.all(
			`UPDATE api_tokens SET last_used_at = current_timestamp
			 WHERE id = $1 AND (last_used_at IS NULL OR last_used_at < current_timestamp - INTERVAL 1 MINUTE)`,
			[row.tokenId]
		)
		.catch(ignoreWriteConflict);
	return principalOf(row, 'token');
}

export async function revokeApiToken(db: LedgerDatabase, id: number): Promise<boolean> {
	const [row] = await db.all<{ n: number }>(
		'SELECT count(*)::INTEGER AS n FROM api_tokens WHERE id = $1 AND revoked_at IS NULL',
		[id]
	);
	await db.all(
		'UPDATE api_tokens SET revoked_at = current_timestamp WHERE id = $1 AND revoked_at IS NULL',
		[id]
	);
	return row.n > 0;
}

export async function listApiTokens(db: LedgerDatabase): Promise<ApiTokenInfo[]> {
	return db.all<ApiTokenInfo>(
		`SELECT t.id, t.name, u.username, t.created_by AS "createdBy",
			strftime(t.created_at, '%Y-%m-%d %H:%M') AS "createdAt",
			strftime(t.last_used_at, '%Y-%m-%d %H:%M') AS "lastUsedAt",
			strftime(t.revoked_at, '%Y-%m-%d %H:%M') AS "revokedAt"
		 FROM api_tokens t JOIN users u ON u.id = t.user_id ORDER BY t.id DESC`
	);
}
