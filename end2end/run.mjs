// Runs the browser tests with node's test runner (TAP output, read by CI).
// Each test file starts its own server on a free port (lib/server.mjs).
import { spawnSync } from 'node:child_process';
import { readdirSync, existsSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { binary } from './lib/server.mjs';

const here = dirname(fileURLToPath(import.meta.url));
if (!existsSync(binary)) {
  console.error(`No server at ${binary}: run scripts/build.sh first (scripts/test.sh does).`);
  process.exit(1);
}
const files = readdirSync(join(here, 'tests')).filter((f) => f.endsWith('.test.mjs')).map((f) => join(here, 'tests', f));
const res = spawnSync(process.execPath, ['--test', '--test-reporter=tap', '--test-concurrency=2', ...files], { stdio: 'inherit' });
process.exit(res.status ?? 1);
