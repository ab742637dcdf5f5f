// A real OpenID Connect provider (npm oidc-provider) for the portal's SSO tests.
//
// Reads OIDC_TEST_CONFIG (JSON: {clients: [...], accounts: {login: {password, claims}}}),
// listens on a free loopback port and prints {"issuer": "..."} on stdout.
// The login page is ours, not the package's development page, because that
// one loads web fonts from the Internet and tests must stay on loopback.
import http from 'node:http';
import Provider from 'oidc-provider';

const config = JSON.parse(process.env.OIDC_TEST_CONFIG);
const accounts = config.accounts;
let provider;

function escapeHtml(text) {
  return String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function loginPage(uid, error) {
  return `<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>MesServices Étudiant (test)</title></head>
<body><main><h1>MesServices Étudiant (test)</h1>${error ? `<p role="alert">${escapeHtml(error)}</p>` : ''}
<form method="post" action="/interaction/${escapeHtml(uid)}/login">
<label for="login">Identifiant</label><input id="login" name="login" required>
<label for="password">Mot de passe</label><input id="password" name="password" type="password" required>
<button type="submit">Se connecter</button></form></main></body></html>`;
}

async function readForm(req) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  return new URLSearchParams(Buffer.concat(chunks).toString());
}

async function grantConsent(req, res, details) {
  const grant = new provider.Grant({ accountId: details.session.accountId, clientId: details.params.client_id });
  if (details.prompt.details.missingOIDCScope) grant.addOIDCScope(details.prompt.details.missingOIDCScope.join(' '));
  if (details.prompt.details.missingOIDCClaims) grant.addOIDCClaims(details.prompt.details.missingOIDCClaims);
  await provider.interactionFinished(req, res, { consent: { grantId: await grant.save() } }, { mergeWithLastSubmission: true });
}

async function interaction(req, res) {
  const details = await provider.interactionDetails(req, res);
  if (req.method === 'GET' && details.prompt.name === 'consent') {
    // Students are not asked to consent: the portal is a first-party client.
    return grantConsent(req, res, details);
  }
  if (req.method === 'GET') {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    return res.end(loginPage(details.uid));
  }
  const form = await readForm(req);
  const account = accounts[form.get('login')];
  if (!account || account.password !== form.get('password')) {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    return res.end(loginPage(details.uid, 'Identifiant ou mot de passe incorrect.'));
  }
  return provider.interactionFinished(req, res, { login: { accountId: form.get('login') } }, { mergeWithLastSubmission: false });
}

const server = http.createServer((req, res) => {
  if (req.url.startsWith('/interaction/')) {
    interaction(req, res).catch((error) => {
      console.error(error);
      res.writeHead(500);
      res.end(String(error));
    });
    return;
  }
  provider.callback()(req, res);
});

server.listen(0, '127.0.0.1', () => {
  const issuer = `http://127.0.0.1:${server.address().port}`;
  provider = new Provider(issuer, {
    clients: config.clients,
    async findAccount(ctx, id) {
      if (!accounts[id]) return undefined;
      return { accountId: id, async claims() { return { sub: id, ...accounts[id].claims }; } };
    },
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['family_name', 'given_name'] },
    features: { devInteractions: { enabled: false } },
    pkce: { required: () => true },
    interactions: { url: (ctx, interactionRecord) => `/interaction/${interactionRecord.uid}` },
    cookies: { keys: ['portal-test-cookie-key'] },
  });
  process.stdout.write(`${JSON.stringify({ issuer })}\n`);
});

process.on('SIGTERM', () => server.close(() => process.exit(0)));
