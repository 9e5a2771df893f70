// Runs `npm ci` when node_modules is missing or older than package-lock.json (a fresh clone, or a pull
// that changed dependencies). Uses only Node's standard library: it runs before anything is installed.
import fs from 'node:fs';
import { execSync } from 'node:child_process';

const lock = 'package-lock.json';
const marker = 'node_modules/.package-lock.json';
const stale = !fs.existsSync(marker) || fs.statSync(marker).mtimeMs < fs.statSync(lock).mtimeMs;
if (stale) {
  console.log('[linli] installing dependencies (npm ci)…');
  execSync('npm ci --no-audit --no-fund', { stdio: 'inherit' });
}
