// The `ledger` command (npm run ledger -- <command>): a thin shell over src/lib/server. It opens the
// database file itself, so it refuses (exit 2) while the web server holds that file; only `backup`
// can then ask the running server instead (--url/--token or LEDGER_URL/LEDGER_TOKEN).
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import { parseArgs } from 'node:util';
import { DatabaseLockedError, LedgerDatabase } from '../lib/server/db/database';
import { readSettings } from '../lib/server/env';
import { runBackup } from '../lib/server/db/backup';
import { LIST_DIMENSIONS, LIST_FILTER_KEYS, STAT_DIMENSION_NAMES } from '../lib/domain/dimensions';
import { validateFilters } from '../lib/domain/filters';
import { defaultAsOf } from '../lib/server/db/as-of';
import { countBy, parseDimensions } from '../lib/server/db/stats';
import { importThemes, listThemes } from '../lib/server/db/themes';
import { writeLargeExport } from '../lib/server/demo/demo-exports';
import { seedDemo } from '../lib/server/demo/seed-demo';
import type { FileResult, MappingProfile } from '../lib/domain/upload-model';
import { ingestFile } from '../lib/server/ingest/pipeline';
import { readProfileFile } from '../lib/server/ingest/profile';
import { validateProfile } from '../lib/server/uploads/profiles';
import { IngestRefusal } from '../lib/server/ingest/errors';
import { revertUpload } from '../lib/server/uploads/revert';
import { cmdToken, cmdUser, CliUsageError, USER_USAGE } from './user-commands';
import { evaluate, EvaluationError } from '../lib/server/themes/evaluate';
import { retrain } from '../lib/server/themes/retrain';
import { formatEvaluation, formatRetrain, THEMES_CLASSIFIER_USAGE } from './theme-commands';

const USAGE = `用法: npm run ledger -- <命令> [选项]

命令:
  ingest [--db FILE] [--community NAME] [--mapping PROFILE.json] [--sheet NAME]
         [--exported-at YYYY-MM-DD] [--dry-run] [--json] FILE...
                                  导入社区导出的 CSV/TSV/TXT/XLSX 文件
  stats  [--db FILE] --by DIM[,DIM2] ${LIST_FILTER_KEYS.map((k) => `[--${LIST_DIMENSIONS[k].cli} X]`).join(' ')}
         [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--as-of YYYY-MM-DD] [--bottleneck] [--overdue] [--json]
                                  按维度计数；DIM 为 ${STAT_DIMENSION_NAMES.join(', ')}；未填写的值写作 _none
  themes list [--json] | themes import FILE.csv
                                  查看或整体替换主题分类（列：code, label_zh, label_en, aliases, keywords）
${THEMES_CLASSIFIER_USAGE}
  seed-demo [--db FILE] [--if-empty]
                                  生成并导入演示数据（2018–2019 年，约 2000 条问题）
  demo-file --rows N --out FILE [--encoding utf-8|gb18030] [--seed N]
                                  生成一个大的演示导出文件（用于性能测试），不写数据库
  revert [--db FILE] [--by NAME] [--json] UPLOAD_ID
                                  撤销一批导入：删除它新增的问题，把它更新的问题恢复原样
  backup [--db FILE] [--out FILE] [--url URL --token pl_…]
                                  把数据库完整复制到一个新的 .duckdb 文件；服务运行时用 --url/--token
                                  （或环境变量 LEDGER_URL、LEDGER_TOKEN）让服务来备份
${USER_USAGE}

退出码: 0 成功；1 有文件被整体拒绝，或撤销被拒绝；2 用法错误或数据库被占用。`;

class UsageError extends Error {}

function print(json: boolean, value: unknown, human: string): void {
	process.stdout.write(json ? `${JSON.stringify(value, null, 2)}\n` : `${human}\n`);
}

function ingestJson(files: FileResult[]): unknown {
	return {
		files: files.map((f) => ({
			file: f.file,
			outcome: f.outcome,
			message: f.message,
			encoding: f.encoding,
			delimiter: f.delimiter,
			headerRow: f.headerRow,
			rowsTotal: f.rowsTotal,
			rowsAccepted: f.rowsAccepted,
			rowsRejected: f.rowsRejected,
			rowsBlank: f.rowsBlank,
			// Committed: what the batch wrote; dry run: what a commit would write.
			inserted: f.inserted,
			updated: f.updated,
			statusChanges: f.statusChanges,
			rejects: f.rejects.map((r) => ({
				row: r.row,
				column: r.column,
				value: r.value,
				reason: r.reason
			})),
			unmappedHeaders: f.unmappedHeaders,
			notes: f.notes,
			dateFormatSuggestions: f.dateFormatSuggestions
		}))
	};
}

