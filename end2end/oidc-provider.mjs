// A real OpenID Connect provider for the tests (npm `oidc-provider`, the
// certified Node implementation), standing in for a national eID broker:
// discovery, the authorization code flow with PKCE, signed ID tokens.
//
//   node end2end/oidc-provider.mjs
//
// Settings from the environment:
//   OIDC_PORT            port to listen on, 127.0.0.1 only (0: any free port)
//   OIDC_REDIRECT_URIS   the portal's callback URLs, comma-separated
//   OIDC_CLIENT_ID       default rtw-portal
//   OIDC_CLIENT_SECRET   default a test secret
//   OIDC_ACCOUNTS        JSON: { subject: { email, email_verified, name } }
//   OIDC_CODE_TTL        seconds an authorization code lives (default 60)
//   OIDC_CLAIMS_IN_ID_TOKEN  1: the e-mail claims in the ID token too (by
//                        default, as many providers do, only at userinfo)
//
// Prints one line, `issuer http://127.0.0.1:PORT`, once it listens. Its
// login page is the test's own: a person types the subject they are (the
// broker's real login, DigiD or Suomi.fi, is not what is under test), and
// consent is given with it.
import http from 'node:http';
import Provider from 'oidc-provider';

const env = process.env;
const accounts = JSON.parse(env.OIDC_ACCOUNTS || '{}');
const redirectUris = (env.OIDC_REDIRECT_URIS || '').split(',').map((s) => s.trim()).filter(Boolean);
if (redirectUris.length === 0) {
  console.error('OIDC_REDIRECT_URIS is required');
  process.exit(2);
}

const server = http.createServer();
await new Promise((resolve) => server.listen(Number(env.OIDC_PORT || 0), '127.0.0.1', resolve));
const issuer = `http://127.0.0.1:${server.address().port}`;

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: env.OIDC_CLIENT_ID || 'rtw-portal',
      client_secret: env.OIDC_CLIENT_SECRET || 'a-test-secret-of-the-portal-000000',
      redirect_uris: redirectUris,
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_basic',
    },
  ],
  pkce: { required: () => true },
  claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
  features: { devInteractions: { enabled: false } },
  cookies: { keys: ['the-test-provider-cookie-key'] },
  ttl: { AuthorizationCode: Number(env.OIDC_CODE_TTL || 60) },
  conformIdTokenClaims: env.OIDC_CLAIMS_IN_ID_TOKEN !== '1',
  interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
  async findAccount(ctx, sub) {
    const claims = accounts[sub];
    if (!claims) return undefined;
    return { accountId: sub, claims: async () => ({ sub, ...claims }) };
  },
});
// Plain http on 127.0.0.1 in tests.
provider.proxy = false;

const page = (body) =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">` +
  `<title>Test identity provider</title></head><body><main>${body}</main></body></html>`;

async function interaction(req, res) {
  const [, , uid, step] = new URL(req.url, issuer).pathname.split('/');
  if (req.method === 'GET' && !step) {
    await provider.interactionDetails(req, res);
    res.setHeader('content-type', 'text/html; charset=utf-8');
    res.end(
      page(
        `<h1>Test identity provider</h1><form method="post" action="/interaction/${uid}/login">` +
          `<label for="login">Who are you (subject)?</label> <input id="login" name="login" autocomplete="off">` +
          `<button type="submit">Sign in</button></form>`,
      ),
    );
    return;
  }
  if (req.method === 'POST' && step === 'login') {
    const body = await new Promise((resolve) => {
      let data = '';
      req.on('data', (chunk) => (data += chunk));
      req.on('end', () => resolve(data));
    });
    const login = new URLSearchParams(body).get('login') || '';
    const details = await provider.interactionDetails(req, res);
    if (!accounts[login]) {
      res.statusCode = 400;
      res.setHeader('content-type', 'text/html; charset=utf-8');
      res.end(page('<h1>Unknown subject</h1>'));
      return;
    }
    const grant = new provider.Grant({ accountId: login, clientId: details.params.client_id });
    grant.addOIDCScope(details.params.scope);
    const grantId = await grant.save();
    await provider.interactionFinished(req, res, { login: { accountId: login }, consent: { grantId } }, {
      mergeWithLastSubmission: false,
    });
    return;
  }
  res.statusCode = 404;
  res.end();
}

const callback = provider.callback();
server.on('request', (req, res) => {
  if (req.url.startsWith('/interaction/')) {
    interaction(req, res).catch((e) => {
      console.error(e);
      res.statusCode = 500;
      res.end(String(e.message));
    });
  } else {
    callback(req, res);
  }
});
console.log(`issuer ${issuer}`);
