// `ledger seed-demo`: loads the generated demo exports through the real ingest, oldest first, so
// the demo database has status histories. `npm start` runs it with ifEmpty on every start.
import fs from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import type { LedgerDatabase } from '../db/database';
import type { Settings } from '../env';
import { ingestFile } from '../ingest/pipeline';
import { generateDemoExports } from './demo-exports';

export interface SeedSummary {
	seeded: boolean;
	files: number;
	problems: number;
	rejected: number;
	message: string;
}

export async function seedDemo(
	db: LedgerDatabase,
	settings: Pick<Settings, 'uploadsDir' | 'tmpDir' | 'defaultStreet'>,
	opts: { ifEmpty?: boolean; seed?: number } = {}
): Promise<SeedSummary> {
	const [{ n }] = await db.all<{ n: number }>('SELECT count(*)::INTEGER AS n FROM problems');
	if (opts.ifEmpty && n > 0) {
		return {
			seeded: false,
			files: 0,
			problems: n,
			rejected: 0,
			message: `数据库已有 ${n} 条问题，跳过演示数据。`
		};
	}
	const exports = await generateDemoExports({ seed: opts.seed });
	const dir = path.join(settings.tmpDir, `demo-${randomUUID()}`);
	await fs.promises.mkdir(dir, { recursive: true });
	let rejected = 0;
	try {
		for (const e of exports) {
			const file = path.join(dir, e.fileName);
			await fs.promises.writeFile(file, e.bytes);
			const r = await ingestFile(db, file, {
				...settings,
				exportedAt: e.exportedAt,
				uploadedBy: 'seed-demo'
			});
			if (r.outcome === 'refused') throw new Error(`演示文件 ${e.fileName} 被拒绝：${r.message}`);
			rejected += r.rowsRejected;
		}
	} finally {
		await fs.promises.rm(dir, { recursive: true, force: true });
	}
	const [{ total }] = await db.all<{ total: number }>(
		'SELECT count(*)::INTEGER AS total FROM problems'
	);
	return {
		seeded: true,
		files: exports.length,
		problems: total,
		rejected,
		message: `已导入演示数据：${exports.length} 个导出文件，共 ${total} 条问题${rejected ? `，${rejected} 行被拒绝` : ''}。`
	};
}
