// The URL id of one problem (/problems/[id]): a problem is known by its community and its id within
// that community, so the key carries both, as base64url of the JSON pair. Pure; server and browser.

export interface ProblemRef {
	community: string;
	problemId: string;
}

/** Longest key parseProblemKey reads: two 200-character names stay well below it. */
const MAX_KEY_LENGTH = 4096;

function toBase64Url(text: string): string {
	let binary = '';
	for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
	return btoa(binary).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
}

function fromBase64Url(key: string): string | null {
	if (!/^[A-Za-z0-9_-]*$/.test(key) || key.length % 4 === 1) return null;
	const base64 = key.replaceAll('-', '+').replaceAll('_', '/');
	const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
	try {
		return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
	} catch {
		return null;
	}
}

export function problemKey(community: string, problemId: string): string {
	return toBase64Url(JSON.stringify([community, problemId]));
}

/** The pair a key stands for, or null for anything problemKey could not have made. */
export function parseProblemKey(key: string): ProblemRef | null {
	if (!key || key.length > MAX_KEY_LENGTH) return null;
	const json = fromBase64Url(key);
	if (json === null) return null;
	let value: unknown;
	try {
		value = JSON.parse(json);
	} catch {
		return null;
	}
	if (!Array.isArray(value) || value.length !== 2) return null;
	const [community, problemId] = value as unknown[];
	if (typeof community !== 'string' || typeof problemId !== 'string') return null;
	if (!community || !problemId) return null;
	return { community, problemId };
}
