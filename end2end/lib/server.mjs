// Starts the server on a free port with a throwaway database, and a local
// SMTP server that receives its mail.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { startMailServer } from './mail.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/// The server binary under test: RTW_BINARY (the test command sets the debug
/// build `cargo test` made), else the release build of scripts/build.sh.
export const binary = process.env.RTW_BINARY
  ? resolve(root, process.env.RTW_BINARY)
  : join(root, 'target', 'release', 'rtw-portal');

/// `smtp`: true (default) starts an SMTP server for this instance alone; a
/// server from `startMailServer()` is shared (the caller closes it); false
/// leaves SMTP unset (a demo then prints mail to the console).
export async function startServer({ demo = true, env = {}, smtp = true } = {}) {
  const own = smtp === true ? await startMailServer() : null;
  const mailbox = own ?? (smtp || null);
  const dataDir = mkdtempSync(join(tmpdir(), 'rtw-e2e-'));
  // Mail settings of the shell running the tests never reach a real server.
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^RTW_(SMTP_|MAIL_)/.test(k)));
  const child = spawn(binary, [], {
    env: {
      ...inherited,
      LEPTOS_OUTPUT_NAME: 'rtw-portal',
      LEPTOS_SITE_ROOT: join(root, 'target', 'site'),
      LEPTOS_SITE_PKG_DIR: 'pkg',
      LEPTOS_SITE_ADDR: '127.0.0.1:0',
      LEPTOS_ENV: 'PROD',
      LEPTOS_HASH_FILES: 'true',
      RTW_DATA_DIR: dataDir,
      RTW_DEMO: demo ? '1' : '0',
      RUST_LOG: 'warn',
      ...mailbox?.env,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = await new Promise((resolve, reject) => {
    // A server that does not start is stopped, so the test run can end.
    const timer = setTimeout(() => { child.kill('SIGKILL'); reject(new Error(`server did not start:\n${output}`)); }, 30_000);
    const onData = (chunk) => {
      output += chunk;
      const m = output.match(/listening on (http:\/\/[\d.:]+)/);
      if (m) { clearTimeout(timer); resolve(m[1]); }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (c) => { output += c; });
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`server exited ${code}:\n${output}`)); });
  }).catch(async (e) => { await own?.close(); throw e; });
  const noSmtp = () => { throw new Error('this server was started without SMTP'); };
  return {
    url,
    dataDir,
    output: () => output,
    /// The SMTP server's view (see mail.mjs): every message, the count and
    /// the newest message to an address.
    mail: () => (mailbox ? mailbox.mail() : noSmtp()),
    count: (address) => (mailbox ? mailbox.count(address) : noSmtp()),
    waitForMail: (address, options) => (mailbox ? mailbox.waitForMail(address, options) : noSmtp()),
    async stop() {
      child.kill('SIGINT');
      await new Promise((r) => { if (child.exitCode !== null) r(); else child.on('exit', r); });
      rmSync(dataDir, { recursive: true, force: true });
      await own?.close();
    },
  };
}
