// Pages and server memory: the built app (build/, as `npm start` serves it) on a copy of the
// N-row ledger. Times the overview and compare pages' server responses, then loads them in headless
// Chromium (playwright-core, the system's /usr/bin/chromium) cold and warm until every chart says
// data-chart-ready="true", summing the gzipped JavaScript each route loads. The server's RSS is
// sampled idle, under concurrent overview loads and while streaming the CSV and XLSX exports of
// every problem.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { chromium, type Browser } from 'playwright-core';
import { ADMIN_PASSWORD, makeDataDir, startBuiltServer } from '../built/built-server';
import {
	ensureLedger,
	log,
	peakRssDuring,
	percentiles,
	procMemory,
	type BenchOptions
} from './common';
import { count, mb, met, ms, type Section } from './report';
import { CHROMIUM_ARGS } from '../../src/lib/server/report/report-pdf';

const CHROMIUM = process.env.BENCH_CHROMIUM ?? '/usr/bin/chromium';
const CHARTS_TARGET_MS = 800;
const JS_TARGET_KB = 180;
const RSS_TARGET_MB = 600;
const OVERVIEW_TARGET_MS = 150;

async function signIn(url: string): Promise<string> {
	const res = await fetch(`${url}/login`, {
		method: 'POST',
		headers: {
			origin: url,
			accept: 'text/html',
			'content-type': 'application/x-www-form-urlencoded'
		},
		body: new URLSearchParams({ username: 'admin', password: ADMIN_PASSWORD }),
		redirect: 'manual'
	});
	const cookie = res.headers
		.getSetCookie()
		.find((c) => c.startsWith('ledger_session='))
		?.split(';')[0];
	if (res.status !== 303 || !cookie) throw new Error(`sign-in failed: ${res.status}`);
	return cookie;
}

/** A GET read to its end; resolves with the bytes. */
async function fetchAll(url: string, cookie: string): Promise<number> {
	const res = await fetch(url, { headers: { cookie } });
	if (!res.ok || !res.body) throw new Error(`GET ${url}: ${res.status}`);
	let bytes = 0;
	for await (const chunk of res.body) bytes += (chunk as Uint8Array).length;
	return bytes;
}

interface PageFigures {
	coldMs: number;
	warmMs: number;
	charts: number;
	jsFiles: number;
	jsGzipKb: number;
	/** The part the HTML preloads (modulepreload links): what the first visit needs before any import(). */
	initialGzipKb: number;
}

/** Cold (a new browser context: empty cache) and warm (a second load in it) until charts are ready. */
async function loadInChromium(
	browser: Browser,
	base: string,
	cookie: string,
	route: string
): Promise<PageFigures> {
	const context = await browser.newContext();
	const [name, value] = cookie.split('=');
	await context.addCookies([{ name, value, url: base }]);
	const page = await context.newPage();
	const js = new Map<string, number>();
	page.on('response', (res) => {
		if (!res.url().endsWith('.js') || js.has(res.url())) return;
		js.set(res.url(), 0);
		res
			.body()
			.then((body) => js.set(res.url(), zlib.gzipSync(body).length))
			.catch(() => js.delete(res.url()));
	});
	let html: Promise<string> | undefined;
	const ready = async (): Promise<{ ms: number; charts: number }> => {
		const t0 = performance.now();
		const res = await page.goto(`${base}${route}`, { waitUntil: 'commit' });
		if (res && !html) {
			const link = (await res.allHeaders())['link'] ?? '';
			html = res.text().then((text) => `${text}\n${link}`);
		}
		const charts = await page.waitForFunction(
			() => {
				const els = [...document.querySelectorAll('[data-chart-ready]')];
				return els.length > 0 && els.every((e) => e.getAttribute('data-chart-ready') === 'true')
					? els.length
					: 0;
			},
			undefined,
			{ timeout: 60_000, polling: 'raf' }
		);
		return { ms: performance.now() - t0, charts: Number(await charts.jsonValue()) };
	};
	try {
		const cold = await ready();
		await page.waitForLoadState('networkidle');
		// The server's HTML, not the live DOM: Vite's preload helper adds modulepreload links of its
		// own when a dynamic import() runs.
		const pageHtml = (await html) ?? '';
		const preloaded = new Set(
			[
				...[...pageHtml.matchAll(/<link\b[^>]*>/g)]
					.filter((m) => m[0].includes('modulepreload'))
					.map((m) => /href="([^"]+)"/.exec(m[0])?.[1]),
				...[...pageHtml.matchAll(/<([^>]+)>;\s*rel="modulepreload"/g)].map((m) => m[1])
			]
				.filter((href): href is string => !!href)
				.map((href) => new URL(href, `${base}${route}`).href)
		);
		const warm = await ready();
		const gz = [...js.values()].reduce((s, n) => s + n, 0);
		const largest = [...js]
			.sort((a, b) => b[1] - a[1])
			.slice(0, 4)
			.map(([url, n]) => `${url.split('/').pop()} ${(n / 1024).toFixed(1)} KB`);
		log(`pages: ${route}: largest JS (gzip): ${largest.join(', ')}`);
		return {
			coldMs: cold.ms,
			warmMs: warm.ms,
			charts: cold.charts,
			jsFiles: js.size,
			jsGzipKb: gz / 1024,
			initialGzipKb:
				[...js].filter(([url]) => preloaded.has(url)).reduce((sum, [, n]) => sum + n, 0) / 1024
		};
	} finally {
		await context.close();
	}
}

