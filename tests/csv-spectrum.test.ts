// The parse step against the public csv-spectrum suite: the records it produces, before any header
// mapping, equal the suite's JSON. Two fixtures disagree with their own CSV as stored in the corpus;
// those differences are asserted exactly, so a parser change still shows.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readRecords } from '../src/lib/server/ingest/read-records';
import { CORPUS } from '../src/lib/server/ingest/test-corpus';
import { sandbox, type Sandbox } from '../src/lib/server/ingest/test-support';

const SUITE = path.join(CORPUS, 'parsers', 'csv-spectrum');
const names = fs.readdirSync(path.join(SUITE, 'csvs')).map((f) => f.replace(/\.csv$/, ''));

/** Known fixture errors: the field, what the JSON says, what the CSV holds, and when it applies. */
const FIXTURE_ERRATA: Record<
	string,
	{ field: string; json: string; csv: string; when: (bytes: Buffer) => boolean }
> = {
	// Upstream checks this file out with CRLF (.gitattributes eol=crlf); a copy made without git
	// has LF line ends, while the JSON was written for CRLF.
	newlines_crlf: {
		field: 'a',
		json: 'Once upon \r\na time',
		csv: 'Once upon \na time',
		when: (bytes) => !bytes.includes('\r\n')
	},
	// Upstream's JSON carries a different phone number from its CSV.
	location_coordinates: {
		field: 'Contact Phone Number',
		json: '1234567890',
		csv: '2095257564',
		when: () => true
	}
};

let box: Sandbox;
beforeAll(async () => {
	box = await sandbox();
});
afterAll(async () => box.dispose());

describe('csv-spectrum', () => {
	it.each(names)('%s', async (name) => {
		const raw = JSON.parse(fs.readFileSync(path.join(SUITE, 'json', `${name}.json`), 'utf8')) as
			Record<string, string> | Record<string, string>[];
		const expected = (Array.isArray(raw) ? raw : [raw]).map((o) => ({ ...o }));
		const csvFile = path.join(SUITE, 'csvs', `${name}.csv`);
		const erratum = FIXTURE_ERRATA[name];
		if (erratum?.when(fs.readFileSync(csvFile))) {
			const hit = expected.filter((o) => o[erratum.field] === erratum.json);
			expect(hit).toHaveLength(1);
			hit[0][erratum.field] = erratum.csv;
		}
		const records = await readRecords(box.db, csvFile, {
			delimiter: ',',
			tmpDir: box.options.tmpDir
		});
		const [header, ...rows] = records;
		const objects = rows.map((r) =>
			Object.fromEntries(header.map((h, i) => [h ?? '', r[i] ?? '']))
		);
		expect(objects).toEqual(expected);
	});
});
