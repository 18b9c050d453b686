// Shared set-up for the uploads endpoints' tests: a fresh in-memory DuckDB, settings and staging
// folder per test behind a stand-in for `$lib/server/uploads/context`, and handlers called as a
// signed-in account. A test file takes it with
//   vi.mock('$lib/server/uploads/context', () => import('./test-support'));
import fs from 'node:fs';
import { afterEach, beforeEach } from 'vitest';
import type { Principal } from '$lib/domain/roles';
import { ANALYST, localsFor } from '$lib/server/auth/test-principals';
import type { LedgerDatabase } from '$lib/server/db/database';
import { readSettings, type Settings } from '$lib/server/env';
import { sandbox, type Sandbox } from '$lib/server/ingest/test-support';
import { StagingArea } from '$lib/server/uploads/staging';
import type { UploadContext } from '$lib/server/uploads/workflow';

let current: UploadContext | undefined;

function active(): UploadContext {
	if (!current) throw new Error('uploadsSandbox() sets up a context only inside a test');
	return current;
}

/** The mocked context module's export: the current test's database, settings and staging area. */
export async function uploadContext(): Promise<UploadContext> {
	return active();
}

export interface UploadsSandbox {
	readonly db: LedgerDatabase;
	readonly settings: Settings;
	/** What the endpoints get from uploadContext(); replace it to give them another staging area. */
	ctx: UploadContext;
}

/** A fresh context for every test of the file, with `overrides` on the settings. */
export function uploadsSandbox(overrides: Partial<Settings> = {}): UploadsSandbox {
	let box: Sandbox | undefined;
	beforeEach(async () => {
		box = await sandbox();
		const settings = {
			...readSettings({ LEDGER_DATA_DIR: box.dir }),
			dbPath: ':memory:',
			...overrides
		};
		current = { db: box.db, settings, staging: new StagingArea(settings.stagingDir) };
	});
	afterEach(async () => {
		current = undefined;
		await box?.dispose();
	});
	return {
		get db() {
			return active().db;
		},
		get settings() {
			return active().settings;
		},
		get ctx() {
			return active();
		},
		set ctx(ctx: UploadContext) {
			current = ctx;
		}
	};
}

export type Handler = (event: never) => Promise<Response> | Response;

export interface Answer {
	status: number;
	body: Record<string, unknown>;
}

/** Runs an endpoint's handler as `as` (an analyst unless told) would reach it; its JSON answer. */
export async function call(
	handler: Handler,
	request: Request,
	{ params = {}, as = ANALYST }: { params?: Record<string, string>; as?: Principal } = {}
): Promise<Answer> {
	const response = await handler({
		request,
		url: new URL(request.url),
		params,
		locals: localsFor(as)
	} as never);
	const text = await response.text();
	return {
		status: response.status,
		body: text ? (JSON.parse(text) as Record<string, unknown>) : {}
	};
}

/** A multipart body of files, each under the field `file` as the upload page sends them. */
export function uploadForm(files: { name: string; content: string | Buffer }[]): FormData {
	const data = new FormData();
	for (const f of files)
		data.append('file', new Blob([new Uint8Array(Buffer.from(f.content))]), f.name);
	return data;
}

/** POST /api/v1/uploads<query> with `data` as its body. */
export const uploadRequest = (data: FormData, query = '') =>
	new Request(`http://localhost/api/v1/uploads${query}`, { method: 'POST', body: data });

/** A JSON request to `path` (from /api/…). */
export const jsonRequest = (method: string, path: string, body: unknown) =>
	new Request(`http://localhost${path}`, {
		method,
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify(body)
	});

/** The files left in the staging and temp folders. */
export function leftovers(): string[] {
	const { stagingDir, tmpDir } = active().settings;
	return [stagingDir, tmpDir].flatMap((d) => (fs.existsSync(d) ? fs.readdirSync(d) : []));
}
