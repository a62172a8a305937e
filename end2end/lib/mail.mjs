// A real SMTP server on loopback (npm smtp-server) that keeps every message
// the portal delivers, so tests read sign-in codes and links from mail as a
// person would, and can search all of it for data that must not leave.
import { SMTPServer } from 'smtp-server';

export const MAIL_FROM = 'rtw-portal <noreply@rtw-portal.test>';

/// `onMessage` (optional) hears each message as it arrives.
export async function startMailServer({ onMessage } = {}) {
  const messages = [];
  const smtp = new SMTPServer({
    // Plain SMTP on loopback: what RTW_SMTP_TLS=none allows.
    disabledCommands: ['STARTTLS', 'AUTH'],
    authOptional: true,
    logger: false,
    onData(stream, session, callback) {
      const chunks = [];
      stream.on('data', (c) => chunks.push(c));
      stream.on('end', () => {
        try {
          const message = parse(Buffer.concat(chunks).toString('latin1'));
          for (const rcpt of session.envelope.rcptTo) {
            const m = { ...message, to: rcpt.address.toLowerCase(), mailFrom: session.envelope.mailFrom.address };
            messages.push(m);
            onMessage?.(m);
          }
          callback();
        } catch (e) {
          callback(e);
        }
      });
    },
  });
  await new Promise((resolve, reject) => {
    smtp.once('error', reject);
    smtp.listen(0, '127.0.0.1', resolve);
  });
  const port = smtp.server.address().port;
  const to = (address) => messages.filter((m) => m.to === address.toLowerCase());
  return {
    port,
    /// What a portal needs to deliver here.
    env: { RTW_SMTP_HOST: '127.0.0.1', RTW_SMTP_PORT: String(port), RTW_SMTP_TLS: 'none', RTW_MAIL_FROM: MAIL_FROM },
    /// Every message received so far: [{ to, from, subject, text, headers }].
    mail: () => messages.slice(),
    /// How many messages `address` has received so far.
    count: (address) => to(address).length,
    /// The newest message to `address` once it has more than `after`.
    async waitForMail(address, { after = 0, timeout = 10_000 } = {}) {
      const deadline = Date.now() + timeout;
      while (to(address).length <= after) {
        if (Date.now() > deadline) throw new Error(`no mail to ${address} within ${timeout} ms (${messages.length} received in all)`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      return to(address).at(-1);
    },
    close: () => new Promise((resolve) => smtp.close(resolve)),
  };
}

/// The sign-in code in the newest code mail to `to` that the SMTP server
/// received after the first `after` messages to them (other mail, such as
/// "something new" news, may arrive in between). `mailbox` is a server from
/// startServer() or a shared one from startMailServer().
export async function codeFromMailbox(mailbox, to, { after = 0, timeout = 10_000 } = {}) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const left = Math.max(1, deadline - Date.now());
    await mailbox.waitForMail(to, { after, timeout: left });
    const codes = mailbox.mail().filter((m) => m.to === to.toLowerCase()).slice(after)
      .map((m) => m.text.match(/\b(\d{6})\b/)).filter(Boolean);
    if (codes.length) return codes.at(-1)[1];
    if (Date.now() > deadline) throw new Error(`no code mailed to ${to}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/// Headers (unfolded, RFC 2047 words decoded) and the text body decoded from
/// its transfer encoding: the portal sends single-part text/plain in UTF-8.
export function parse(raw) {
  const split = raw.indexOf('\r\n\r\n');
  const head = raw.slice(0, split).replace(/\r\n[ \t]+/g, ' ');
  const headers = {};
  for (const line of head.split('\r\n')) {
    const colon = line.indexOf(':');
    headers[line.slice(0, colon).trim().toLowerCase()] = decodeWords(line.slice(colon + 1).trim());
  }
  let body = raw.slice(split + 4);
  const encoding = (headers['content-transfer-encoding'] || '7bit').toLowerCase();
  const charset = /charset="?([\w-]+)/i.exec(headers['content-type'] || '')?.[1]?.toLowerCase() || 'utf-8';
  if (charset !== 'utf-8' && charset !== 'us-ascii') throw new Error(`unexpected charset ${charset}`);
  let bytes;
  if (encoding === 'base64') bytes = Buffer.from(body.replace(/\s+/g, ''), 'base64');
  else if (encoding === 'quoted-printable') bytes = quotedPrintable(body);
  else bytes = Buffer.from(body, 'latin1');
  const text = bytes.toString('utf8').replace(/\r\n/g, '\n').replace(/\n$/, '');
  return { from: headers.from, subject: headers.subject, text, headers };
}

function quotedPrintable(s) {
  const soft = s.replace(/=\r\n/g, '');
  const out = [];
  for (let i = 0; i < soft.length; i++) {
    if (soft[i] === '=' && /^[0-9A-Fa-f]{2}$/.test(soft.slice(i + 1, i + 3))) {
      out.push(parseInt(soft.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      out.push(soft.charCodeAt(i));
    }
  }
  return Buffer.from(out);
}

/// `=?utf-8?b?…?=` and `=?utf-8?q?…?=`; the space between two such words is dropped.
function decodeWords(value) {
  return value
    .replace(/(=\?[^?]+\?[bBqQ]\?[^?]*\?=)\s+(?==\?)/g, '$1')
    .replace(/=\?([^?]+)\?([bBqQ])\?([^?]*)\?=/g, (_, charset, enc, text) => {
      const bytes = enc.toLowerCase() === 'b'
        ? Buffer.from(text, 'base64')
        : quotedPrintable(text.replace(/_/g, ' '));
      return bytes.toString(charset.toLowerCase() === 'utf-8' ? 'utf8' : 'latin1');
    });
}
