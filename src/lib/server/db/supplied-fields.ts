// Which canonical fields a problem's exports supplied, as a bit mask stored in
// problems.supplied_fields, so a rate can say "无数据" where no export had the field rather than 0 %.
// Written by ingest/commit.ts and migration 4; read by KPI SQL through suppliedSql().

/**
 * A bit position for every canonical field (FIELD_SEED, from csv-schema.md). Positions are stored
 * in every row, so they never change: this table is append-only, and a new field takes the next
 * bit. 28 fields use bits 0–27; up to bit 30 still fits the signed INTEGER column.
 */
export const SUPPLIED_FIELD_BITS = {
	problem_id: 0,
	community: 1,
	street: 2,
	reported_at: 3,
	reporter_type: 4,
	reporter: 5,
	theme: 6,
	level: 7,
	title: 8,
	description: 9,
	suggestion: 10,
	measures: 11,
	responsible_unit: 12,
	responsible_person: 13,
	deadline: 14,
	status: 15,
	resolved_at: 16,
	satisfaction: 17,
	is_bottleneck: 18,
	note: 19,
	campaign: 20,
	location: 21,
	acknowledged_at: 22,
	verified_at: 23,
	progress: 24,
	status_notes: 25,
	callback_resolved: 26,
	duplicate_of: 27
} as const;

export type CanonicalField = keyof typeof SUPPLIED_FIELD_BITS;

/** Fields every stored row has (derived or defaulted when the file lacks them), so always supplied. */
export const ALWAYS_SUPPLIED: readonly CanonicalField[] = [
	'problem_id',
	'community',
	'reported_at',
	'description',
	'theme',
	'status'
];

const isCanonical = (name: string): name is CanonicalField =>
	Object.hasOwn(SUPPLIED_FIELD_BITS, name);

/** The mask of `fields`; names that are no canonical field (extra columns) are ignored. */
export function suppliedMask(fields: Iterable<string>): number {
	let mask = 0;
	for (const f of fields) if (isCanonical(f)) mask |= 1 << SUPPLIED_FIELD_BITS[f];
	return mask;
}

const SQL_ALIAS = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * A SQL boolean: the row's exports supplied every one of `fields`. The text holds only constants —
 * the mask as a number literal and an alias checked to be a plain identifier.
 */
export function suppliedSql(fields: readonly CanonicalField[], alias = 'p'): string {
	if (!SQL_ALIAS.test(alias)) throw new Error(`suppliedSql: not a table alias: ${alias}`);
	if (fields.length === 0) return 'true';
	const mask = suppliedMask(fields);
	return `(${alias}.supplied_fields & ${mask}) = ${mask}`;
}