export async function benchPages(opts: BenchOptions, overviewP95?: number): Promise<Section[]> {
	if (!fs.existsSync('build/index.js')) {
		log('pages: no build/; running `npx vite build` (about a minute)');
		const r = spawnSync('npx', ['vite', 'build'], { stdio: 'inherit' });
		if (r.status !== 0) throw new Error('vite build failed');
	}
	const ledgerFile = await ensureLedger(opts.rows);
	const units = await busiestUnits(ledgerFile);
	const dataDir = makeDataDir('ledger-bench-');
	fs.copyFileSync(ledgerFile, path.join(dataDir, 'ledger.duckdb'));
	const server = await startBuiltServer({ dataDir, timeoutMs: 120_000 });
	const pid = server.proc.pid!;
	let browser: Browser | null = null;
	try {
		const idle = procMemory(pid);
		const cookie = await signIn(server.url);
		const compareRoute = `/compare?${units.map((u) => `community=${encodeURIComponent(u)}`).join('&')}`;
		const routes = [
			{ name: 'overview', route: '/' },
			{ name: 'compare', route: compareRoute }
		];

		// Server time: the whole SSR response of each route, one request at a time.
		const runs = opts.quick ? 5 : 20;
		const server_ms: Record<string, { p50: number; p95: number }> = {};
		for (const r of routes) {
			const times: number[] = [];
			for (let i = 0; i < runs + 1; i++) {
				const t0 = performance.now();
				await fetchAll(`${server.url}${r.route}`, cookie);
				if (i >= 1) times.push(performance.now() - t0);
			}
			server_ms[r.name] = percentiles(times);
		}

		browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
		const pages: Record<string, PageFigures> = {};
		for (const r of routes) {
			pages[r.name] = await loadInChromium(browser, server.url, cookie, r.route);
			log(
				`pages: ${r.name}: charts ready cold ${ms(pages[r.name].coldMs)} ms, warm ${ms(pages[r.name].warmMs)} ms`
			);
		}
		await browser.close();
		browser = null;

		// Under queries: four overview loads at a time, with the compare page between, for a while.
		const underQueries = await peakRssDuring(pid, async () => {
			for (let round = 0; round < (opts.quick ? 3 : 10); round++) {
				await Promise.all([
					...Array.from({ length: 4 }, () => fetchAll(`${server.url}/`, cookie)),
					fetchAll(`${server.url}${compareRoute}`, cookie)
				]);
			}
		});
		const afterQueries = procMemory(pid);

		const exports: { format: string; ms: number; bytes: number; peakMb: number }[] = [];
		for (const format of ['csv', 'xlsx']) {
			let bytes = 0;
			const t0 = performance.now();
			const peakMb = await peakRssDuring(pid, async () => {
				bytes = await fetchAll(`${server.url}/api/v1/problems/export?format=${format}`, cookie);
			});
			exports.push({ format, ms: performance.now() - t0, bytes, peakMb });
			log(
				`pages: export ${format}: ${(bytes / 1024 ** 2).toFixed(0)} MB, peak RSS ${mb(peakMb)} MB`
			);
		}
		const n = opts.rows.toLocaleString('en');
		const at1M = opts.rows >= 1_000_000 ? '' : ', target at 1M rows';

		const pageSection: Section = {
			title: `Pages served by the built app on ${n} rows (headless Chromium)`,
			head: [
				'route',
				'server p50 / p95 ms',
				'charts',
				'charts ready cold ms',
				'warm ms',
				'JS files',
				'JS gzip KB',
				'target'
			],
			rows: routes.map((r) => {
				const p = pages[r.name];
				const s = server_ms[r.name];
				const targets = [
					met(p.coldMs <= CHARTS_TARGET_MS, `charts ready ≤ ${CHARTS_TARGET_MS} ms${at1M}`)
				];
				if (r.name === 'overview') {
					targets.push(
						met(p.jsGzipKb <= JS_TARGET_KB, `all JS ≤ ${JS_TARGET_KB} KB gzip`),
						met(p.initialGzipKb <= JS_TARGET_KB, `preloaded JS ≤ ${JS_TARGET_KB} KB gzip`)
					);
					const load = overviewP95 ?? s.p95;
					targets.push(
						met(load <= OVERVIEW_TARGET_MS, `overview load ≤ ${OVERVIEW_TARGET_MS} ms${at1M}`)
					);
				}
				return [
					r.name === 'compare' ? `compare (${units.join(', ')})` : r.name,
					`${ms(s.p50)} / ${ms(s.p95)}`,
					String(p.charts),
					ms(p.coldMs),
					ms(p.warmMs),
					String(p.jsFiles),
					`${p.jsGzipKb.toFixed(1)} (${p.initialGzipKb.toFixed(1)} + ${(p.jsGzipKb - p.initialGzipKb).toFixed(1)})`,
					targets.join('; ')
				];
			}),
			notes: [
				`server: the route's whole HTML response (SSR with its load), signed in, ${runs} runs after 1; the overview's load target is judged on loadOverviewData's p95 in the query section${overviewP95 === undefined ? ' (not run: judged on this SSR time)' : ''}.`,
				'charts ready: from navigation start to every [data-chart-ready] being "true"; cold in a new browser context (empty cache), warm on a second load in it.',
				"JS: every .js the route loaded in Chromium on the cold load, each gzipped at level 6; preloaded = named by the HTML's modulepreload links, lazy = fetched later by import() (ECharts)."
			]
		};
		const memorySection: Section = {
			title: `Server memory on ${n} rows (RSS of the built server's process)`,
			head: ['state', 'RSS MB', 'time ms', 'bytes', 'target'],
			rows: [
				[
					'idle, just started',
					mb(idle?.rssMb ?? NaN),
					'',
					'',
					met((idle?.rssMb ?? 0) <= RSS_TARGET_MB, `≤ ${RSS_TARGET_MB} MB${at1M}`)
				],
				[
					'peak under queries (4 overviews + 1 compare at a time)',
					mb(underQueries),
					'',
					'',
					met(underQueries <= RSS_TARGET_MB, `≤ ${RSS_TARGET_MB} MB${at1M}`)
				],
				['after the queries', mb(afterQueries?.rssMb ?? NaN), '', '', ''],
				...exports.map((e) => [
					`peak while streaming GET /api/v1/problems/export?format=${e.format} (all ${n} rows)`,
					mb(e.peakMb),
					ms(e.ms),
					count(e.bytes),
					met(e.peakMb <= RSS_TARGET_MB, `≤ ${RSS_TARGET_MB} MB${at1M}`)
				])
			],
			notes: [
				'RSS sampled from /proc every 20 ms; peak RSS of the ingest is in the ingest section.'
			]
		};
		return [pageSection, memorySection];
	} finally {
		if (browser) await browser.close();
		await server.stop();
		fs.rmSync(dataDir, { recursive: true, force: true });
	}
}

/** The two units with most problems (the query bench compares the same two). */
async function busiestUnits(ledgerFile: string): Promise<string[]> {
	const { DuckDBInstance } = await import('@duckdb/node-api');
	const instance = await DuckDBInstance.create(ledgerFile, { access_mode: 'READ_ONLY' });
	const c = await instance.connect();
	try {
		const r = await c.runAndReadAll(
			'SELECT community AS c FROM problems GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 2'
		);
		return r.getRowObjectsJS().map((row) => String(row.c));
	} finally {
		c.closeSync();
		instance.closeSync();
	}
}
