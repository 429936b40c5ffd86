// Q2: simple GET cross-origin, ACAO/ACAC variations
const PO = 'http://127.0.0.1:8001';
const U = 'http://127.0.0.1:8002/x';
const r = (hs) => ({ status: 200, headers: [['Content-Type', 'text/plain'], ...hs], body: 'hello' });
const both = (name, hs, init = '{}', xopts = '{}') => [
  { name: name + '.fetch', routes: { '8002 * /x': r(hs) }, js: `async () => F('${U}', ${init})` },
  { name: name + '.xhr', routes: { '8002 * /x': r(hs) }, js: `async () => X('GET', '${U}', ${xopts})` },
];
module.exports = [
  ...both('q2.no-acao', []),
  ...both('q2.acao-mismatch', [['Access-Control-Allow-Origin', 'http://other']]),
  ...both('q2.acao-two-lines', [['Access-Control-Allow-Origin', PO], ['Access-Control-Allow-Origin', PO]]),
  ...both('q2.acao-two-lines-different', [['Access-Control-Allow-Origin', PO], ['Access-Control-Allow-Origin', '*']]),
  ...both('q2.acao-comma-list', [['Access-Control-Allow-Origin', PO + ', http://other']]),
  ...both('q2.acao-empty', [['Access-Control-Allow-Origin', '']]),
  ...both('q2.acao-star-credentials', [['Access-Control-Allow-Origin', '*']], "{credentials:'include'}", '{withCredentials:true}'),
  ...both('q2.acao-origin-credentials-no-acac', [['Access-Control-Allow-Origin', PO]], "{credentials:'include'}", '{withCredentials:true}'),
  ...both('q2.acac-True', [['Access-Control-Allow-Origin', PO], ['Access-Control-Allow-Credentials', 'True']], "{credentials:'include'}", '{withCredentials:true}'),
  ...both('q2.acac-true-ok', [['Access-Control-Allow-Origin', PO], ['Access-Control-Allow-Credentials', 'true']], "{credentials:'include'}", '{withCredentials:true}'),
  ...both('q2.acao-null', [['Access-Control-Allow-Origin', 'null']]),
  ...both('q2.acao-trailing-slash', [['Access-Control-Allow-Origin', PO + '/']]),
  ...both('q2.acao-localhost-vs-127', [['Access-Control-Allow-Origin', 'http://localhost:8001']]),
  ...both('q2.no-acao-status-404', []).map(c => (c.routes['8002 * /x'] = { status: 404, headers: [['Content-Type', 'text/plain']], body: 'nf' }, c)),
  ...both('q2.no-acao-status-500', []).map(c => (c.routes['8002 * /x'] = { status: 500, headers: [['Content-Type', 'text/plain']], body: 'err' }, c)),
  { name: 'q2.localhost-target-no-acao.fetch', routes: { '8003 * /x': r([]) }, js: `async () => F('http://localhost:8003/x')` },
  { name: 'q2.localhost-target-acao.fetch', routes: { '8003 * /x': r([['Access-Control-Allow-Origin', PO]]) }, js: `async () => F('http://localhost:8003/x')` },
  { name: 'q2.localhost-target-no-acao.xhr', routes: { '8003 * /x': r([]) }, js: `async () => X('GET', 'http://localhost:8003/x')` },
];