function describeResult(f: FileResult): string {
	const head = `${f.file}: `;
	// A file refused because every row was rejected still lists its rejects: they say what to fix.
	if (f.outcome === 'refused') return [`${head}已拒绝 —— ${f.message}`, ...details(f)].join('\n');
	if (f.outcome === 'noop') return `${head}${f.message}`;
	return [
		`${head}${f.outcome === 'dry-run' ? '试导入（未写入）' : `已导入（第 ${f.uploadId} 批）`}，编码 ${f.encoding ?? f.format}，分隔符 ${JSON.stringify(f.delimiter)}，表头在第 ${f.headerRow} 行`,
		`  数据行 ${f.rowsTotal}：接受 ${f.rowsAccepted}，拒绝 ${f.rowsRejected}，空行 ${f.rowsBlank}` +
			(f.outcome === 'committed'
				? `；新增 ${f.inserted}，更新 ${f.updated}，状态变化 ${f.statusChanges}`
				: `；提交后将新增 ${f.inserted}，更新 ${f.updated}，状态变化 ${f.statusChanges}`),
		...details(f)
	].join('\n');
}

/** The unmapped columns, notes and first rejects of a file, a line each. */
function details(f: FileResult): string[] {
	const lines: string[] = [];
	if (f.unmappedHeaders.length)
		lines.push(`  未识别的列（已保留，可在映射中指定）：${f.unmappedHeaders.join('、')}`);
	for (const note of f.notes) lines.push(`  说明：${note}`);
	for (const r of f.rejects.slice(0, 50)) {
		lines.push(
			`  第 ${r.row} 行 [${r.column ?? '整行'}] ${JSON.stringify(r.value ?? '')}：${r.reason}`
		);
	}
	if (f.rejects.length > 50) lines.push(`  ……另有 ${f.rejects.length - 50} 条拒绝记录`);
	return lines;
}

async function withDb<T>(
	dbPath: string | undefined,
	work: (db: LedgerDatabase) => Promise<T>
): Promise<T> {
	const settings = readSettings();
	const db = await LedgerDatabase.open(dbPath ?? settings.dbPath, {
		memoryLimit: settings.memoryLimit
	});
	try {
		return await work(db);
	} finally {
		db.close();
	}
}

async function cmdIngest(args: string[]): Promise<number> {
	const { values, positionals } = parseArgs({
		args,
		allowPositionals: true,
		options: {
			db: { type: 'string' },
			community: { type: 'string' },
			mapping: { type: 'string' },
			sheet: { type: 'string' },
			'exported-at': { type: 'string' },
			'dry-run': { type: 'boolean', default: false },
			json: { type: 'boolean', default: false }
		}
	});
	if (!positionals.length) throw new UsageError('ingest 需要至少一个文件。');
	const settings = readSettings();
	return withDb(values.db, async (db) => {
		let profile: MappingProfile | undefined;
		if (values.mapping) {
			try {
				profile = await validateProfile(db, await readProfileFile(values.mapping));
			} catch (err) {
				// A profile that cannot be used is a usage error: nothing was read, exit 2.
				if (!(err instanceof IngestRefusal)) throw err;
				if (values.json) print(true, { error: err.message, refusal: err.code }, '');
				process.stderr.write(`错误：${err.message}\n`);
				return 2;
			}
		}
		const results: FileResult[] = [];
		for (const file of positionals) {
			const r = await ingestFile(db, file, {
				uploadsDir: settings.uploadsDir,
				tmpDir: settings.tmpDir,
				defaultStreet: settings.defaultStreet,
				community: values.community ?? null,
				profile,
				sheet: values.sheet,
				exportedAt: values['exported-at'] ?? null,
				dryRun: values['dry-run'],
				uploadedBy: `cli:${process.env.USER ?? 'unknown'}`
			});
			results.push(r);
			if (!values.json) process.stdout.write(`${describeResult(r)}\n`);
		}
		if (values.json) print(true, ingestJson(results), '');
		return results.some((r) => r.outcome === 'refused') ? 1 : 0;
	});
}

