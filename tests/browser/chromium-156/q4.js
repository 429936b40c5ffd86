// Q4: redirects
const PO = 'http://127.0.0.1:8001';
const A = ['Access-Control-Allow-Origin', PO];
const T = ['Content-Type', 'text/plain'];
const U = 'http://127.0.0.1:8002/r';
const final = (acao) => ({ status: 200, headers: acao === undefined ? [T] : [T, ['Access-Control-Allow-Origin', acao]], body: 'final' });
const redir = (loc, hs = [A], status = 302) => ({ status, headers: [...hs, ['Location', loc]], body: '' });
const both = (name, routes, init = '{}', xhrArgs = `'GET', '${U}'`) => [
  { name: name + '.fetch', routes, js: `async () => F('${U}', ${init})` },
  { name: name + '.xhr', routes, js: `async () => X(${xhrArgs})` },
];
const chain = {};
for (let i = 0; i <= 21; i++) chain[`8002 * /c${i}`] = redir(`http://127.0.0.1:8002/c${i + 1}`);
chain['8002 * /c22'] = final(PO);
const chain20 = {}; // 20 redirects then final: should succeed
for (let i = 0; i < 20; i++) chain20[`8002 * /d${i}`] = redir(`http://127.0.0.1:8002/d${i + 1}`);
chain20['8002 * /d20'] = final(PO);
module.exports = [
  ...both('q4.xo-redirect-final-acao-origin', { '8002 * /r': redir('http://127.0.0.1:8003/f'), '8003 * /f': final(PO) }),
  ...both('q4.xo-redirect-final-acao-star', { '8002 * /r': redir('http://127.0.0.1:8003/f'), '8003 * /f': final('*') }),
  ...both('q4.xo-redirect-final-acao-null', { '8002 * /r': redir('http://127.0.0.1:8003/f'), '8003 * /f': final('null') }),
  ...both('q4.xo-redirect-final-no-acao', { '8002 * /r': redir('http://127.0.0.1:8003/f'), '8003 * /f': final() }),
  ...both('q4.same-server-redirect-final-acao-origin', { '8002 * /r': redir('http://127.0.0.1:8002/f'), '8002 * /f': final(PO) }),
  ...both('q4.redirect-without-acao', { '8002 * /r': redir('http://127.0.0.1:8003/f', []), '8003 * /f': final('*') }),
  ...both('q4.redirect-without-acao-same-server', { '8002 * /r': redir('http://127.0.0.1:8002/f', []), '8002 * /f': final(PO) }),
  ...both('q4.redirect-acao-mismatch', { '8002 * /r': redir('http://127.0.0.1:8003/f', [['Access-Control-Allow-Origin', 'http://other']]), '8003 * /f': final('*') }),
  { name: 'q4.redirect-error.fetch', routes: { '8002 * /r': redir('http://127.0.0.1:8002/f'), '8002 * /f': final(PO) }, js: `async () => F('${U}', {redirect:'error'})` },
  { name: 'q4.redirect-error-no-acao.fetch', routes: { '8002 * /r': redir('http://127.0.0.1:8002/f', []), '8002 * /f': final(PO) }, js: `async () => F('${U}', {redirect:'error'})` },
  { name: 'q4.redirect-manual.fetch', routes: { '8002 * /r': redir('http://127.0.0.1:8002/f'), '8002 * /f': final(PO) }, js: `async () => F('${U}', {redirect:'manual'})` },
  { name: 'q4.redirect-manual-no-acao.fetch', routes: { '8002 * /r': redir('http://127.0.0.1:8002/f', []), '8002 * /f': final(PO) }, js: `async () => F('${U}', {redirect:'manual'})` },
  { name: 'q4.21-redirects.fetch', routes: chain, js: `async () => F('http://127.0.0.1:8002/c0')` },
  { name: 'q4.21-redirects.xhr', routes: chain, js: `async () => X('GET', 'http://127.0.0.1:8002/c0')` },
  { name: 'q4.20-redirects.fetch', routes: chain20, js: `async () => F('http://127.0.0.1:8002/d0')` },
  ...both('q4.xo-redirect-to-userinfo', { '8002 * /r': redir('http://u:p@127.0.0.1:8003/x'), '8003 * /x': final('*') }),
  ...both('q4.xo-redirect-to-userinfo-same-server', { '8002 * /r': redir('http://u:p@127.0.0.1:8002/x'), '8002 * /x': final(PO) }),
  { name: 'q4.same-origin-redirect-to-userinfo.fetch', routes: { '8001 * /s': redir('http://u:p@127.0.0.1:8001/t', []), '8001 * /t': final() }, js: `async () => F('http://127.0.0.1:8001/s')` },
  { name: 'q4.same-origin-redirect-to-userinfo.xhr', routes: { '8001 * /s': redir('http://u:p@127.0.0.1:8001/t', []), '8001 * /t': final() }, js: `async () => X('GET', 'http://127.0.0.1:8001/s')` },
  { name: 'q4.same-origin-redirect-to-xo-userinfo.fetch', routes: { '8001 * /s': redir('http://u:p@127.0.0.1:8002/t', []), '8002 * /t': final('*') }, js: `async () => F('http://127.0.0.1:8001/s')` },
  ...both('q4.302-empty-location', { '8002 * /r': redir('') }),
  ...both('q4.302-no-location', { '8002 * /r': { status: 302, headers: [A], body: 'x' } }),
  { name: 'q4.303-after-preflighted-PUT-to-8003.fetch',
    routes: { '8002 OPTIONS /r': { status: 204, headers: [A, ['Access-Control-Allow-Methods', 'PUT'], ['Access-Control-Allow-Headers', 'X-Token, Content-Type']] },
      '8002 PUT /r': redir('http://127.0.0.1:8003/after', [A], 303),
      '8003 OPTIONS /after': { status: 204, headers: [['Access-Control-Allow-Origin', '*'], ['Access-Control-Allow-Methods', '*'], ['Access-Control-Allow-Headers', '*']] },
      '8003 GET /after': final('*') },
    js: `async () => F('${U}', {method:'PUT', headers:{'X-Token':'t','Content-Type':'application/json'}, body:'{"a":1}'})` },
  { name: 'q4.303-after-preflighted-PUT-to-8003.xhr',
    routes: { '8002 OPTIONS /r': { status: 204, headers: [A, ['Access-Control-Allow-Methods', 'PUT'], ['Access-Control-Allow-Headers', 'X-Token, Content-Type']] },
      '8002 PUT /r': redir('http://127.0.0.1:8003/after', [A], 303),
      '8003 OPTIONS /after': { status: 204, headers: [['Access-Control-Allow-Origin', '*'], ['Access-Control-Allow-Methods', '*'], ['Access-Control-Allow-Headers', '*']] },
      '8003 GET /after': final('*') },
    js: `async () => X('PUT', '${U}', {headers:[['X-Token','t'],['Content-Type','application/json']], body:'{"a":1}'})` },
  { name: 'q4.303-after-preflighted-PUT-same-server.fetch',
    routes: { '8002 OPTIONS /r': { status: 204, headers: [A, ['Access-Control-Allow-Methods', 'PUT'], ['Access-Control-Allow-Headers', 'X-Token, Content-Type']] },
      '8002 PUT /r': redir('http://127.0.0.1:8002/after', [A], 303),
      '8002 OPTIONS /after': { status: 204, headers: [A, ['Access-Control-Allow-Methods', '*'], ['Access-Control-Allow-Headers', '*']] },
      '8002 GET /after': final(PO) },
    js: `async () => F('${U}', {method:'PUT', headers:{'X-Token':'t','Content-Type':'application/json'}, body:'{"a":1}'})` },
  ...both('q4.POST-301-xo', { '8002 * /r': redir('http://127.0.0.1:8003/t', [A], 301), '8003 * /t': final('*') }, `{method:'POST', body:'x'}`, `'POST', '${U}', {body:'x'}`),
  ...both('q4.POST-301-same-server', { '8002 * /r': redir('http://127.0.0.1:8002/t', [A], 301), '8002 * /t': final(PO) }, `{method:'POST', body:'x'}`, `'POST', '${U}', {body:'x'}`),
  ...both('q4.POST-307-same-server', { '8002 * /r': redir('http://127.0.0.1:8002/t', [A], 307), '8002 * /t': final(PO) }, `{method:'POST', body:'x'}`, `'POST', '${U}', {body:'x'}`),
  ...both('q4.location-data', { '8002 * /r': redir('data:,x') }),
  ...both('q4.location-ftp', { '8002 * /r': redir('ftp://x/') }),
  ...both('q4.location-data-no-acao', { '8002 * /r': redir('data:,x', []) }),
];
