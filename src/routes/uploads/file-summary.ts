// How a preview describes its file in words: encoding, delimiter, where the header is.
import type { FileResult } from '$lib/domain/upload-model';
import { m } from '$lib/paraglide/messages';

const ENCODINGS: Record<string, string> = {
	'utf-8': 'UTF-8',
	gb18030: 'GB18030',
	'utf-16le': 'UTF-16LE',
	'utf-16be': 'UTF-16BE'
};

/** "编码：GB18030" for a text file; "Excel 工作表：Sheet1" for a workbook, which has no encoding. */
export function encodingText(result: FileResult): string | null {
	if (result.format === 'xlsx') return m.uploads_summary_sheet({ sheet: result.sheet ?? '' });
	if (!result.encoding) return null;
	return m.uploads_summary_encoding({
		encoding: ENCODINGS[result.encoding] ?? result.encoding.toUpperCase()
	});
}

/** The delimiter by name (a workbook has none of its own). */
export function delimiterText(result: FileResult): string | null {
	if (result.format !== 'csv' || !result.delimiter) return null;
	switch (result.delimiter) {
		case ',':
			return m.uploads_delimiter_comma();
		case '\t':
			return m.uploads_delimiter_tab();
		case ';':
			return m.uploads_delimiter_semicolon();
		case '|':
			return m.uploads_delimiter_bar();
		default:
			return result.delimiter;
	}
}
