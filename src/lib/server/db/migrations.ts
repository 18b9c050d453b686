// Versioned schema migrations, applied in order when the database opens. A migration never changes
// once released; a new one is appended instead.
import type { DuckDBConnection } from '@duckdb/node-api';
import {
	ALWAYS_SUPPLIED,
	SUPPLIED_FIELD_BITS,
	suppliedMask,
	type CanonicalField
} from './supplied-fields';
import { FIELD_SEED, STATUS_SEED, TERM_SEED, THEME_SEED } from './vocabulary-seed';

interface Migration {
	version: number;
	name: string;
	up: (c: DuckDBConnection) => Promise<void>;
}

const SCHEMA_V1 = `
CREATE SEQUENCE upload_id_seq START 1;
CREATE TABLE uploads (
	id INTEGER PRIMARY KEY DEFAULT nextval('upload_id_seq'),
	sha256 VARCHAR NOT NULL,
	file_name VARCHAR NOT NULL,
	size_bytes BIGINT NOT NULL,
	format VARCHAR NOT NULL,
	encoding VARCHAR,
	delimiter VARCHAR,
	header_row INTEGER,
	sheet VARCHAR,
	community VARCHAR,
	uploaded_by VARCHAR NOT NULL,
	uploaded_at TIMESTAMP NOT NULL DEFAULT current_timestamp,
	exported_at DATE,
	rows_total INTEGER NOT NULL,
	rows_accepted INTEGER NOT NULL,
	rows_rejected INTEGER NOT NULL,
	rows_blank INTEGER NOT NULL,
	rows_inserted INTEGER NOT NULL,
	rows_updated INTEGER NOT NULL,
	status_changes INTEGER NOT NULL,
	unmapped_headers VARCHAR[] NOT NULL,
	column_mapping JSON,
	mapping_profile JSON,
	archive_path VARCHAR NOT NULL,
	state VARCHAR NOT NULL DEFAULT 'committed' CHECK (state IN ('committed', 'reverted'))
);
CREATE INDEX uploads_sha ON uploads (sha256);

CREATE TABLE problems (
	community VARCHAR NOT NULL,
	problem_id VARCHAR NOT NULL,
	id_derived BOOLEAN NOT NULL,
	street VARCHAR,
	reported_at DATE NOT NULL,
	reporter_type VARCHAR,
	reporter VARCHAR,
	theme VARCHAR NOT NULL,
	theme_label VARCHAR,
	theme_source VARCHAR NOT NULL CHECK (theme_source IN ('file', 'mapping', 'classified')),
	level VARCHAR,
	title VARCHAR,
	description VARCHAR NOT NULL,
	suggestion VARCHAR,
	measures VARCHAR,
	responsible_unit VARCHAR,
	responsible_person VARCHAR,
	deadline DATE,
	status VARCHAR NOT NULL,
	resolved_at DATE,
	satisfaction VARCHAR,
	is_bottleneck BOOLEAN,
	note VARCHAR,
	campaign VARCHAR,
	location VARCHAR,
	acknowledged_at DATE,
	verified_at DATE,
	progress INTEGER,
	status_notes VARCHAR,
	callback_resolved BOOLEAN,
	duplicate_of VARCHAR,
	extra MAP(VARCHAR, VARCHAR),
	first_upload_id INTEGER NOT NULL,
	last_upload_id INTEGER NOT NULL,
	source_row INTEGER NOT NULL
	-- No PRIMARY KEY (community, problem_id): its index costs more than the rest of a 1M-row load
	-- together. The ingest keeps the pair unique (one row per id per file, MERGE on the pair) and
	-- commits one batch at a time (see ingest/pipeline.ts).
);

CREATE TABLE status_events (
	community VARCHAR NOT NULL,
	problem_id VARCHAR NOT NULL,
	old_status VARCHAR,
	new_status VARCHAR NOT NULL,
	changed_on DATE NOT NULL,
	upload_id INTEGER NOT NULL
);

CREATE TABLE rejects (
	upload_id INTEGER NOT NULL,
	row_number INTEGER NOT NULL,
	column_name VARCHAR,
	value VARCHAR,
	reason VARCHAR NOT NULL
);

CREATE TABLE fields (
	field VARCHAR PRIMARY KEY,
	label_zh VARCHAR NOT NULL,
	kind VARCHAR NOT NULL,
	required BOOLEAN NOT NULL,
	aliases VARCHAR[] NOT NULL,
	sort_order INTEGER NOT NULL
);

CREATE TABLE statuses (
	code VARCHAR PRIMARY KEY,
	label_zh VARCHAR NOT NULL,
	label_en VARCHAR NOT NULL,
	type VARCHAR NOT NULL CHECK (type IN ('open', 'fixed', 'closed')),
	in_rates BOOLEAN NOT NULL,
	aliases VARCHAR[] NOT NULL,
	sort_order INTEGER NOT NULL
);

CREATE TABLE themes (
	code VARCHAR PRIMARY KEY,
	label_zh VARCHAR NOT NULL,
	label_en VARCHAR NOT NULL,
	aliases VARCHAR[] NOT NULL,
	keywords VARCHAR[] NOT NULL,
	sort_order INTEGER NOT NULL
);

CREATE TABLE terms (
	kind VARCHAR NOT NULL,
	code VARCHAR NOT NULL,
	label_zh VARCHAR NOT NULL,
	label_en VARCHAR NOT NULL,
	aliases VARCHAR[] NOT NULL,
	sort_order INTEGER NOT NULL,
	PRIMARY KEY (kind, code)
);

CREATE SEQUENCE mapping_profile_id_seq START 1;
CREATE TABLE mapping_profiles (
	id INTEGER PRIMARY KEY DEFAULT nextval('mapping_profile_id_seq'),
	name VARCHAR NOT NULL,
	community VARCHAR,
	profile JSON NOT NULL,
	created_at TIMESTAMP NOT NULL DEFAULT current_timestamp,
	updated_at TIMESTAMP NOT NULL DEFAULT current_timestamp
);
`;

