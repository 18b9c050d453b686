// The vocabularies as the views use them: fields, statuses with their types, themes, levels,
// reporter types and satisfaction grades, each with both labels. Read from the database by
// src/lib/server/db/vocabulary.ts (the one reader); the label lookups here are pure.

export const STATUS_TYPES = ['open', 'fixed', 'closed'] as const;
export type StatusType = (typeof STATUS_TYPES)[number];

/** The kinds of the `terms` table, plus the two vocabularies with tables of their own. */
export type TermKind = 'theme' | 'status' | 'level' | 'reporter_type' | 'satisfaction' | 'boolean';

export interface Labelled {
	code: string;
	labelZh: string;
	labelEn: string;
}

export interface Term extends Labelled {
	sortOrder: number;
	/** Other spellings an export may use (csv-schema.md), before normalising. */
	aliases: string[];
}

export interface StatusTerm extends Term {
	type: StatusType;
	/** Counted in V (every status but duplicate and withdrawn, unless a deployment says otherwise). */
	inRates: boolean;
}

export interface ThemeTerm extends Term {
	/** Words that classify a problem's text into the theme. */
	keywords: string[];
}

export interface FieldTerm {
	field: string;
	labelZh: string;
	/** text, date, status, theme, level, reporter_type, satisfaction, boolean, integer */
	kind: string;
	required: boolean;
	aliases: string[];
}

/** Every vocabulary of a deployment, each in its sort order. */
export interface Vocabulary {
	fields: FieldTerm[];
	statuses: StatusTerm[];
	themes: ThemeTerm[];
	/** The `terms` table by kind: level, reporter_type, satisfaction, boolean. */
	terms: Record<Exclude<TermKind, 'theme' | 'status'>, Term[]>;
}

/** 状态类型 come from csv-schema.md, not from a table; their names are UI text. */
export const STATUS_TYPE_LABELS: Record<StatusType, Labelled> = {
	open: { code: 'open', labelZh: '未办结', labelEn: 'Open' },
	fixed: { code: 'fixed', labelZh: '已解决', labelEn: 'Fixed' },
	closed: { code: 'closed', labelZh: '已关闭', labelEn: 'Closed' }
};

/** How an optional field's missing value is shown (a level or a reporter type not given). */
export const NOT_GIVEN = { labelZh: '未填写', labelEn: 'Not given' } as const;

/** The terms of one kind, as a list in sort order. */
export function termsOf(vocabulary: Vocabulary, kind: TermKind): Term[] {
	if (kind === 'theme') return vocabulary.themes;
	if (kind === 'status') return vocabulary.statuses;
	return vocabulary.terms[kind];
}

/** Label lookups by kind and code, with the vocabulary's sort order. */
export class Labels {
	private readonly byKind = new Map<TermKind, Map<string, Term>>();

	constructor(readonly vocabulary: Vocabulary) {
		for (const kind of ['theme', 'status', 'level', 'reporter_type', 'satisfaction'] as const) {
			this.byKind.set(kind, new Map(termsOf(vocabulary, kind).map((t) => [t.code, t])));
		}
	}

	get(kind: TermKind, code: string): Term | undefined {
		return this.byKind.get(kind)?.get(code);
	}

	status(code: string): StatusTerm | undefined {
		return this.get('status', code) as StatusTerm | undefined;
	}

	/** Both labels of a code; a code the vocabulary lost (an edited taxonomy) shows as itself. */
	of(kind: TermKind, code: string): Labelled {
		const term = this.get(kind, code);
		return { code, labelZh: term?.labelZh ?? code, labelEn: term?.labelEn ?? code };
	}

	/** Sort position: known codes in their order, unknown ones after, "not given" (null) last. */
	order(kind: TermKind, code: string | null): number {
		if (code === null) return Number.MAX_SAFE_INTEGER;
		return this.get(kind, code)?.sortOrder ?? Number.MAX_SAFE_INTEGER - 1;
	}
}

/** The statuses as lists of codes by type, and those counted in rates (V). */
export interface StatusCodes {
	open: string[];
	fixed: string[];
	closed: string[];
	inRates: string[];
}

export function statusCodesOf(statuses: readonly Pick<StatusTerm, 'code' | 'type' | 'inRates'>[]) {
	const of = (type: StatusType) => statuses.filter((s) => s.type === type).map((s) => s.code);
	return {
		open: of('open'),
		fixed: of('fixed'),
		closed: of('closed'),
		inRates: statuses.filter((s) => s.inRates).map((s) => s.code)
	} satisfies StatusCodes;
}