/** `ledger stats` flags: one per list dimension of the registry, then the period and flags. */
const STATS_FLAGS = Object.fromEntries(
	LIST_FILTER_KEYS.map((key) => [LIST_DIMENSIONS[key].cli, { type: 'string', multiple: true }])
) as Record<string, { type: 'string'; multiple: true }>;

async function cmdStats(args: string[]): Promise<number> {
	const { values } = parseArgs({
		args,
		options: {
			db: { type: 'string' },
			by: { type: 'string' },
			...STATS_FLAGS,
			from: { type: 'string' },
			to: { type: 'string' },
			'as-of': { type: 'string' },
			bottleneck: { type: 'boolean', default: false },
			overdue: { type: 'boolean', default: false },
			json: { type: 'boolean', default: false }
		}
	});
	const by = parseDimensions(values.by, '--by');
	if (!by.ok) throw new UsageError(by.message);
	const flag = values as Record<string, string[] | string | boolean | undefined>;
	const raw: Record<string, unknown> = {
		from: values.from,
		to: values.to,
		asOf: values['as-of'],
		bottleneck: values.bottleneck,
		overdue: values.overdue
	};
	for (const key of LIST_FILTER_KEYS) {
		const given = flag[LIST_DIMENSIONS[key].cli];
		if (Array.isArray(given)) raw[key] = given.flatMap((x) => x.split(',')).filter(Boolean);
	}
	const cliName: Record<string, string> = {
		...Object.fromEntries(LIST_FILTER_KEYS.map((k) => [k, `--${LIST_DIMENSIONS[k].cli}`])),
		asOf: '--as-of'
	};
	const parsed = validateFilters(
		Object.fromEntries(Object.entries(raw).filter(([, x]) => x !== undefined)),
		(key) => cliName[key] ?? `--${key}`
	);
	if (!parsed.ok) throw new UsageError(parsed.message);
	const { filters } = parsed;
	return withDb(values.db, async (db) => {
		const asOf = filters.asOf ?? (await defaultAsOf(db, null));
		const result = await countBy(db, by.dims, filters, { asOf, scope: null });
		const human = [
			...result.rows.map((r) => `${by.dims.map((d) => r[d] ?? '（空）').join('\t')}\t${r.count}`),
			`合计\t${result.total}`
		].join('\n');
		print(values.json, result, human);
		return 0;
	});
}

async function cmdThemes(args: string[]): Promise<number> {
	const [sub, ...rest] = args;
	const { values, positionals } = parseArgs({
		args: rest,
		allowPositionals: true,
		options: {
			db: { type: 'string' },
			json: { type: 'boolean', default: false },
			folds: { type: 'string' }
		}
	});
	if (sub === 'evaluate') {
		const folds = Number(values.folds ?? 5);
		if (!Number.isInteger(folds) || folds < 2)
			throw new UsageError('--folds 应为不小于 2 的整数。');
		return withDb(values.db, async (db) => {
			try {
				const result = await evaluate(db, { folds });
				print(values.json, result, formatEvaluation(result));
				return 0;
			} catch (err) {
				if (!(err instanceof EvaluationError)) throw err;
				process.stderr.write(`错误：${err.message}\n`);
				return 1;
			}
		});
	}
	if (sub === 'retrain') {
		return withDb(values.db, async (db) => {
			const result = await retrain(db);
			print(values.json, result, formatRetrain(result));
			return 0;
		});
	}
	if (sub === 'list') {
		return withDb(values.db, async (db) => {
			const themes = await listThemes(db);
			print(
				values.json,
				themes,
				themes
					.map(
						(t) =>
							`${t.code}\t${t.label_zh}\t${t.label_en}\t${t.aliases.join('|')}\t${t.keywords.join('|')}`
					)
					.join('\n')
			);
			return 0;
		});
	}
	if (sub === 'import') {
		if (positionals.length !== 1) throw new UsageError('themes import 需要一个 CSV 文件。');
		return withDb(values.db, async (db) => {
			const summary = await importThemes(db, positionals[0]);
			print(
				values.json,
				summary,
				`已替换主题分类：${summary.themes} 个主题。${summary.warning ?? ''}`
			);
			return 0;
		});
	}
	throw new UsageError('themes 的子命令是 list、import、evaluate 或 retrain。');
}