// What an exact revert needs (uploads/revert.ts). A version is the row a batch replaced, copied
// column for column (same names, order and types as problems, so it goes back with INSERT BY NAME);
// the constraints stay on problems, which every version has already passed.
const SCHEMA_V2 = `
-- Made from problems as it stands at this migration, so the two cannot drift apart here; a later
-- migration that adds a column to problems adds it to problem_versions too (a test checks).
CREATE TABLE problem_versions AS SELECT NULL::INTEGER AS upload_id, * FROM problems LIMIT 0;

-- Which communities a batch's accepted rows named, for the uploads history (most files carry a
-- community column rather than one community for the whole file).
CREATE TABLE upload_communities (
	upload_id INTEGER NOT NULL,
	community VARCHAR NOT NULL,
	rows INTEGER NOT NULL
);

-- Append-only: a reverted upload keeps its row in uploads (state 'reverted') and its rejects.
CREATE TABLE upload_reverts (
	upload_id INTEGER NOT NULL,
	reverted_at TIMESTAMP NOT NULL DEFAULT current_timestamp,
	reverted_by VARCHAR NOT NULL,
	problems_deleted INTEGER NOT NULL,
	problems_restored INTEGER NOT NULL,
	status_events_removed INTEGER NOT NULL
);
`;

// Accounts (auth/): users with a role and an optional community scope (NULL = the whole street,
// [] = nothing), sessions and API tokens stored only as SHA-256 of their secret, and the audit
// log, which the code only ever appends to.
const SCHEMA_V3 = `
CREATE SEQUENCE user_id_seq START 1;
CREATE TABLE users (
	id INTEGER PRIMARY KEY DEFAULT nextval('user_id_seq'),
	username VARCHAR NOT NULL UNIQUE,
	display_name VARCHAR,
	password_hash VARCHAR NOT NULL,
	role VARCHAR NOT NULL CHECK (role IN ('admin', 'analyst', 'viewer')),
	scope VARCHAR[],
	disabled BOOLEAN NOT NULL DEFAULT false,
	created_at TIMESTAMP NOT NULL DEFAULT current_timestamp,
	password_changed_at TIMESTAMP NOT NULL DEFAULT current_timestamp
);

CREATE TABLE sessions (
	id VARCHAR PRIMARY KEY,
	user_id INTEGER NOT NULL,
	expires_at_ms BIGINT NOT NULL,
	created_at TIMESTAMP NOT NULL DEFAULT current_timestamp,
	address VARCHAR
);

CREATE SEQUENCE api_token_id_seq START 1;
CREATE TABLE api_tokens (
	id INTEGER PRIMARY KEY DEFAULT nextval('api_token_id_seq'),
	token_hash VARCHAR NOT NULL UNIQUE,
	user_id INTEGER NOT NULL,
	name VARCHAR NOT NULL,
	created_by VARCHAR NOT NULL,
	created_at TIMESTAMP NOT NULL DEFAULT current_timestamp,
	last_used_at TIMESTAMP,
	revoked_at TIMESTAMP
);

CREATE SEQUENCE audit_id_seq START 1;
CREATE TABLE audit_log (
	id BIGINT PRIMARY KEY DEFAULT nextval('audit_id_seq'),
	occurred_at TIMESTAMP NOT NULL DEFAULT current_timestamp,
	actor VARCHAR,
	actor_id INTEGER,
	address VARCHAR,
	action VARCHAR NOT NULL,
	target VARCHAR,
	detail JSON,
	result VARCHAR NOT NULL CHECK (result IN ('ok', 'failed', 'refused'))
);
CREATE INDEX audit_occurred ON audit_log (occurred_at);
`;

