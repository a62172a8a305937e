// One person of the crash harness: signs in by e-mail code over plain HTTP
// (as the pages' forms post), then writes one thing at a time and remembers
// what the server acknowledged. A write is acknowledged when its answer
// arrived with a status below 400; a write whose answer never came (the
// server was killed) is "in flight": it may or may not have happened, but
// it must have happened wholly or not at all.

import { codeFromMailbox } from '../lib/mail.mjs';

export class Http {
  constructor(base) {
    this.base = base;
    this.cookies = new Map();
    /// Every status seen, by number (the harness fails on any 500).
    this.statuses = new Map();
  }

  async post(path, fields, { timeout = 10_000 } = {}) {
    const body = new URLSearchParams(fields).toString();
    const res = await fetch(this.base + path, {
      method: 'POST',
      redirect: 'manual',
      signal: AbortSignal.timeout(timeout),
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        // What a browser sends from one of the portal's own pages.
        origin: this.base,
        'sec-fetch-site': 'same-origin',
        cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
      },
      body,
    });
    return this.answer(res);
  }

  async get(path, { timeout = 10_000 } = {}) {
    const res = await fetch(this.base + path, {
      redirect: 'manual',
      signal: AbortSignal.timeout(timeout),
      headers: { cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
    });
    return this.answer(res);
  }

  async answer(res) {
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const [k, v] = [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)];
      if (/Max-Age=0/i.test(line)) this.cookies.delete(k);
      else this.cookies.set(k, v);
    }
    this.statuses.set(res.status, (this.statuses.get(res.status) ?? 0) + 1);
    const text = await res.text();
    return { status: res.status, text, json: () => JSON.parse(text) };
  }
}

/// Signs `email` in through the real code flow; `mail` is the SMTP capture.
export async function signIn(http, mail, email) {
  const before = mail.count(email);
  const asked = await http.post('/api/sign-in/request-code', { email });
  if (asked.status >= 400) throw new Error(`request-code for ${email}: ${asked.status} ${asked.text}`);
  // Other mail (news of being added to the case) may arrive beside the code.
  const code = await codeFromMailbox(mail, email, { after: before, timeout: 20_000 });
  const verified = await http.post('/api/sign-in/verify-code', { code });
  if (verified.status >= 400 || !http.cookies.has('__Host-rtw-session')) {
    throw new Error(`verify-code for ${email}: ${verified.status} ${verified.text}`);
  }
}

const day = (offset) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
const CATEGORIES = ['absence', 'work_ability', 'adjustments'];

/// A worker with a case of their own and two care professionals in it.
/// `model` holds what the server acknowledged: the grants in force per
/// participant and category, and the adjustment and concern texts written.
/// `unsure` holds the writes whose answer never came or was a 503 (a
/// commit can succeed although its answer is lost): the next check accepts
/// either outcome for them, and a grant key stays untouched until then.
export class Worker {
  constructor(base, n, tag) {
    this.http = new Http(base);
    this.n = n;
    this.tag = tag;
    this.email = `worker${n}.${tag}@crash.test`;
    this.model = { grants: new Set(), adjustments: new Set(), concerns: new Set() };
    this.unsure = { grants: new Set(), adjustments: new Set(), concerns: new Set() };
    this.acknowledged = 0;
    this.seq = 0;
  }

  async setUp(mail) {
    await signIn(this.http, mail, this.email);
    const started = await this.http.post('/api/case/start', {
      name: `Crash Worker ${this.n}`,
      sick_leave_start: day(-20),
      expected_return: day(60),
    });
    if (started.status >= 400) throw new Error(`case/start: ${started.status} ${started.text}`);
    const mine = await this.http.post('/api/case/mine', {});
    this.caseId = mine.json().id;
    for (const role of ['gp', 'psychologist']) {
      const added = await this.http.post('/api/case/participant/add', {
        case_id: this.caseId,
        role,
        name: `Dr ${role} ${this.n}`,
        organisation: '',
        email: `${role}${this.n}.${this.tag}@crash.test`,
        phone: '',
      });
      if (added.status >= 400) throw new Error(`participant/add: ${added.status} ${added.text}`);
    }
    this.participants = (await this.http.post('/api/case/mine', {})).json().participants.map((p) => p.id);
  }

  /// One random write: true when acknowledged, false when it is unsure.
  /// Any other answer (a 500, a refusal the model did not expect) throws.
  async step() {
    const roll = Math.random();
    if (roll < 0.5) return this.toggleGrant();
    return this.write(roll < 0.75 ? 'adjustments' : 'concerns');
  }

  async toggleGrant() {
    const keys = [];
    for (const p of this.participants) for (const c of CATEGORIES) keys.push([p, c]);
    const free = keys.filter(([p, c]) => !this.unsure.grants.has(`${p}:${c}`));
    if (free.length === 0) return this.write('concerns');
    const [p, c] = free[Math.floor(Math.random() * free.length)];
    const key = `${p}:${c}`;
    const granting = !this.model.grants.has(key);
    const send = () => (granting
      ? this.http.post('/api/sharing/grant', {
        case_id: this.caseId, participant_id: p, [`categories[${c}]`]: 'on',
        purpose: 'rtw_planning', until: '', until_revoked: 'on',
      })
      : this.http.post('/api/sharing/revoke', {
        case_id: this.caseId, participant_id: p, category: c, purpose: 'rtw_planning',
      }));
    return this.settle('grants', key, send, () => (granting ? this.model.grants.add(key) : this.model.grants.delete(key)));
  }

  async write(kind) {
    const text = `crash ${this.tag} w${this.n} #${++this.seq}`;
    const send = () => (kind === 'adjustments'
      ? this.http.post('/api/work/write', {
        case_id: this.caseId, adjustment_id: '', kind: 'other', help: text, benefit: '', from: '', until: '',
      })
      : this.http.post('/api/concerns/write', {
        case_id: this.caseId, concern_id: '', kind: 'other', what: text, weight: '3', helps: '',
      }));
    return this.settle(kind, text, send, () => this.model[kind].add(text));
  }

  async settle(kind, key, send, apply) {
    let res;
    try {
      res = await send();
    } catch {
      this.unsure[kind].add(key); // no answer: killed, refused connection, timeout
      return false;
    }
    if (res.status < 400) {
      apply();
      this.acknowledged++;
      return true;
    }
    if (res.status === 503) {
      this.unsure[kind].add(key);
      return false;
    }
    throw new Error(`worker ${this.n}: unexpected ${res.status} for ${kind} ${key}: ${res.text.slice(0, 300)}`);
  }
}

/// A care professional who keeps opening the case they are part of: reads
/// that each append access-log rows.
export class Reader {
  constructor(base, worker) {
    this.http = new Http(base);
    this.worker = worker;
    this.email = `gp${worker.n}.${worker.tag}@crash.test`;
  }

  async setUp(mail) {
    await signIn(this.http, mail, this.email);
  }

  async step() {
    let res;
    try {
      res = await this.http.get(`/shared/${this.worker.caseId}`);
    } catch {
      return false; // killed meanwhile
    }
    if (res.status >= 400 && res.status !== 503) throw new Error(`reader: unexpected ${res.status}`);
    return res.status < 400;
  }
}
