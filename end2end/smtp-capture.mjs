// An SMTP server on loopback for shell scripts (scripts/bench.sh): appends
// every message it receives as one JSON line ({to, subject, text}) to the
// file named by its argument, prints the portal's mail settings as
// `NAME=value` lines once it listens, and runs until it is killed.
import { appendFileSync, writeFileSync } from 'node:fs';
import { startMailServer } from './lib/mail.mjs';

const file = process.argv[2];
if (!file) {
  console.error('usage: node end2end/smtp-capture.mjs MAIL_LOG');
  process.exit(2);
}
writeFileSync(file, '');
const server = await startMailServer({
  onMessage: (m) => appendFileSync(file, `${JSON.stringify({ to: m.to, subject: m.subject, text: m.text })}\n`),
});
for (const [k, v] of Object.entries(server.env)) console.log(`${k}='${v}'`);
