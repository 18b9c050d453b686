// `npm run bench [-- --rows N | --quick] [--only ingest,queries,pages,themes]`: the one benchmark.
// Generates the inputs with the demo generator (cached in data/bench/), then measures, on the same
// data, ingest (ingest.ts), queries (queries.ts) and the built app's pages and memory (pages.ts),
// and the theme classifier on generated citizen messages (themes.ts: 100k and 1M rows); prints
// one table and writes it with the machine's description to tests/bench/results.md (a full run of
// every part) or data/bench/results-<rows>.md (--quick, --rows or --only). Asserts nothing.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DIR, log, parseArgs, PARTS, seconds } from './common';
import { benchIngest } from './ingest';
import { benchPages } from './pages';
import { benchQueries } from './queries';
import { benchThemes } from './themes';
import { machine, printSection, writeResults, type Section } from './report';

const RESULTS = path.resolve('tests/bench/results.md');

async function main(): Promise<void> {
	const opts = parseArgs(process.argv.slice(2));
	const started = new Date();
	const t0 = performance.now();
	const load = os.loadavg();
	log(
		`bench: ${opts.rows.toLocaleString('en')} rows, parts ${opts.parts.join(', ')}; ` +
			`${os.cpus().length} cores, load average ${load[0].toFixed(1)}`
	);
	const sections: Section[] = [];
	if (opts.parts.includes('ingest')) sections.push(await benchIngest(opts.rows));
	let overviewP95: number | undefined;
	if (opts.parts.includes('queries')) {
		const q = await benchQueries(opts);
		sections.push(q.section);
		overviewP95 = q.overviewP95;
	}
	if (opts.parts.includes('pages')) sections.push(...(await benchPages(opts, overviewP95)));
	if (opts.parts.includes('themes')) sections.push(await benchThemes(opts));

	const info = await machine();
	const loadAfter = os.loadavg();
	const loadLine =
		`Load average ${load[0].toFixed(1)} at the start, ${loadAfter[0].toFixed(1)} at the end ` +
		`(other work on the machine shows directly in the figures).`;
	log('');
	log([...info, loadLine].join('\n'));
	for (const s of sections) log(`\n${printSection(s)}`);

	const full = !opts.quick && opts.parts.length === PARTS.length && opts.rows === 1_000_000;
	const file = full ? RESULTS : path.join(DIR, `results-${opts.rows}.md`);
	const args = process.argv.slice(2).join(' ');
	fs.mkdirSync(path.dirname(file), { recursive: true }); // --only themes generates no input there
	await writeResults(
		file,
		{
			command: `npm run bench${args ? ` -- ${args}` : ''}`,
			started,
			seconds: (performance.now() - t0) / 1000,
			machine: info,
			load: loadLine
		},
		sections
	);
	log(`\nwrote ${path.relative(process.cwd(), file)} (${seconds(t0)} s in all)`);
}

await main();
