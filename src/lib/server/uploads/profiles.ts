// Mapping profiles saved per community (PRODUCT.md's profile JSON): the uploads page saves the
// analyst's column and value choices here, and the next file from that community starts from them.
// A scoped account reads, saves and deletes only its communities' profiles (the endpoints check).
import type { MappingProfile, ProfileValueKind, SavedProfile } from '../../domain/upload-model';
import type { LedgerDatabase } from '../db/database';
import { inScope, type Scope } from '../db/query-compiler';
import { readVocabulary } from '../db/vocabulary';
import { parseProfile } from '../ingest/profile';

/** Checks a profile's shape and that every field and code it names exists in this deployment. */
export async function validateProfile(db: LedgerDatabase, input: unknown): Promise<MappingProfile> {
	const vocabulary = await readVocabulary(db);
	const codes = (kind: Exclude<ProfileValueKind, 'status' | 'theme'>) =>
		new Set(vocabulary.terms[kind].map((t) => t.code));
	return parseProfile(input, {
		fields: new Set(vocabulary.fields.map((f) => f.field)),
		statuses: new Set(vocabulary.statuses.map((s) => s.code)),
		themes: new Set(vocabulary.themes.map((t) => t.code)),
		codes: {
			level: codes('level'),
			reporter_type: codes('reporter_type'),
			satisfaction: codes('satisfaction'),
			boolean: codes('boolean')
		}
	});
}

const SELECT = `SELECT community, profile::VARCHAR AS profile, strftime(updated_at, '%Y-%m-%d %H:%M') AS "updatedAt"
	FROM mapping_profiles`;

type StoredRow = { community: string; profile: string; updatedAt: string };

const fromRow = (row: StoredRow): SavedProfile => ({
	community: row.community,
	profile: JSON.parse(row.profile) as MappingProfile,
	updatedAt: row.updatedAt
});

export async function savedProfile(
	db: LedgerDatabase,
	community: string
): Promise<SavedProfile | null> {
	const [row] = await db.all<StoredRow>(
		`${SELECT} WHERE community = $1 ORDER BY updated_at DESC LIMIT 1`,
		[community]
	);
	return row ? fromRow(row) : null;
}

/** The profiles of the communities in `scope` (null: all). */
export async function listProfiles(db: LedgerDatabase, scope: Scope): Promise<SavedProfile[]> {
	return (await db.all<StoredRow>(`${SELECT} ORDER BY community`))
		.filter((row) => inScope(scope, row.community))
		.map(fromRow);
}

/** Replaces the community's profile (one per community); the profile must be validated first. */
export async function saveProfile(
	db: LedgerDatabase,
	community: string,
	profile: MappingProfile
): Promise<SavedProfile> {
	await db.transaction(async (c) => {
		await c.run('DELETE FROM mapping_profiles WHERE community = $1', [community]);
		await c.run(
			`INSERT INTO mapping_profiles (name, community, profile) VALUES ($1, $1, $2::JSON)`,
			[community, JSON.stringify(profile)]
		);
	});
	const saved = await savedProfile(db, community);
	if (!saved) throw new Error(`profile for ${community} was not saved`);
	return saved;
}

export async function deleteProfile(db: LedgerDatabase, community: string): Promise<boolean> {
	const [{ n }] = await db.all<{ n: number }>(
		'SELECT count(*)::INTEGER AS n FROM mapping_profiles WHERE community = $1',
		[community]
	);
	await db.all('DELETE FROM mapping_profiles WHERE community = $1', [community]);
	return n > 0;
}
