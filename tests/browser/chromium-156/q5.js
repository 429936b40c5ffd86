// Q5: preflight cache
const PO = 'http://127.0.0.1:8001';
const A = ['Access-Control-Allow-Origin', PO];
const pre = (extra) => ({ status: 204, headers: [A, ['Access-Control-Allow-Methods', 'PUT'], ['Access-Control-Allow-Headers', 'X-Token'], ...extra] });
const preC = (extra) => ({ status: 204, headers: [A, ['Access-Control-Allow-Credentials', 'true'], ['Access-Control-Allow-Methods', 'PUT'], ['Access-Control-Allow-Headers', 'X-Token'], ...extra] });
const act = { status: 200, headers: [A, ['Access-Control-Allow-Credentials', 'true'], ['Content-Type', 'text/plain']], body: 'ok' };
const U = 'http://127.0.0.1:8002/p';
const put = (cred) => `F('${U}', {method:'PUT', headers:{'X-Token':'t'}, body:'b'${cred ? `, credentials:'${cred}'` : ''}})`;
const seq = (steps) => `async () => { const out = []; const t0 = Date.now(); for (const [wait, call] of [${steps.map(([w, c]) => `[${w}, () => ${c}]`).join(',')}]) { await sleep(wait); const r = await call(); out.push({ atMs: Date.now() - t0, type: r.type, status: r.status, rejected: r.rejected }); } return out; }`;
module.exports = [
  { name: 'q5.max-age-absent-1s-then-6s', routes: { '8002 OPTIONS /p': pre([]), '8002 PUT /p': act }, js: seq([[0, put()], [1000, put()], [5500, put()]]) },
  { name: 'q5.max-age-0-1s', routes: { '8002 OPTIONS /p': pre([['Access-Control-Max-Age', '0']]), '8002 PUT /p': act }, js: seq([[0, put()], [1000, put()]]) },
  { name: 'q5.max-age-600-7s', routes: { '8002 OPTIONS /p': pre([['Access-Control-Max-Age', '600']]), '8002 PUT /p': act }, js: seq([[0, put()], [7000, put()]]) },
  { name: 'q5.max-age-3-1s-then-4s', routes: { '8002 OPTIONS /p': pre([['Access-Control-Max-Age', '3']]), '8002 PUT /p': act }, js: seq([[0, put()], [1000, put()], [3000, put()]]) },
  { name: 'q5.max-age-7200-then-1s', routes: { '8002 OPTIONS /p': pre([['Access-Control-Max-Age', '7200']]), '8002 PUT /p': act }, js: seq([[0, put()], [1000, put()]]) },
  { name: 'q5.max-age-garbage-then-1s', routes: { '8002 OPTIONS /p': pre([['Access-Control-Max-Age', 'abc']]), '8002 PUT /p': act }, js: seq([[0, put()], [1000, put()]]) },
  { name: 'q5.cred-no-then-include', routes: { '8002 OPTIONS /p': preC([['Access-Control-Max-Age', '600']]), '8002 PUT /p': act }, js: seq([[0, put()], [500, put('include')]]) },
  { name: 'q5.cred-include-then-no', routes: { '8002 OPTIONS /p': preC([['Access-Control-Max-Age', '600']]), '8002 PUT /p': act }, js: seq([[0, put('include')], [500, put()]]) },
  { name: 'q5.cred-omit-then-same-origin', routes: { '8002 OPTIONS /p': preC([['Access-Control-Max-Age', '600']]), '8002 PUT /p': act }, js: seq([[0, put('omit')], [500, put('same-origin')]]) },
  { name: 'q5.cache-then-different-header', routes: { '8002 OPTIONS /p': pre([['Access-Control-Max-Age', '600']]), '8002 PUT /p': act }, js: `async () => [await F('${U}', {method:'PUT', headers:{'X-Token':'t'}, body:'b'}), await F('${U}', {method:'PUT', headers:{'X-Other':'t'}, body:'b'})].map(r => r.rejected || r.status)` },
];
