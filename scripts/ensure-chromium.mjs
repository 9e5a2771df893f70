// The browser tests drive Debian's Chromium. Install it (and CJK fonts, so Chinese renders) when absent.
import fs from 'node:fs';
import { execSync } from 'node:child_process';

const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (!fs.existsSync(chromium)) {
  if (process.getuid?.() !== 0) {
    console.error(`[linli] ${chromium} is missing. Install it with: sudo apt-get install -y chromium fonts-noto-cjk`);
    process.exit(1);
  }
  console.log('[linli] installing Debian chromium for the browser tests…');
  execSync('apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk', { stdio: 'inherit', shell: '/bin/bash' });
}