async function cmdSeedDemo(args: string[]): Promise<number> {
	const { values } = parseArgs({
		args,
		options: { db: { type: 'string' }, 'if-empty': { type: 'boolean', default: false } }
	});
	const settings = readSettings();
	return withDb(values.db, async (db) => {
		const summary = await seedDemo(db, settings, { ifEmpty: values['if-empty'] });
		process.stdout.write(`${summary.message}\n`);
		return 0;
	});
}

async function cmdDemoFile(args: string[]): Promise<number> {
	const { values } = parseArgs({
		args,
		options: {
			rows: { type: 'string' },
			out: { type: 'string' },
			encoding: { type: 'string', default: 'utf-8' },
			seed: { type: 'string' }
		}
	});
	const rows = Number(values.rows);
	if (!Number.isInteger(rows) || rows < 1)
		throw new UsageError('demo-file 需要 --rows 正整数，例如 --rows 1000000');
	if (!values.out) throw new UsageError('demo-file 需要 --out 文件名');
	if (values.encoding !== 'utf-8' && values.encoding !== 'gb18030') {
		throw new UsageError('--encoding 只能是 utf-8 或 gb18030');
	}
	const written = await writeLargeExport(values.out, {
		rows,
		encoding: values.encoding,
		seed: values.seed === undefined ? undefined : Number(values.seed)
	});
	process.stdout.write(
		`已生成 ${values.out}：${written.rows} 行，${(written.bytes / 1024 / 1024).toFixed(1)} MB\n`
	);
	return 0;
}

async function cmdRevert(args: string[]): Promise<number> {
	const { values, positionals } = parseArgs({
		args,
		allowPositionals: true,
		options: {
			db: { type: 'string' },
			by: { type: 'string' },
			json: { type: 'boolean', default: false }
		}
	});
	if (positionals.length !== 1 || !/^[1-9]\d*$/.test(positionals[0]))
		throw new UsageError('revert 需要一个批次号（正整数），例如 revert 5');
	const uploadId = Number(positionals[0]);
	return withDb(values.db, async (db) => {
		const outcome = await revertUpload(db, uploadId, {
			revertedBy: values.by ?? `cli:${process.env.USER ?? 'unknown'}`,
			// The CLI holds the database file itself: it acts for the whole street.
			scope: null
		});
		if (outcome.outcome === 'refused') {
			if (values.json) print(true, outcome, '');
			process.stderr.write(`错误：${outcome.message}\n`);
			return 1;
		}
		print(
			values.json,
			outcome,
			`已撤销第 ${outcome.uploadId} 批：删除它新增的问题 ${outcome.problemsDeleted} 条，恢复它更新的问题 ${outcome.problemsRestored} 条，移除状态变化记录 ${outcome.statusEventsRemoved} 条。`
		);
		return 0;
	});
}

/** Said when the server holds the file and no server address was given. */
function backupHeldMessage(err: DatabaseLockedError): string {
	return `${err.message.split('。')[0]}，命令行无法直接备份。服务运行时请让服务来备份（不必停止服务）：
  npm run ledger -- backup --url http://127.0.0.1:3000 --token pl_… [--out FILE]
令牌须属于管理员账号（在“管理”页签发）；也可以设置环境变量 LEDGER_URL 和 LEDGER_TOKEN，之后直接运行 backup。`;
}

