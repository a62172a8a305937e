// What the crash harness checks after each kill, reading the database
// directly (sqlite3 or psql), while no client writes:
// - every acknowledged write is there (else it counts as lost);
// - nothing is there that no client wrote;
// - every write is whole: each grant, revocation, adjustment and concern
//   has exactly its access-log row (and an adjustment its first step);
// - the access log's hash chain verifies (`rtw-portal verify`), and on
//   SQLite `PRAGMA integrity_check` says ok.
import { execFileSync } from 'node:child_process';

export function database({ sqliteFile, postgresUrl }) {
  if (sqliteFile) {
    return {
      kind: 'sqlite',
      rows: (sql) => JSON.parse(execFileSync('sqlite3', ['-json', sqliteFile, sql], { encoding: 'utf8' }) || '[]'),
      integrity: () => execFileSync('sqlite3', [sqliteFile, 'PRAGMA integrity_check'], { encoding: 'utf8' }).trim(),
    };
  }
  return {
    kind: 'postgres',
    rows: (sql) => JSON.parse(execFileSync('psql', [postgresUrl, '-tAqc', `SELECT coalesce(json_agg(row_), '[]') FROM (${sql}) row_`], { encoding: 'utf8' })),
    integrity: () => 'ok',
  };
}

/// Checks every worker's case; returns { lost, phantom, broken } (lists of
/// messages) and settles each worker's unsure writes to what is stored.
export function checkWorkers(db, workers) {
  const lost = [];
  const phantom = [];
  const broken = [];
  for (const w of workers) {
    const c = Number(w.caseId);
    const inForce = new Set(db.rows(
      `SELECT participant_id AS p, category AS c FROM grants
       WHERE case_id = ${c} AND purpose = 'rtw_planning' AND ended_at IS NULL`,
    ).map((r) => `${r.p}:${r.c}`));
    for (const key of new Set([...inForce, ...w.model.grants])) {
      if (w.unsure.grants.has(key)) continue;
      if (w.model.grants.has(key) && !inForce.has(key)) lost.push(`worker ${w.n}: acknowledged grant ${key} is not in force`);
      if (!w.model.grants.has(key) && inForce.has(key)) lost.push(`worker ${w.n}: acknowledged revocation of ${key} is undone`);
    }
    for (const key of w.unsure.grants) {
      if (inForce.has(key)) w.model.grants.add(key); else w.model.grants.delete(key);
    }
    w.unsure.grants.clear();

    for (const [kind, table, column] of [['adjustments', 'adjustments', 'help'], ['concerns', 'concerns', 'what']]) {
      const stored = new Set(db.rows(`SELECT ${column} AS t FROM ${table} WHERE case_id = ${c}`).map((r) => r.t));
      for (const t of w.model[kind]) if (!stored.has(t)) lost.push(`worker ${w.n}: acknowledged ${kind} "${t}" is missing`);
      for (const t of stored) {
        if (w.model[kind].has(t)) continue;
        if (w.unsure[kind].has(t)) w.model[kind].add(t);
        else phantom.push(`worker ${w.n}: ${kind} "${t}" was never written`);
      }
      w.unsure[kind].clear();
    }

    const [n] = db.rows(`SELECT
      (SELECT COUNT(*) FROM grants WHERE case_id = ${c}) AS grants,
      (SELECT COUNT(*) FROM grants WHERE case_id = ${c} AND end_reason = 'revoked') AS revoked,
      (SELECT COUNT(*) FROM adjustments WHERE case_id = ${c}) AS adjustments,
      (SELECT COUNT(*) FROM adjustment_steps s JOIN adjustments a ON a.id = s.adjustment_id
        WHERE a.case_id = ${c} AND s.step = 'written') AS written,
      (SELECT COUNT(*) FROM concerns WHERE case_id = ${c}) AS concerns,
      (SELECT COUNT(*) FROM access_log WHERE case_id = ${c} AND outcome = 'allowed' AND action = 'grant') AS log_grant,
      (SELECT COUNT(*) FROM access_log WHERE case_id = ${c} AND outcome = 'allowed' AND action = 'revoke') AS log_revoke,
      (SELECT COUNT(*) FROM access_log WHERE case_id = ${c} AND outcome = 'allowed' AND action = 'write_adjustment') AS log_adjustment,
      (SELECT COUNT(*) FROM access_log WHERE case_id = ${c} AND outcome = 'allowed' AND action = 'write_concern') AS log_concern`);
    const pairs = [
      ['grants', 'log_grant'], ['revoked', 'log_revoke'], ['adjustments', 'log_adjustment'],
      ['adjustments', 'written'], ['concerns', 'log_concern'],
    ];
    for (const [a, b] of pairs) {
      if (Number(n[a]) !== Number(n[b])) broken.push(`worker ${w.n}: ${a} ${n[a]} but ${b} ${n[b]} (a write was cut in half)`);
    }
  }
  return { lost, phantom, broken };
}

/// `rtw-portal verify` and the SQLite integrity check; throws on failure.
export function checkStore(db, binary, env) {
  const integrity = db.integrity();
  if (integrity !== 'ok') throw new Error(`PRAGMA integrity_check: ${integrity}`);
  const out = execFileSync(binary, ['verify'], { env: { ...process.env, ...env, RUST_LOG: 'error' }, encoding: 'utf8' });
  const rows = /(\d+) chained rows/.exec(out)?.[1];
  return { verified: out.trim(), rows: rows ? Number(rows) : null };
}
