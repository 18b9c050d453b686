// The report as a PDF: the /report page's own HTML, printed by headless Chromium (playwright-core)
// when the machine has one. Called by GET /report/pdf. The page is printed with JavaScript off and
// every network request refused: its charts are inline SVG images and its styles are inlined
// (kit.inlineStyleThreshold), so Chromium needs nothing from the network, and can reach nothing.
import fs from 'node:fs';
import { chromium } from 'playwright-core';
import { readSettings } from '../env';

/** Where Chromium is looked for when LEDGER_CHROMIUM does not say. */
const CANDIDATES = [
	'/usr/bin/chromium',
	'/usr/bin/chromium-browser',
	'/usr/bin/google-chrome',
	'/usr/bin/google-chrome-stable'
];

/** Headless on a closed network: no sandbox (root in a container), no calls home. */
export const CHROMIUM_ARGS = [
	'--no-sandbox',
	'--disable-gpu',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
	'--no-first-run'
];

/** A print that takes longer than this is abandoned (the user gets a message, not a hang). */
const TIMEOUT_MS = 60_000;

/** The Chromium to print with, or null when the machine has none. */
export function findChromium(configured = readSettings().chromium): string | null {
	if (configured) return fs.existsSync(configured) ? configured : null;
	return CANDIDATES.find((file) => fs.existsSync(file)) ?? null;
}

export class PdfUnavailable extends Error {}

// One print at a time: each is a Chromium process of 100–200 MB, and a small office server has
// little memory to spare.
let queue: Promise<unknown> = Promise.resolve();

/** Prints a self-contained HTML page to an A4 PDF (the page's @page rules set size and margins). */
export function htmlToPdf(html: string, executablePath = findChromium()): Promise<Buffer> {
	if (!executablePath) {
		return Promise.reject(new PdfUnavailable('服务器上没有可用的 Chromium。'));
	}
	const job = queue.then(() => print(html, executablePath));
	queue = job.catch(() => undefined);
	return job;
}

async function print(html: string, executablePath: string): Promise<Buffer> {
	const browser = await chromium.launch({
		executablePath,
		args: CHROMIUM_ARGS,
		timeout: TIMEOUT_MS
	});
	try {
		const context = await browser.newContext({ javaScriptEnabled: false });
		await context.route('**/*', (route) => route.abort());
		const page = await context.newPage();
		page.setDefaultTimeout(TIMEOUT_MS);
		await page.setContent(html, { waitUntil: 'load' });
		return await page.pdf({ preferCSSPageSize: true, printBackground: true, format: 'A4' });
	} finally {
		await browser.close();
	}
}
