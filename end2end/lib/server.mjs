// Starts the server on a free port with a throwaway database, and a local
// SMTP server that receives its mail.
import { spawn, execFileSync } from 'node:child_process';
import { createServer } from 'node:net';
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

/// The site (wasm, styles) it serves: RTW_SITE_ROOT, else scripts/build.sh's.
const siteRoot = process.env.RTW_SITE_ROOT
  ? resolve(root, process.env.RTW_SITE_ROOT)
  : join(root, 'target', 'site');

/// A port free on loopback now (for a server that must know its own
/// address before it starts).
export async function freePort() {
  const s = createServer();
  await new Promise((r) => s.listen(0, '127.0.0.1', r));
  const { port } = s.address();
  await new Promise((r) => s.close(r));
  return port;
}

/// The secret key of every production-mode server the tests start (a
/// real server takes its own from RTW_SECRET_KEY or RTW_SECRET_KEY_FILE).
export const TEST_SECRET_KEY = 'e2e-only-0123456789abcdef0123456789abcdef';

/// A production-mode server by default (no demo mode: no development
/// mailbox; mail over SMTP to a local server in the test harness) with the
/// demo case seeded by `rtw-portal seed-demo`; `demo: true` starts a real
/// demo instead, which never has SMTP (its mail is printed and shown on
/// /dev/mailbox). `smtp`: true (default outside a demo) starts an SMTP
/// server for this instance alone; a server from `startMailServer()` is
/// shared (the caller closes it). `seed`: false leaves the database empty.
export async function startServer({ demo = false, env = {}, smtp = !demo, seed = true } = {}) {
  if (demo && smtp) throw new Error('a demo never has SMTP (the server refuses to start)');
  const own = smtp === true ? await startMailServer() : null;
  const mailbox = own ?? (smtp || null);
  const dataDir = mkdtempSync(join(tmpdir(), 'rtw-e2e-'));
  // Mail and key settings of the shell running the tests never reach a test server.
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^RTW_(SMTP_|MAIL_|SECRET_)/.test(k)));
  const serverEnv = {
    ...inherited,
    LEPTOS_OUTPUT_NAME: 'rtw-portal',
    LEPTOS_SITE_ROOT: siteRoot,
    LEPTOS_SITE_PKG_DIR: 'pkg',
    LEPTOS_SITE_ADDR: '127.0.0.1:0',
    LEPTOS_ENV: 'PROD',
    LEPTOS_HASH_FILES: 'true',
    RTW_DATA_DIR: dataDir,
    RTW_DEMO: demo ? '1' : '0',
    ...(demo ? {} : { RTW_SECRET_KEY: TEST_SECRET_KEY }),
    // The suite's professionals sign in by code at 127.0.0.1; the passkey
    // requirement (on by default) is proven by passkeys.test.mjs, which
    // turns it on and browses at localhost.
    RTW_REQUIRE_PASSKEYS: '0',
    RUST_LOG: 'warn',
    ...mailbox?.env,
    ...env,
  };
  if (!demo && seed) {
    // A demo seeds itself; a production-mode server gets the same people.
    execFileSync(binary, ['seed-demo'], { env: serverEnv, stdio: ['ignore', 'ignore', 'pipe'] });
  }
  const child = spawn(binary, [], { env: serverEnv, stdio: ['ignore', 'pipe', 'pipe'] });
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