/** Lists travel as JSON text and are cast in SQL: the binding cannot type an empty list. */
const textList = (items: string[]): string => JSON.stringify(items);

async function seedVocabularies(c: DuckDBConnection): Promise<void> {
	for (const [i, f] of FIELD_SEED.entries()) {
		await c.run('INSERT INTO fields VALUES ($1, $2, $3, $4, $5::JSON::VARCHAR[], $6)', [
			f.field,
			f.labelZh,
			f.kind,
			f.required,
			textList(f.aliases),
			i
		]);
	}
	for (const [i, s] of STATUS_SEED.entries()) {
		await c.run('INSERT INTO statuses VALUES ($1, $2, $3, $4, $5, $6::JSON::VARCHAR[], $7)', [
			s.code,
			s.labelZh,
			s.labelEn,
			s.type,
			s.inRates,
			textList(s.aliases),
			i
		]);
	}
	for (const [i, t] of THEME_SEED.entries()) {
		await c.run(
			'INSERT INTO themes VALUES ($1, $2, $3, $4::JSON::VARCHAR[], $5::JSON::VARCHAR[], $6)',
			[t.code, t.labelZh, t.labelEn, textList(t.aliases), textList(t.keywords), i]
		);
	}
	for (const [i, t] of TERM_SEED.entries()) {
		await c.run('INSERT INTO terms VALUES ($1, $2, $3, $4, $5::JSON::VARCHAR[], $6)', [
			t.kind,
			t.code,
			t.labelZh,
			t.labelEn,
			textList(t.aliases),
			i
		]);
	}
}

/** The fields an upload's mapping (field -> header) and its profile's defaults named. */
function uploadMask(columnMapping: string | null, mappingProfile: string | null): number {
	const keys = (json: unknown): string[] =>
		json !== null && typeof json === 'object' && !Array.isArray(json) ? Object.keys(json) : [];
	const profile: unknown = mappingProfile === null ? null : JSON.parse(mappingProfile);
	const defaults =
		profile !== null && typeof profile === 'object' && 'defaults' in profile
			? profile.defaults
			: null;
	return suppliedMask([
		...keys(columnMapping === null ? null : JSON.parse(columnMapping)),
		...keys(defaults)
	]);
}

