// The crash harness: the real server under concurrent writes from
// several workers (grants, revocations, adjustments, concerns) and reads
// from their clinicians, killed with SIGKILL at random moments and started
// again; after each kill the database is checked (check.mjs). Phases:
//   --kills N            kill the portal N times (SQLite, or PostgreSQL with --backend postgres)
//   --pg-restarts N      crash PostgreSQL itself N times under load (the portal stays up)
//   --two-instances N    two portals on one PostgreSQL database; kill one N times
//   --disk-full          fill the SQLite disk (a small tmpfs) under load, then free it
// Needs the server binary (lib/server.mjs: RTW_BINARY, else target/release);
// PostgreSQL phases need RTW_TEST_POSTGRES (and PG_CTL, PG_DIR, PG_AS from scripts/postgres.sh for --pg-restarts).
// Prints the figures and exits non-zero on any lost, phantom or half write,
// any 5xx other than 503, a broken log chain, or a portal that does not
// come back.
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, openSync, writeSync, closeSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { startMailServer } from '../lib/mail.mjs';
import { binary, freePort, TEST_SECRET_KEY } from '../lib/server.mjs';
import { Worker, Reader } from './client.mjs';
import { database, checkWorkers, checkStore } from './check.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const { values: opt } = parseArgs({
  options: {
    backend: { type: 'string', default: 'sqlite' },
    kills: { type: 'string', default: '0' },
    'pg-restarts': { type: 'string', default: '0' },
    'two-instances': { type: 'string', default: '0' },
    'disk-full': { type: 'boolean', default: false },
    workers: { type: 'string', default: '4' },
  },
});
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const between = (lo, hi) => lo + Math.floor(Math.random() * (hi - lo));
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s.length ? s[Math.floor(s.length / 2)] : null; };

/// One portal process on a fixed port (so clients find it again after a restart).
class Portal {
  constructor(port, env) {
    this.port = port;
    this.env = env;
    this.url = `http://127.0.0.1:${port}`;
  }

  async start() {
    const started = Date.now();
    const inherited = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(RTW_|DATABASE_URL)/.test(k)));
    this.child = spawn(binary, [], {
      env: {
        ...inherited,
        LEPTOS_OUTPUT_NAME: 'rtw-portal',
        LEPTOS_SITE_ROOT: join(root, 'target', 'site'),
        LEPTOS_SITE_PKG_DIR: 'pkg',
        LEPTOS_SITE_ADDR: `127.0.0.1:${this.port}`,
        LEPTOS_ENV: 'PROD',
        LEPTOS_HASH_FILES: 'true',
        RTW_DEMO: '0',
        // Its professionals sign in by code (passkeys: passkeys.test.mjs).
        RTW_REQUIRE_PASSKEYS: '0',
        RUST_LOG: 'warn',
        ...this.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.output = '';
    await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`portal did not start:\n${this.output}`)), 60_000);
      this.child.stdout.on('data', (c) => {
        this.output += c;
        if (/listening on/.test(this.output)) { clearTimeout(timer); resolve(); }
      });
      this.child.stderr.on('data', (c) => { this.output += c; });
      this.child.once('exit', (code) => { clearTimeout(timer); reject(new Error(`portal exited ${code}:\n${this.output}`)); });
    });
    return Date.now() - started;
  }

  async kill(signal = 'SIGKILL') {
    if (!this.child || this.child.exitCode !== null || this.child.signalCode) return;
    this.child.removeAllListeners('exit'); // the start-up watcher's
    const exited = new Promise((r) => this.child.once('exit', r));
    this.child.kill(signal);
    await exited;
  }
}

/// Workers write and readers read while `load.running`; each reports idle
/// when paused, so checks run while nothing writes.
class Load {
  constructor(clients) {
    this.clients = clients;
    this.running = false;
    this.stopped = false;
    this.failure = null;
    this.loops = clients.map((c) => this.drive(c));
  }

  async drive(c) {
    while (!this.stopped) {
      if (!this.running) { c.idle = true; await sleep(5); continue; }
      c.idle = false;
      try {
        await c.step();
      } catch (e) {
        this.failure ??= e;
        this.running = false;
      }
    }
    c.idle = true;
  }

  async pause() {
    this.running = false;
    while (!this.clients.every((c) => c.idle)) await sleep(5);
    if (this.failure) throw this.failure;
  }

  async stop() {
    await this.pause();
    this.stopped = true;
    await Promise.all(this.loops);
  }
}

/// Until a worker's logged read (a page that writes its access-log row) answers 200.
async function until200(worker, timeoutMs = 60_000) {
  const started = Date.now();
  for (;;) {
    try {
      const res = await worker.http.get('/case', { timeout: 5_000 });
      if (res.status === 200) return Date.now() - started;
      if (res.status !== 503 && res.status >= 500) throw new Error(`/case answered ${res.status} while recovering`);
    } catch (e) {
      if (e.message?.includes('while recovering')) throw e;
    }
    if (Date.now() - started > timeoutMs) throw new Error(`no logged read within ${timeoutMs} ms`);
    await sleep(20);
  }
}

