// How a written header or vocabulary label is compared, shared by the ingest (server) and the
// uploads page (browser), so both agree on which header a mapping names.

/**
 * Normalises a header or vocabulary label for matching: NFKC (full-width to half-width), no
 * required-marks (`*`, `（必填）`), no inner whitespace, lower case.
 */
export function normaliseLabel(text: string): string {
	return text
		.normalize('NFKC')
		.replace(/[(]\s*必填\s*[)]/g, '')
		.replace(/[*＊]/g, '')
		.replace(/\s+/g, '')
		.toLowerCase();
}
