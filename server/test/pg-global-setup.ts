// Once per PostgreSQL test run: a migrated template database that each test file clones (CREATE DATABASE … TEMPLATE).
import pg from 'pg';
import { openPostgres } from '../db/client.ts';
import { migrate } from '../db/migrate.ts';

export default async function setup() {
  const base = process.env.TEST_DATABASE_URL!;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS linli_test_template WITH (FORCE)`);
  await admin.query(`CREATE DATABASE linli_test_template`);
  await admin.end();
  const url = new URL(base);
  url.pathname = '/linli_test_template';
  const db = await openPostgres(url.toString(), 1);
  await migrate(db);
  await db.close();
}
