// The light/dark choice lives in a cookie, so the server renders pages and chart SVGs in the theme
// the user picked, with or without JavaScript. Set by src/routes/theme/+server.ts.
export const THEME_COOKIE = 'ledger_theme';
export type Theme = 'light' | 'dark';

export function readTheme(value: string | undefined): Theme {
	return value === 'dark' ? 'dark' : 'light';
}