// Which fields each problem's exports supplied (db/supplied-fields.ts). What earlier batches
// supplied was not kept, so rows stored before this migration get what is left of it: the fields
// their first and last batches mapped or defaulted, every field with a stored value, and the ones
// every row has. street is left out of the stored-value rule: it is never NULL (the settings
// default fills it), so a value says nothing about the file.
async function addSuppliedFields(c: DuckDBConnection): Promise<void> {
	// DuckDB 1.5 refuses NOT NULL in ADD COLUMN ("Adding columns with constraints not yet
	// supported") but takes it as a second step. problem_versions stays unconstrained, as in v2.
	for (const table of ['problems', 'problem_versions']) {
		await c.run(`ALTER TABLE ${table} ADD COLUMN supplied_fields INTEGER DEFAULT 0`);
	}
	await c.run('ALTER TABLE problems ALTER COLUMN supplied_fields SET NOT NULL');
	const uploads = (
		await c.runAndReadAll(
			'SELECT id, column_mapping::VARCHAR AS mapping, mapping_profile::VARCHAR AS profile FROM uploads'
		)
	).getRowObjectsJS() as { id: number; mapping: string | null; profile: string | null }[];
	await c.run(
		`CREATE TEMP TABLE upload_supplied AS
		 SELECT unnest($1::JSON::INTEGER[]) AS id, unnest($2::JSON::INTEGER[]) AS mask`,
		[
			JSON.stringify(uploads.map((u) => u.id)),
			JSON.stringify(uploads.map((u) => uploadMask(u.mapping, u.profile)))
		]
	);
	// A stored value shows the field was supplied, but for street (the settings default always
	// fills it) and acknowledged_at (it may be derived from the status history, which is no record
	// of an acknowledgement): those count only when an upload mapped or defaulted them.
	const NOT_BY_VALUE: CanonicalField[] = ['street', 'acknowledged_at'];
	const always = suppliedMask(ALWAYS_SUPPLIED);
	// Only the fields of this migration's time (bits 0–27): a field added later has no column yet here.
	const byValue = (Object.keys(SUPPLIED_FIELD_BITS) as CanonicalField[])
		.filter(
			(f) =>
				SUPPLIED_FIELD_BITS[f] <= 27 && !NOT_BY_VALUE.includes(f) && !ALWAYS_SUPPLIED.includes(f)
		)
		.map((f) => `CASE WHEN t.${f} IS NOT NULL THEN ${suppliedMask([f])} ELSE 0 END`);
	const ofUpload = (column: string) =>
		`coalesce((SELECT u.mask FROM upload_supplied u WHERE u.id = t.${column}), 0)`;
	for (const table of ['problems', 'problem_versions']) {
		await c.run(
			`UPDATE ${table} t SET supplied_fields = ${[always, ...byValue, ofUpload('first_upload_id'), ofUpload('last_upload_id')].join(' | ')}`
		);
	}
	await c.run('DROP TABLE upload_supplied');
}

/**
 * Scope by construction for batches (issue 15): each reject keeps the community of its row, so a
 * scoped account reads only its own communities' rejects; each upload keeps what it was loaded
 * with (load_key: the bytes, mapping and options; load_street/load_scope: the uploader's scope),
 * so the same bytes under a wider scope or another mapping are loaded rather than skipped. Old
 * rejects get the community their batch was uploaded for, or the one an out-of-scope reject names
 * in its value; any other stays NULL and is seen only by the whole street. Old uploads have no
 * load key (their uploader's scope is unknown), so their file is loaded again if uploaded again,
 * rather than skipped under a scope that may have rejected its rows.
 */