const figures = [];

async function phase(name, { env: phaseEnv, portals: ports, db, run }) {
  // A production start: the key comes from the configuration.
  const env = { RTW_SECRET_KEY: TEST_SECRET_KEY, ...phaseEnv };
  const mail = await startMailServer();
  const portals = ports.map((port) => new Portal(port, { ...env, ...mail.env }));
  await Promise.all(portals.map((p, i) => sleep(i * 300).then(() => p.start())));
  const tag = `${name.replace(/\W/g, '')}${Date.now() % 100000}`;
  const workers = Array.from({ length: Number(opt.workers) }, (_, i) => new Worker(portals[i % portals.length].url, i, tag));
  const f = { phase: name, events: 0, acknowledged: 0, reads: 0, lost: 0, phantom: 0, halves: 0, recoverMs: [], status503: 0, status5xx: 0, logRows: 0 };
  try {
    for (const w of workers) await w.setUp(mail);
    const readers = workers.map((w) => new Reader(w.http.base, w));
    for (const r of readers) await r.setUp(mail);
    const load = new Load([...workers, ...readers]);
    const check = () => {
      const r = checkWorkers(db, workers);
      f.lost += r.lost.length;
      f.phantom += r.phantom.length;
      f.halves += r.broken.length;
      const problems = [...r.lost, ...r.phantom, ...r.broken];
      if (problems.length) throw new Error(`${name}: ${problems.join('\n')}`);
    };
    await run({ portals, workers, load, f, check });
    await load.stop();
    check();
    f.logRows = checkStore(db, binary, env).rows;
    f.acknowledged = workers.reduce((n, w) => n + w.acknowledged, 0);
    f.reads = readers.reduce((n, r) => n + (r.http.statuses.get(200) ?? 0), 0);
    if (f.reads === 0) throw new Error(`${name}: no clinician's read was answered`);
    for (const c of [...workers, ...readers]) {
      for (const [status, n] of c.http.statuses) {
        if (status === 503) f.status503 += n;
        else if (status >= 500) f.status5xx += n;
      }
    }
    if (f.status5xx) throw new Error(`${name}: ${f.status5xx} answers were 5xx other than 503`);
  } finally {
    for (const p of portals) await p.kill();
    await mail.close();
    figures.push(f);
  }
}

/// Kill the portal at random moments, restart it, check.
async function kills(n) {
  return async ({ portals: [portal], workers, load, f, check }) => {
    for (let k = 0; k < n; k++) {
      load.running = true;
      await sleep(between(150, 1200));
      await portal.kill();
      await load.pause();
      await portal.start();
      f.recoverMs.push(await until200(workers[0]));
      f.events++;
      check();
    }
    load.running = true;
    await sleep(300);
  };
}

function sqlitePhase() {
  const dir = mkdtempSync(join(tmpdir(), 'rtw-crash-'));
  return { env: { RTW_DATA_DIR: dir }, db: database({ sqliteFile: join(dir, 'rtw-portal.db') }), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

function postgresPhase() {
  const admin = process.env.RTW_TEST_POSTGRES;
  if (!admin) throw new Error('PostgreSQL phases need RTW_TEST_POSTGRES (source scripts/postgres.sh; pg_up)');
  const name = `crash_${process.pid}_${Date.now()}`;
  execFileSync('psql', [admin, '-tAqc', `CREATE DATABASE ${name}`]);
  const url = admin.replace(/\/[^/]*$/, `/${name}`);
  // Its own data directory all the same: the access log's checkpoint lives there.
  const dir = mkdtempSync(join(tmpdir(), 'rtw-crash-pg-'));
  return { env: { DATABASE_URL: url, RTW_DATA_DIR: dir }, db: database({ postgresUrl: url }), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

function pgCtl(args) {
  const as = (process.env.PG_AS || '').split(' ').filter(Boolean);
  const [cmd, ...rest] = as.length ? as : [process.env.PG_CTL];
  const full = as.length ? [...rest, process.env.PG_CTL, ...args] : args;
  return new Promise((resolve, reject) => {
    const p = spawn(cmd, full, { stdio: 'ignore' });
    p.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`pg_ctl ${args.join(' ')} exited ${code}`))));
  });
}

