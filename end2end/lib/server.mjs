// Starts the release server on a free port with a throwaway database.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

export async function startServer({ demo = true, env = {} } = {}) {
  const dataDir = mkdtempSync(join(tmpdir(), 'rtw-e2e-'));
  const child = spawn(join(root, 'target', 'release', 'rtw-portal'), [], {
    env: {
      ...process.env,
      LEPTOS_OUTPUT_NAME: 'rtw-portal',
      LEPTOS_SITE_ROOT: join(root, 'target', 'site'),
      LEPTOS_SITE_PKG_DIR: 'pkg',
      LEPTOS_SITE_ADDR: '127.0.0.1:0',
      LEPTOS_ENV: 'PROD',
      LEPTOS_HASH_FILES: 'true',
      RTW_DATA_DIR: dataDir,
      RTW_DEMO: demo ? '1' : '0',
      RUST_LOG: 'warn',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 30_000);
    const onData = (chunk) => {
      output += chunk;
      const m = output.match(/listening on (http:\/\/[\d.:]+)/);
      if (m) { clearTimeout(timer); resolve(m[1]); }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (c) => { output += c; });
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`server exited ${code}:\n${output}`)); });
  });
  return {
    url,
    dataDir,
    output: () => output,
    async stop() {
      child.kill('SIGINT');
      await new Promise((r) => { if (child.exitCode !== null) r(); else child.on('exit', r); });
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
