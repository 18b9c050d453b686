// A server-rendered chart SVG as a data: URL for an <img>. Base64 of the UTF-8 bytes: percent-
// encoding would triple every Chinese label (9 bytes a character) and the page's weight with it.

/**
 * The data URLs of the last charts encoded: a cached view serves the same SVG strings request after
 * request, and encoding them was the largest part of rendering the overview's HTML.
 */
const recent = new Map<string, string>();
const RECENT = 32;

export function svgDataUrl(svg: string): string {
	const known = recent.get(svg);
	if (known !== undefined) return known;
	const url = encode(svg);
	if (recent.size >= RECENT) recent.delete(recent.keys().next().value!);
	recent.set(svg, url);
	return url;
}

function encode(svg: string): string {
	const bytes = new TextEncoder().encode(svg);
	let binary = '';
	// In slices: String.fromCharCode(...bytes) overflows the call stack on a large chart.
	for (let i = 0; i < bytes.length; i += 0x8000) {
		binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
	}
	return `data:image/svg+xml;base64,${btoa(binary)}`;
}
