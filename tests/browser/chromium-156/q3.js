// Q3: preflighted PUT with X-Token
const PO = 'http://127.0.0.1:8001';
const U = 'http://127.0.0.1:8002/x';
const A = ['Access-Control-Allow-Origin', PO];
const actualOK = { status: 200, headers: [A, ['Content-Type', 'text/plain']], body: 'put-ok' };
const mk = (name, pre, actual = actualOK, hdrs = [['X-Token', 't']], extra = {}) => [
  { name: name + '.fetch', routes: { '8002 OPTIONS /x': pre, '8002 PUT /x': actual, ...extra },
    js: `async () => F('${U}', {method:'PUT', headers:${JSON.stringify(hdrs)}, body:'b'})` },
  { name: name + '.xhr', routes: { '8002 OPTIONS /x': pre, '8002 PUT /x': actual, ...extra },
    js: `async () => X('PUT', '${U}', {headers:${JSON.stringify(hdrs)}, body:'b'})` },
];
const allowAll = [A, ['Access-Control-Allow-Methods', 'PUT'], ['Access-Control-Allow-Headers', 'X-Token']];
module.exports = [
  ...mk('q3.pre-404-no-acao', { status: 404, headers: [], body: '' }),
  ...mk('q3.pre-404-with-acao', { status: 404, headers: [A], body: '' }),
  ...mk('q3.pre-500-with-acao-all-allowed', { status: 500, headers: allowAll, body: '' }),
  ...mk('q3.pre-204-all-allowed', { status: 204, headers: allowAll, body: '' }),
  ...mk('q3.pre-200-acam-missing-PUT', { status: 200, headers: [A, ['Access-Control-Allow-Methods', 'GET, POST'], ['Access-Control-Allow-Headers', 'X-Token']], body: '' }),
  ...mk('q3.pre-200-acam-no-header', { status: 200, headers: [A, ['Access-Control-Allow-Headers', 'X-Token']], body: '' }),
  ...mk('q3.pre-200-acam-PUT;GET', { status: 200, headers: [A, ['Access-Control-Allow-Methods', 'PUT;GET'], ['Access-Control-Allow-Headers', 'X-Token']], body: '' }),
  ...mk('q3.pre-200-acam-star', { status: 200, headers: [A, ['Access-Control-Allow-Methods', '*'], ['Access-Control-Allow-Headers', 'X-Token']], body: '' }),
  ...mk('q3.pre-200-acam-lowercase-put', { status: 200, headers: [A, ['Access-Control-Allow-Methods', 'put'], ['Access-Control-Allow-Headers', 'X-Token']], body: '' }),
  ...mk('q3.pre-200-acah-missing', { status: 200, headers: [A, ['Access-Control-Allow-Methods', 'PUT']], body: '' }),
  ...mk('q3.pre-200-acah-invalid', { status: 200, headers: [A, ['Access-Control-Allow-Methods', 'PUT'], ['Access-Control-Allow-Headers', 'X-Token;X-B']], body: '' }),
  ...mk('q3.pre-200-acah-missing-3-order-ZAM', { status: 200, headers: [A, ['Access-Control-Allow-Methods', 'PUT']], body: '' }, actualOK, [['X-Zeta', '1'], ['X-Alpha', '1'], ['X-Mid', '1']]),
  ...mk('q3.pre-200-acah-missing-3-order-MAZ', { status: 200, headers: [A, ['Access-Control-Allow-Methods', 'PUT']], body: '' }, actualOK, [['X-Mid', '1'], ['X-Alpha', '1'], ['X-Zeta', '1']]),
  ...mk('q3.pre-200-acah-allows-alpha-only', { status: 200, headers: [A, ['Access-Control-Allow-Methods', 'PUT'], ['Access-Control-Allow-Headers', 'x-alpha']], body: '' }, actualOK, [['X-Zeta', '1'], ['X-Alpha', '1'], ['X-Mid', '1']]),
  ...mk('q3.pre-302-no-acao', { status: 302, headers: [['Location', 'http://127.0.0.1:8002/y']], body: '' }, actualOK, [['X-Token', 't']], { '8002 * /y': { status: 200, headers: allowAll, body: '' } }),
  ...mk('q3.pre-302-with-acao', { status: 302, headers: [A, ['Location', 'http://127.0.0.1:8002/y']], body: '' }, actualOK, [['X-Token', 't']], { '8002 * /y': { status: 200, headers: allowAll, body: '' } }),
  ...mk('q3.pre-200-actual-no-acao', { status: 200, headers: allowAll, body: '' }, { status: 200, headers: [['Content-Type', 'text/plain']], body: 'put-ok' }),
  ...mk('q3.pre-200-all-ok', { status: 200, headers: allowAll, body: '' }),
];