/** Asks the running server at `url` for a backup; with `out`, downloads the copy into that file. */
async function backupThroughServer(url: string, token: string, out: string | undefined) {
	if (out && fs.existsSync(out)) throw new UsageError(`备份文件已存在：${path.resolve(out)}`);
	const endpoint = new URL('/api/v1/admin/backup', url);
	if (out) endpoint.searchParams.set('download', '1');
	let res: Response;
	try {
		res = await fetch(endpoint, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
	} catch (err) {
		const why =
			err instanceof Error && err.cause instanceof Error ? err.cause.message : String(err);
		process.stderr.write(`错误：无法连接服务 ${endpoint.origin}（${why}）。\n`);
		return 1;
	}
	if (!res.ok) {
		const body = (await res.json().catch(() => null)) as {
			error?: string;
			message?: string;
		} | null;
		process.stderr.write(
			`错误：服务拒绝了备份（HTTP ${res.status}）：${body?.error ?? body?.message ?? res.statusText}\n`
		);
		return 1;
	}
	if (!out) {
		const made = (await res.json()) as { file: string; sizeBytes: number };
		process.stdout.write(
			`服务已备份到其数据目录下的 ${made.file}（服务所在机器上，${(made.sizeBytes / 1024 / 1024).toFixed(1)} MB）\n`
		);
		return 0;
	}
	const target = path.resolve(out);
	const partial = `${target}.part`;
	fs.mkdirSync(path.dirname(target), { recursive: true });
	try {
		await pipeline(Readable.fromWeb(res.body as NodeReadableStream), fs.createWriteStream(partial));
	} catch (err) {
		fs.rmSync(partial, { force: true });
		throw err;
	}
	fs.renameSync(partial, target);
	process.stdout.write(`已备份到 ${target}（由 ${endpoint.origin} 的服务生成）\n`);
	return 0;
}

async function cmdBackup(args: string[]): Promise<number> {
	const { values } = parseArgs({
		args,
		options: {
			db: { type: 'string' },
			out: { type: 'string' },
			url: { type: 'string' },
			token: { type: 'string' }
		}
	});
	const url = values.url ?? process.env.LEDGER_URL;
	const token = values.token ?? process.env.LEDGER_TOKEN;
	if (values.url) {
		if (!token) throw new UsageError('backup --url 需要 --token（或环境变量 LEDGER_TOKEN）。');
		return backupThroughServer(values.url, token, values.out);
	}
	try {
		return await withDb(values.db, async (db) => {
			const out = await runBackup(db, values.out);
			process.stdout.write(`已备份到 ${out}\n`);
			return 0;
		});
	} catch (err) {
		if (!(err instanceof DatabaseLockedError)) throw err;
		// The server holds the file: the environment may say where it is.
		if (url && token) return backupThroughServer(url, token, values.out);
		process.stderr.write(`错误：${backupHeldMessage(err)}\n`);
		return 2;
	}
}

export async function main(argv: string[]): Promise<number> {
	const [command, ...args] = argv;
	try {
		switch (command) {
			case 'ingest':
				return await cmdIngest(args);
			case 'stats':
				return await cmdStats(args);
			case 'themes':
				return await cmdThemes(args);
			case 'seed-demo':
				return await cmdSeedDemo(args);
			case 'revert':
				return await cmdRevert(args);
			case 'backup':
				return await cmdBackup(args);
			case 'user':
				return await cmdUser(args, withDb);
			case 'token':
				return await cmdToken(args, withDb);
			case 'demo-file':
				return await cmdDemoFile(args);
			case undefined:
			case 'help':
			case '--help':
				process.stdout.write(`${USAGE}\n`);
				return command === undefined ? 2 : 0;
			default:
				throw new UsageError(`未知命令“${command}”。`);
		}
	} catch (err) {
		if (err instanceof DatabaseLockedError) {
			process.stderr.write(`错误：${err.message}\n`);
			return 2;
		}
		if (
			err instanceof UsageError ||
			err instanceof CliUsageError ||
			(err instanceof TypeError && 'code' in err && String(err.code).startsWith('ERR_PARSE_ARGS'))
		) {
			process.stderr.write(`错误：${err.message}\n\n${USAGE}\n`);
			return 2;
		}
		if (err instanceof IngestRefusal) {
			process.stderr.write(`错误：${err.message}\n`);
			return 1;
		}
		throw err;
	}
}

const isEntry =
	process.argv[1] &&
	import.meta.url.endsWith(process.argv[1].replace(/\\/g, '/').split('/').pop() ?? '');
/**
 * Exits once stdout and stderr have written everything: on a pipe they are asynchronous, and
 * process.exit() at once cut `--json` output at 64 KiB (what the pipe holds) with exit code 0.
 */
async function exitWhenFlushed(code: number): Promise<never> {
	const flushed = (stream: NodeJS.WriteStream) =>
		new Promise<void>((resolve) => stream.write('', () => resolve()));
	await Promise.all([flushed(process.stdout), flushed(process.stderr)]);
	process.exit(code);
}

if (isEntry) {
	main(process.argv.slice(2)).then(
		(code) => exitWhenFlushed(code),
		(err: unknown) => {
			const id = Math.random().toString(36).slice(2, 8);
			process.stderr.write(
				`内部错误（编号 ${id}）：${err instanceof Error ? err.message : String(err)}\n`
			);
			if (err instanceof Error && err.stack) process.stderr.write(`${err.stack}\n`);
			void exitWhenFlushed(3);
		}
	);
}
