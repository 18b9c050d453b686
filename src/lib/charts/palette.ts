// Chart colours for the light and dark themes. Text and axis colours follow src/app.css; series
// colours keep 3:1 contrast against the surface, and status types keep their meaning everywhere:
// open = amber to red (stalled is the red), fixed = green, closed = grey.
import type { StatusType } from '$lib/domain/vocabulary';
import type { ChartTheme } from './types';

export interface Palette {
	text: string;
	muted: string;
	axis: string;
	split: string;
	surface: string;
	tooltipBorder: string;
	/** Single-series bars (rankings). */
	bar: string;
	created: string;
	resolved: string;
	backlog: string;
	/** Theme heat: more problems than last period, fewer. */
	rise: string;
	fall: string;
	/** Sequential ramp for the heat grid, low to high. */
	heat: string[];
	statusType: Record<StatusType, string>;
	/** Known status codes of csv-schema.md; other codes take a shade of their type. */
	status: Record<string, string>;
	statusShades: Record<StatusType, string[]>;
	/** One colour per compared unit (the compare page's lines, boxes and grouped bars), in order. */
	units: string[];
	/** The whole street beside the units. */
	street: string;
	/** Categories without a colour of their own (the themes of a mix), in order. */
	categorical: string[];
	/**
	 * Label colours on filled shapes; readableOn() picks the one with more contrast. Pure white and
	 * black: with any softer pair some fill along the heat ramp gives neither 4.5:1.
	 */
	onDark: string;
	onLight: string;
}

const light: Palette = {
	text: '#1f2328',
	muted: '#59636e',
	axis: '#d8dee4',
	split: '#eaeef2',
	surface: '#ffffff',
	tooltipBorder: '#d8dee4',
	bar: '#c8433a',
	created: '#2f6feb',
	resolved: '#1a7f37',
	backlog: '#b35900',
	rise: '#cf222e',
	fall: '#0969da',
	heat: ['#fdf1ee', '#f9c9bd', '#f08a73', '#d1432f', '#8e1b12'],
	statusType: { open: '#d4760a', fixed: '#1a7f37', closed: '#8c959f' },
	status: {
		pending: '#f2b24c',
		assigned: '#e8962a',
		in_progress: '#d4760a',
		ongoing: '#b35900',
		stalled: '#b42318',
		resolved: '#4ac26b',
		verified: '#1a7f37',
		not_adopted: '#8c959f',
		referred: '#6e7781',
		duplicate: '#afb8c1',
		withdrawn: '#c9d1d9'
	},
	statusShades: {
		open: ['#f2b24c', '#e8962a', '#d4760a', '#b35900', '#b42318'],
		fixed: ['#4ac26b', '#1a7f37', '#116329'],
		closed: ['#8c959f', '#6e7781', '#afb8c1', '#c9d1d9']
	},
	units: ['#2f6feb', '#b35900', '#1a7f37', '#8250df', '#bf3989', '#0e7490'],
	street: '#59636e',
	categorical: [
		'#4e79a7',
		'#f28e2b',
		'#e15759',
		'#76b7b2',
		'#59a14f',
		'#edc948',
		'#b07aa1',
		'#ff9da7',
		'#9c755f',
		'#bab0ac',
		'#86bcb6',
		'#d37295'
	],
	onDark: '#ffffff',
	onLight: '#000000'
};

const dark: Palette = {
	text: '#e6edf3',
	muted: '#9198a1',
	axis: '#3d444d',
	split: '#262c36',
	surface: '#161b22',
	tooltipBorder: '#3d444d',
	bar: '#f47067',
	created: '#539bf5',
	resolved: '#57ab5a',
	backlog: '#e0823d',
	rise: '#ff7b72',
	fall: '#58a6ff',
	heat: ['#2a2020', '#5c2a24', '#9b3a2e', '#dc5a43', '#ffa28b'],
	statusType: { open: '#e0823d', fixed: '#57ab5a', closed: '#768390' },
	status: {
		pending: '#f2cc60',
		assigned: '#eac55f',
		in_progress: '#e0823d',
		ongoing: '#c96d2d',
		stalled: '#f47067',
		resolved: '#8ddb8c',
		verified: '#57ab5a',
		not_adopted: '#768390',
		referred: '#636e7b',
		duplicate: '#545d68',
		withdrawn: '#444c56'
	},
	statusShades: {
		open: ['#f2cc60', '#eac55f', '#e0823d', '#c96d2d', '#f47067'],
		fixed: ['#8ddb8c', '#57ab5a', '#46954a'],
		closed: ['#768390', '#636e7b', '#545d68', '#444c56']
	},
	units: ['#539bf5', '#e0823d', '#57ab5a', '#b083f0', '#e275ad', '#39c5cf'],
	street: '#9198a1',
	categorical: [
		'#6b9bd1',
		'#f5a35c',
		'#ef7d7f',
		'#8fd0ca',
		'#7fc06f',
		'#f1d46b',
		'#c99bbd',
		'#ffb6bf',
		'#b8917a',
		'#cfc7c2',
		'#a3d4cf',
		'#e597b3'
	],
	onDark: '#ffffff',
	onLight: '#000000'
};

export const PALETTES: Record<ChartTheme, Palette> = { light, dark };

/** Colour of a status: its own if known, else a shade of its type picked by its position. */
export function statusColor(
	palette: Palette,
	code: string,
	type: StatusType,
	indexInType: number
): string {
	const shades = palette.statusShades[type];
	return palette.status[code] ?? shades[indexInType % shades.length];
}

/** Colour of the nth compared unit; the palette repeats past its end. */
export function unitColor(palette: Palette, index: number): string {
	return palette.units[index % palette.units.length];
}

/** Colour of the nth category of a mix; the palette repeats past its end. */
export function categoryColor(palette: Palette, index: number): string {
	return palette.categorical[index % palette.categorical.length];
}

function channels(hex: string): [number, number, number] {
	const h = hex.replace('#', '');
	const full =
		h.length === 3
			? h
					.split('')
					.map((c) => c + c)
					.join('')
			: h;
	return [0, 2, 4].map((i) => parseInt(full.slice(i, i + 2), 16)) as [number, number, number];
}

function toHex(rgb: number[]): string {
	return '#' + rgb.map((c) => Math.round(c).toString(16).padStart(2, '0')).join('');
}

/** WCAG relative luminance of a #rrggbb colour. */
export function luminance(hex: string): number {
	const [r, g, b] = channels(hex).map((c) => {
		const s = c / 255;
		return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
	});
	return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** WCAG contrast ratio of two colours (1 to 21). */
export function contrast(a: string, b: string): number {
	const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
	return (hi + 0.05) / (lo + 0.05);
}

/** The label colour that reads better on a fill. */
export function readableOn(fill: string, palette: Palette): string {
	return contrast(fill, palette.onDark) >= contrast(fill, palette.onLight)
		? palette.onDark
		: palette.onLight;
}

/** The colour at t (0..1) along a ramp, as the continuous visual map interpolates it. */
export function rampColor(stops: string[], t: number): string {
	const x = Math.min(1, Math.max(0, t)) * (stops.length - 1);
	const i = Math.min(stops.length - 2, Math.floor(x));
	const a = channels(stops[i]);
	const b = channels(stops[i + 1]);
	const f = x - i;
	return toHex(a.map((c, k) => c + (b[k] - c) * f));
}
