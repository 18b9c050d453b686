// The theme classifier (src/lib/server/themes): training on 100k labelled messages and classifying
// 100k and 1M rows in a DuckDB table, on generated citizen messages (tests/themes/labelled-text.ts).
// Also the alternative that was measured before choosing: the model in DuckDB (bigram features and
// weights as tables, scoring as one join and arg-max) against the same bigram model in Node.
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { predictFeatures, trainOnFeatures } from '../../src/lib/server/themes/classifier';
import { classifyBatch } from '../../src/lib/server/themes/classify-batch';
import { textFeatures } from '../../src/lib/server/themes/text-features';
import { CATEGORIES, labelledMessages } from '../themes/labelled-text';
import { log } from './common';
import { met, ms, type Section } from './report';

const RULES = CATEGORIES.map((c) => ({ code: c.code, keywords: [] as string[] }));
const text = (m: { title: string | null; description: string }) =>
	[m.title, m.description].filter(Boolean).join(' ');

async function messagesTable(c: DuckDBConnection, rows: number, seed: number): Promise<void> {
	await c.run('DROP TABLE IF EXISTS msgs');
	await c.run(`CREATE TABLE msgs (truth VARCHAR, title VARCHAR, description VARCHAR, theme VARCHAR,
		theme_source VARCHAR, theme_confidence DOUBLE, theme_evidence VARCHAR[])`);
	const appender = await c.createAppender('msgs');
	// Generated in slices so 1M messages never sit in memory at once.
	for (let done = 0; done < rows; done += 100_000) {
		for (const m of labelledMessages(Math.min(100_000, rows - done), { seed: seed + done })) {
			appender.appendVarchar(m.truth);
			if (m.title === null) appender.appendNull();
			else appender.appendVarchar(m.title);
			appender.appendVarchar(m.description);
			appender.appendNull();
			appender.appendVarchar('classified');
			appender.appendNull();
			appender.appendNull();
			appender.endRow();
		}
	}
	appender.flushSync();
	appender.closeSync();
}

async function time<T>(work: () => Promise<T> | T): Promise<[T, number]> {
	const t0 = performance.now();
	const out = await work();
	return [out, performance.now() - t0];
}

/** The bigram model scored inside DuckDB: features and weights as tables, one join, arg-max. */
async function scoreInDuckDB(
	c: DuckDBConnection,
	model: NonNullable<ReturnType<typeof trainOnFeatures>['model']>
): Promise<number> {
	const K = model.themes.length;
	await c.run('DROP TABLE IF EXISTS w');
	await c.run('CREATE TABLE w (feature VARCHAR, idf FLOAT, k INTEGER, weight FLOAT)');
	const a = await c.createAppender('w');
	model.features.forEach((f, i) => {
		for (let k = 0; k < K; k++) {
			a.appendVarchar(f.slice(2));
			a.appendFloat(model.idf[i]);
			a.appendInteger(k);
			a.appendFloat(model.weights[i * K + k]);
			a.endRow();
		}
	});
	a.flushSync();
	a.closeSync();
	await c.run('CREATE OR REPLACE TABLE idf AS SELECT DISTINCT feature, idf FROM w');
	await c.run(
		`CREATE OR REPLACE TABLE bias AS SELECT unnest($1::JSON::DOUBLE[]) AS b, generate_subscripts($1::JSON::DOUBLE[], 1) - 1 AS k`,
		[JSON.stringify(Array.from(model.bias))]
	);
	const [, t] = await time(() =>
		c.run(`CREATE OR REPLACE TEMP TABLE scored AS
		WITH d AS (SELECT rowid AS rid, regexp_replace(concat_ws(' ', title, description), '[^\\p{Han}]+', ' ', 'g') AS t FROM msgs),
		grams AS (SELECT rid, substr(t, i, 2) AS feature FROM (SELECT rid, t, unnest(range(1, length(t))) AS i FROM d)
			WHERE NOT contains(substr(t, i, 2), ' ')),
		tf AS (SELECT rid, feature, (1 + ln(count(*))) * any_value(idf.idf) AS x FROM grams JOIN idf USING (feature) GROUP BY rid, feature),
		v AS (SELECT rid, feature, x / sqrt(sum(x * x) OVER (PARTITION BY rid)) AS x FROM tf),
		z AS (SELECT rid, w.k, sum(v.x * w.weight) AS z FROM v JOIN w USING (feature) GROUP BY rid, w.k)
		SELECT rid, arg_max(z.k, z.z + bias.b) AS k FROM z JOIN bias USING (k) GROUP BY rid`)
	);
	return t;
}

export async function benchThemes(opts: { quick: boolean }): Promise<Section> {
	const rows: string[][] = [];
	const instance = await DuckDBInstance.create(':memory:');
	const c = await instance.connect();
	try {
		// Train on 100k labelled messages: tokenising, vocabulary, logistic regression.
		const train = labelledMessages(100_000, { seed: 7, blankShare: 0 });
		const [docs, tokenise] = await time(() => train.map((m) => textFeatures(text(m))));
		const labels = train.map((m) => m.truth);
		const [classifier, fit] = await time(() => trainOnFeatures(docs, labels, RULES));
		rows.push([
			'train, 100,000 labelled rows',
			ms(tokenise + fit),
			`tokenise ${ms(tokenise)} + fit ${ms(fit)}`,
			met(tokenise + fit <= 10_000, '≤ 10 s')
		]);
		log(`themes: trained on 100k in ${ms(tokenise + fit)} ms`);

		// Node against DuckDB, on 100k rows and the same bigram-only model (DuckDB cannot segment words).
		const bigramDocs = docs.map((d) => d.filter((f) => f.startsWith('c:')));
		const bigram = trainOnFeatures(bigramDocs, labels, RULES);
		await messagesTable(c, 100_000, 1000);
		const duck = await scoreInDuckDB(c, bigram.model!);
		const texts = (
			await c.runAndReadAll(`SELECT concat_ws(' ', title, description) AS t FROM msgs`)
		)
			.getRowsJS()
			.map((r) => String(r[0]));
		const [, node] = await time(() => {
			for (const t of texts) {
				predictFeatures(
					bigram,
					textFeatures(t).filter((f) => f.startsWith('c:')),
					t
				);
			}
		});
		rows.push(['bigram model in DuckDB (one join + arg-max), 100,000 rows', ms(duck), '', '']);
		rows.push(['bigram model in Node (read, bigrams, score), 100,000 rows', ms(node), '', '']);

		for (const n of opts.quick ? [100_000] : [100_000, 1_000_000]) {
			await messagesTable(c, n, 2000);
			const [result, t] = await time(() => classifyBatch(c, 'msgs', { where: 'true', classifier }));
			const [{ right }] = (
				await c.runAndReadAll('SELECT avg((theme = truth)::INTEGER)::DOUBLE AS right FROM msgs')
			).getRowObjectsJS() as { right: number }[];
			rows.push([
				`classify ${n.toLocaleString('en')} rows (classifyBatch, words + bigrams)`,
				ms(t),
				`${result.rows} rows, accuracy ${(right * 100).toFixed(1)}%`,
				n === 1_000_000 ? met(t <= 10_000, '≤ 10 s') : ''
			]);
			log(`themes: classified ${n} in ${ms(t)} ms`);
		}
	} finally {
		c.closeSync();
		instance.closeSync();
	}
	return {
		title: 'Theme classifier (generated citizen messages, 7 themes)',
		head: ['case', 'ms', 'detail', 'target'],
		rows
	};
}