async function addBatchScope(c: DuckDBConnection): Promise<void> {
	await c.run('ALTER TABLE rejects ADD COLUMN community VARCHAR');
	await c.run('ALTER TABLE uploads ADD COLUMN load_key VARCHAR');
	await c.run('ALTER TABLE uploads ADD COLUMN load_street BOOLEAN');
	await c.run('ALTER TABLE uploads ADD COLUMN load_scope VARCHAR[]');
	await c.run(
		`UPDATE rejects r SET community = u.community FROM uploads u
		 WHERE u.id = r.upload_id AND u.community IS NOT NULL`
	);
	await c.run(
		`UPDATE rejects SET community = value
		 WHERE community IS NULL AND value IS NOT NULL AND reason LIKE '社区“%”不在本账号的社区范围内%'`
	);
}

// The theme classifier (themes/): the one trained model, kept so a restart does not lose it, and
// on each problem the classifier's confidence and deciding words. theme_source keeps its values:
// the classifier writes 'classified', as the keyword rules did.
const SCHEMA_V6 = `
CREATE TABLE theme_models (
	trained_at TIMESTAMP NOT NULL DEFAULT current_timestamp,
	kind VARCHAR NOT NULL CHECK (kind IN ('logistic', 'complement_nb')),
	themes VARCHAR[] NOT NULL,
	bias FLOAT[] NOT NULL,
	temperature DOUBLE NOT NULL,
	labelled_rows INTEGER NOT NULL,
	theme_rows JSON NOT NULL
);
CREATE TABLE theme_model_features (
	feature VARCHAR NOT NULL,
	idf FLOAT NOT NULL,
	weights FLOAT[] NOT NULL
);
ALTER TABLE problems ADD COLUMN theme_confidence DOUBLE;
ALTER TABLE problems ADD COLUMN theme_evidence VARCHAR[];
ALTER TABLE problem_versions ADD COLUMN theme_confidence DOUBLE;
ALTER TABLE problem_versions ADD COLUMN theme_evidence VARCHAR[];
`;

export const MIGRATIONS: Migration[] = [
	{
		version: 1,
		name: 'problems, uploads, rejects, status events, vocabularies, mapping profiles',
		up: async (c) => {
			await c.run(SCHEMA_V1);
			await seedVocabularies(c);
		}
	},
	{
		version: 2,
		name: 'problem versions, upload communities and upload reverts',
		up: async (c) => {
			await c.run(SCHEMA_V2);
		}
	},
	{
		version: 3,
		name: 'users, sessions, API tokens and the audit log',
		up: async (c) => {
			await c.run(SCHEMA_V3);
		}
	},
	{
		version: 4,
		name: 'which fields each problem row was supplied with (supplied_fields)',
		up: addSuppliedFields
	},
	{
		version: 5,
		name: 'the community of each reject; the load key and scope of each upload',
		up: addBatchScope
	},
	{
		version: 6,
		name: 'the trained theme model; confidence and evidence of classified themes',
		up: async (c) => {
			await c.run(SCHEMA_V6);
		}
	}
];

export async function migrate(c: DuckDBConnection): Promise<number[]> {
	await c.run(`CREATE TABLE IF NOT EXISTS schema_migrations (
		version INTEGER PRIMARY KEY,
		name VARCHAR NOT NULL,
		applied_at TIMESTAMP NOT NULL DEFAULT current_timestamp
	)`);
	const done = new Set(
		(await c.runAndReadAll('SELECT version FROM schema_migrations'))
			.getRowObjectsJS()
			.map((r) => Number(r.version))
	);
	const applied: number[] = [];
	for (const m of MIGRATIONS) {
		if (done.has(m.version)) continue;
		await c.run('BEGIN TRANSACTION');
		try {
			await m.up(c);
			await c.run('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [
				m.version,
				m.name
			]);
			await c.run('COMMIT');
		} catch (err) {
			await c.run('ROLLBACK');
			throw err;
		}
		applied.push(m.version);
	}
	return applied;
}
