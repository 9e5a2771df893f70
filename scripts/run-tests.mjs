// `npm test`: unit + integration tests on PGlite, the same suite on PostgreSQL when TEST_DATABASE_URL is set,
// then the browser journeys in Chromium. Prints one closing line "tests: N passed, N failed".
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'linli-results-'));
const runs = [
  { name: 'unit + integration (PGlite' + (process.env.TEST_DATABASE_URL ? ' and PostgreSQL)' : ')'), args: ['vitest', 'run'] },
  { name: 'browser journeys (Chromium)', args: ['vitest', 'run', '--config', 'e2e/vitest.config.ts'] },
];
const only = process.argv[2];
let passed = 0, failed = 0, exit = 0;
for (const [i, r] of runs.entries()) {
  if (only === '--unit' && i > 0) continue;
  if (only === '--e2e' && i === 0) continue;
  console.log(`\n### ${r.name}`);
  const json = path.join(tmp, `r${i}.json`);
  const res = spawnSync('npx', [...r.args, '--reporter=default', '--reporter=json', `--outputFile.json=${json}`], { stdio: 'inherit', env: process.env });
  if (fs.existsSync(json)) {
    const report = JSON.parse(fs.readFileSync(json, 'utf8'));
    passed += report.numPassedTests;
    failed += report.numFailedTests + (report.numFailedTestSuites && !report.numFailedTests ? report.numFailedTestSuites : 0);
  } else failed++;
  if (res.status !== 0) exit = 1;
}
console.log(`\ntests: ${passed} passed, ${failed} failed`);
process.exit(exit || (failed ? 1 : 0));
