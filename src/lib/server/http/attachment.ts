// Content-Disposition for a download whose name may be Chinese (RFC 6266 / RFC 5987): an ASCII
// fallback for old clients, and the real name as filename*.
export function attachment(fileName: string): string {
	const ascii = fileName.replace(/[^\x20-\x7e]|["\\]/g, '_');
	return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}
