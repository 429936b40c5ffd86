// Q7: mixed content. Run with: HTTPS_PAGE=1 EXTRA_ARGS='["--ignore-certificate-errors","--host-resolver-rules=MAP example.test 127.0.0.1"]' node harness.js q7.js
const ok = { status: 200, headers: [['Access-Control-Allow-Origin', '*'], ['Content-Type', 'text/plain']], body: 'hello' };
module.exports = [
  { name: 'q7.fetch-http-example.test', routes: { '8002 * /x': ok }, js: `async () => F('http://example.test:8002/x')` },
  { name: 'q7.fetch-http-example.test-no-cors', routes: { '8002 * /x': ok }, js: `async () => F('http://example.test:8002/x', {mode:'no-cors'})` },
  { name: 'q7.xhr-http-example.test', routes: { '8002 * /x': ok }, js: `async () => X('GET', 'http://example.test:8002/x')` },
  { name: 'q7.fetch-http-127.0.0.1', routes: { '8002 * /x': ok }, js: `async () => F('http://127.0.0.1:8002/x')` },
  { name: 'q7.fetch-http-localhost', routes: { '8002 * /x': ok }, js: `async () => F('http://localhost:8002/x')` },
  { name: 'q7.fetch-https-redirect-to-http-example.test', routes: { '8443 * /r': { status: 302, headers: [['Location', 'http://example.test:8002/x']], body: '' }, '8002 * /x': ok }, js: `async () => F('https://127.0.0.1:8443/r')` },
];