async function main() {
  const started = Date.now();
  const n = (k) => Number(opt[k]);
  if (n('kills') > 0) {
    const s = opt.backend === 'postgres' ? postgresPhase() : sqlitePhase();
    try {
      await phase(`kill the portal (${opt.backend})`, { ...s, portals: [await freePort()], run: await kills(n('kills')) });
    } finally { s.cleanup(); }
  }
  if (n('pg-restarts') > 0) {
    if (!process.env.PG_CTL || !process.env.PG_DIR) throw new Error('--pg-restarts needs PG_CTL and PG_DIR (scripts/crash.sh sets them)');
    const s = postgresPhase();
    try { await phase('crash PostgreSQL', {
      ...s,
      portals: [await freePort()],
      run: async ({ workers, load, f, check }) => {
        for (let k = 0; k < n('pg-restarts'); k++) {
          load.running = true;
          await sleep(between(200, 1000));
          const t0 = Date.now();
          await pgCtl(['-D', join(process.env.PG_DIR, 'data'), '-m', 'immediate', '-w', '-t', '60', 'restart']);
          await until200(workers[0]);
          f.recoverMs.push(Date.now() - t0); // from the crash to the first logged read
          await sleep(300);
          await load.pause();
          f.events++;
          check();
        }
      },
    }); } finally { s.cleanup(); }
  }
  if (n('two-instances') > 0) {
    const s = postgresPhase();
    try { await phase('two portals, kill one', {
      ...s,
      portals: [await freePort(), await freePort()],
      run: async ({ portals: [a], workers, load, f, check }) => {
        const onB = workers.filter((w) => w.http.base !== a.url);
        for (let k = 0; k < n('two-instances'); k++) {
          load.running = true;
          await sleep(between(200, 1000));
          const before = onB.reduce((x, w) => x + w.acknowledged, 0);
          await a.kill();
          await sleep(500); // the other instance keeps answering meanwhile
          const during = onB.reduce((x, w) => x + w.acknowledged, 0) - before;
          if (during === 0) throw new Error('the other instance acknowledged nothing while one was down');
          await load.pause();
          await a.start();
          f.recoverMs.push(await until200(workers.find((w) => w.http.base === a.url)));
          f.events++;
          check();
        }
      },
    }); } finally { s.cleanup(); }
  }
  if (opt['disk-full']) await diskFull();
  report(Date.now() - started);
}

/// A 48 MiB tmpfs holds the database; a file fills it under load; writes
/// then answer 503 (never 500) and change nothing; the file is removed and
/// the same process writes again.
async function diskFull() {
  const dir = mkdtempSync(join(tmpdir(), 'rtw-disk-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=48m', 'tmpfs', dir]);
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`--disk-full needs to mount a small tmpfs (run as root): ${e.message}`);
  }
  const db = database({ sqliteFile: join(dir, 'rtw-portal.db') });
  try {
    await phase('full disk (SQLite)', {
      env: { RTW_DATA_DIR: dir },
      db,
      portals: [await freePort()],
      run: async ({ workers, load, f, check }) => {
        load.running = true;
        await sleep(500);
        mkdirSync(join(dir, 'filler'), { recursive: true });
        const fd = openSync(join(dir, 'filler', 'blob'), 'w');
        const chunk = Buffer.alloc(1 << 20, 1);
        try { for (;;) writeSync(fd, chunk); } catch { /* ENOSPC: full */ }
        try { for (;;) writeSync(fd, chunk.subarray(0, 4096)); } catch { /* every last block */ }
        closeSync(fd);
        const acked = () => workers.reduce((x, w) => x + w.acknowledged, 0);
        const seen503 = () => workers.reduce((x, w) => x + (w.http.statuses.get(503) ?? 0), 0);
        const before503 = seen503();
        const deadline = Date.now() + 30_000;
        while (seen503() === before503 && Date.now() < deadline) await sleep(50);
        if (seen503() === before503) throw new Error('a full disk never made a write answer 503');
        await load.pause();
        check();
        rmSync(join(dir, 'filler'), { recursive: true, force: true });
        const t0 = Date.now();
        const ackedWhileFull = acked();
        load.running = true;
        while (acked() === ackedWhileFull && Date.now() - t0 < 30_000) await sleep(20);
        if (acked() === ackedWhileFull) throw new Error('no write succeeded within 30 s of freeing the disk');
        f.recoverMs.push(Date.now() - t0);
        await sleep(500);
        f.events++;
      },
    });
  } finally {
    try { execFileSync('umount', [dir]); } catch { /* already gone */ }
    rmSync(dir, { recursive: true, force: true });
  }
}

function report(ms) {
  console.log('\ncrash harness figures');
  console.log('| phase | kills/restarts | writes acknowledged | logged reads | writes lost | phantom | half writes | 503 answers | other 5xx | recovery median / max (ms) | log rows verified |');
  console.log('|---|---|---|---|---|---|---|---|---|---|---|');
  for (const f of figures) {
    const rec = f.recoverMs.length ? `${median(f.recoverMs)} / ${Math.max(...f.recoverMs)}` : '-';
    console.log(`| ${f.phase} | ${f.events} | ${f.acknowledged} | ${f.reads} | ${f.lost} | ${f.phantom} | ${f.halves} | ${f.status503} | ${f.status5xx} | ${rec} | ${f.logRows ?? '-'} |`);
  }
  console.log(`(${(ms / 1000).toFixed(0)} s in all)`);
}

main().catch((e) => {
  if (figures.length) report(0);
  console.error(`\ncrash harness FAILED: ${e.stack || e}`);
  process.exit(1);
});
