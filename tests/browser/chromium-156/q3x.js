// Q3 extra: which disallowed header is named
const PO = 'http://127.0.0.1:8001';
const A = ['Access-Control-Allow-Origin', PO];
const U = 'http://127.0.0.1:8002/x';
const mk = (name, acah, hdrs) => ({ name, routes: { '8002 OPTIONS /x': { status: 200, headers: [A, ['Access-Control-Allow-Methods', 'PUT'], ...(acah ? [['Access-Control-Allow-Headers', acah]] : [])], body: '' } },
  js: `async () => F('${U}', {method:'PUT', headers:${JSON.stringify(hdrs)}, body:'b'})` });
module.exports = [
  mk('q3x.allow-zeta-only.ZAM', 'x-zeta', [['X-Zeta', '1'], ['X-Alpha', '1'], ['X-Mid', '1']]),
  mk('q3x.allow-zeta-only.AMZ', 'x-zeta', [['X-Alpha', '1'], ['X-Mid', '1'], ['X-Zeta', '1']]),
  mk('q3x.allow-mid-only', 'x-mid', [['X-Alpha', '1'], ['X-Mid', '1'], ['X-Zeta', '1']]),
  mk('q3x.none-a1-b2-c3', null, [['c-3', '1'], ['a-1', '1'], ['b-2', '1']]),
  mk('q3x.none-4-headers', null, [['X-Beta', '1'], ['X-Delta', '1'], ['X-Alpha', '1'], ['X-Gamma', '1']]),
  mk('q3x.allow-beta-delta', 'x-beta, x-delta', [['X-Beta', '1'], ['X-Delta', '1'], ['X-Alpha', '1'], ['X-Gamma', '1']]),
  mk('q3x.acah-star-no-cred', '*', [['X-Alpha', '1'], ['Authorization', 'Bearer x']]),
  mk('q3x.none-with-content-type-json', null, [['Content-Type', 'application/json'], ['X-Zeta', '1']]),
];
