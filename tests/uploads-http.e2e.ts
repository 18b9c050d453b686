// The upload endpoint over real HTTP against the built server (the `uploads` project's own server,
// limit 2 MB): oversize bodies and a connection dropped mid-body leave nothing behind.
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { e2eFacts } from './e2e-facts';

const stagingDir = path.resolve('test-results/e2e-uploads/staging');
const LIMIT = 2 * 1024 * 1024;
/** Scripts authenticate with an API token (the analyst's, issued by tests/e2e-setup.ts). */
const auth = () => ({
	authorization: `Bearer ${e2eFacts('test-results/e2e-uploads').analystToken}`
});

/** Staged folders without a meta.json: what a half-received upload would leave. */
function partialUploads(): string[] {
	if (!fs.existsSync(stagingDir)) return [];
	return fs
		.readdirSync(stagingDir)
		.filter((id) => !fs.existsSync(path.join(stagingDir, id, 'meta.json')));
}

function multipart(fileName: string, content: Buffer): { body: Buffer; contentType: string } {
	const boundary = `----ledger${Date.now()}`;
	const head = Buffer.from(
		`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\n` +
			'Content-Type: text/csv\r\n\r\n'
	);
	const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
	return {
		body: Buffer.concat([head, content, tail]),
		contentType: `multipart/form-data; boundary=${boundary}`
	};
}

function csvOfSize(bytes: number): Buffer {
	const header = '编号,社区,问题描述,提出时间\n';
	const rows: string[] = [];
	let size = Buffer.byteLength(header);
	for (let i = 0; size < bytes; i++) {
		const row = `H${i},云南路社区,楼道堆放杂物影响通行第${i}处,2018-11-05\n`;
		rows.push(row);
		size += Buffer.byteLength(row);
	}
	return Buffer.from(header + rows.join(''));
}

async function batchCount(baseURL: string): Promise<number> {
	const res = await fetch(`${baseURL}/api/v1/uploads`, { headers: auth() });
	return ((await res.json()) as { total: number }).total;
}

test('a body over the limit gets 413 with a message in Chinese, and nothing is kept', async ({
	baseURL
}) => {
	const before = await batchCount(baseURL!);
	const { body, contentType } = multipart('big.csv', csvOfSize(LIMIT + 100_000));
	const res = await fetch(`${baseURL}/api/v1/uploads?dryRun=1`, {
		method: 'POST',
		// SvelteKit refuses a cross-site form POST; a same-origin page sends this header.
		headers: { 'content-type': contentType, origin: baseURL!, ...auth() },
		body: new Uint8Array(body)
	});
	expect(res.status).toBe(413);
	expect(((await res.json()) as { error: string }).error).toContain('上限');
	expect(partialUploads()).toEqual([]);
	expect(await batchCount(baseURL!)).toBe(before);
});

test('a connection dropped mid-body leaves no batch and no temp file', async ({ baseURL }) => {
	const before = await batchCount(baseURL!);
	const { body, contentType } = multipart('cut.csv', csvOfSize(LIMIT - 200_000));
	const url = new URL(baseURL!);
	const socket = net.connect(Number(url.port), url.hostname);
	await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
	socket.write(
		`POST /api/v1/uploads HTTP/1.1\r\nHost: ${url.host}\r\nOrigin: ${baseURL}\r\n` +
			`Authorization: ${auth().authorization}\r\n` +
			`Content-Type: ${contentType}\r\nContent-Length: ${body.length}\r\n\r\n`
	);
	socket.write(body.subarray(0, Math.floor(body.length / 2)));
	// The half has reached the server's staging folder before the client goes away.
	await expect
		.poll(() => fs.existsSync(stagingDir) && partialUploads().length, { timeout: 10_000 })
		.toBe(1);
	socket.destroy();
	await expect.poll(() => partialUploads(), { timeout: 10_000 }).toEqual([]);
	expect(await batchCount(baseURL!)).toBe(before);
});

test('a page on another site cannot post an upload; a script without an Origin can', async ({
	baseURL
}) => {
	const before = await batchCount(baseURL!);
	const file = multipart(
		'script.csv',
		Buffer.from('编号,社区,问题描述,提出时间\nS1,云南路社区,脚本上传的问题,2018-11-05\n')
	);
	const send = (headers: Record<string, string>) =>
		fetch(`${baseURL}/api/v1/uploads?dryRun=1`, {
			method: 'POST',
			headers: { 'content-type': file.contentType, ...auth(), ...headers },
			body: new Uint8Array(file.body)
		});
	const crossSite = await send({ origin: 'http://evil.example' });
	expect(crossSite.status).toBe(403);
	expect(((await crossSite.json()) as { error: string }).error).toContain('其他网站');
	const script = await send({});
	expect(script.status).toBe(200);
	const [preview] = (
		(await script.json()) as { files: { stagedId: string; result: { rowsAccepted: number } }[] }
	).files;
	expect(preview.result.rowsAccepted).toBe(1);
	await fetch(`${baseURL}/api/v1/uploads/staged/${preview.stagedId}`, {
		method: 'DELETE',
		headers: auth()
	});
	expect(await batchCount(baseURL!)).toBe(before);
});
