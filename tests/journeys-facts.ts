// Copies what `ledger seed-demo` stored into a plain CSV beside the database, before the journeys'
// server opens (and then holds) the file: tests/journeys-model.ts starts its expected figures from
// it. Plain SQL over the `problems` table, not the product's query code, so the figures the
// journeys expect do not share the product's mistakes. Run by the journeys' webServer command.
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { DEMO_PROBLEMS_FILE } from './journeys-model';

const dataDir = process.env.LEDGER_DATA_DIR;
if (!dataDir) throw new Error('tests/journeys-facts.ts needs LEDGER_DATA_DIR');
const dbPath = process.env.LEDGER_DB || path.join(dataDir, 'ledger.duckdb');
const out = path.resolve(dataDir, DEMO_PROBLEMS_FILE);

const instance = await DuckDBInstance.create(dbPath, { access_mode: 'READ_ONLY' });
const connection = await instance.connect();
try {
	await connection.run(
		`COPY (SELECT community, problem_id, theme, status, strftime(reported_at, '%Y-%m-%d') AS reported_at
		       FROM problems ORDER BY community, problem_id)
		 TO '${out.replaceAll("'", "''")}' (HEADER, DELIMITER ',')`
	);
} finally {
	connection.closeSync();
	instance.closeSync();
}
