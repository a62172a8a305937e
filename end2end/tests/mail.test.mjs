// Mail as it leaves the server: over SMTP to a real local server,
// in the recipient's language with its letters intact; and in a demo
// without SMTP, printed and shown on the development mailbox page.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { MAIL_FROM } from '../lib/mail.mjs';
import { texts } from '../lib/texts.mjs';

const askCode = (server, email, lang) => fetch(`${server.url}/api/sign-in/request-code`, {
  method: 'POST',
  body: new URLSearchParams({ email }),
  headers: { Accept: 'application/json', 'Accept-Language': lang },
});

test('a sign-in code goes out over SMTP in the recipient language', async () => {
  const server = await startServer();
  try {
    assert.equal((await askCode(server, 'Aino.Virtanen@example.com', 'fi-FI')).status, 200);
    const mail = await server.waitForMail('aino.virtanen@example.com');
    assert.equal(mail.from, MAIL_FROM);
    assert.equal(mail.mailFrom, 'noreply@rtw-portal.test');
    assert.equal(mail.subject, texts.fi.mail_code_subject);
    const code = mail.text.match(/\b\d{6}\b/)[0];
    assert.equal(mail.text, texts.fi.mail_code_body.replace('{{ code }}', code), 'ä and ö arrive intact');
    assert.match(mail.headers['message-id'], /^<[^@\s]+@rtw-portal\.test>$/);
    assert.ok(!Number.isNaN(Date.parse(mail.headers.date)), mail.headers.date);
    // Sent once.
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(server.count('aino.virtanen@example.com'), 1);
  } finally {
    await server.stop();
  }
});

test('a demo without SMTP prints mail and shows it on the development mailbox', async () => {
  const server = await startServer({ demo: true });
  try {
    assert.equal((await askCode(server, 'maija@example.com', 'en')).status, 200);
    let html = '';
    for (let i = 0; i < 50 && !html.includes('maija@example.com'); i++) {
      html = await (await fetch(`${server.url}/dev/mailbox`)).text();
      if (!html.includes('maija@example.com')) await new Promise((r) => setTimeout(r, 100));
    }
    const code = html.match(/mail-body[^>]*>[^<]*?(\d{6})/)?.[1];
    assert.ok(code, 'the code is on the page');
    for (let i = 0; i < 50 && !server.output().includes(code); i++) await new Promise((r) => setTimeout(r, 100));
    assert.match(server.output(), new RegExp(`--- mail to maija@example.com ---[\\s\\S]*${code}`));
    assert.throws(() => server.mail(), /without SMTP/);
  } finally {
    await server.stop();
  }
});
