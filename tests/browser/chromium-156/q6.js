// Q6: response header exposure via Access-Control-Expose-Headers
const PO = 'http://127.0.0.1:8001';
const U = 'http://127.0.0.1:8002/h';
const resp = (acao, extra) => ({ status: 200, headers: [['Access-Control-Allow-Origin', acao], ...extra,
  ['X-A', 'a'], ['X-B', 'b'], ['Set-Cookie', 'k=v'], ['Content-Type', 'text/plain'], ['Cache-Control', 'no-cache'], ['Content-Language', 'en'], ['Expires', '0'], ['Last-Modified', 'Tue, 01 Jan 2030 00:00:00 GMT'], ['Pragma', 'x']], body: 'hdr' });
const both = (name, spec, cred) => [
  { name: name + '.fetch', routes: { '8002 * /h': spec }, js: `async () => F('${U}'${cred ? ", {credentials:'include'}" : ''})` },
  { name: name + '.xhr', routes: { '8002 * /h': spec }, js: `async () => X('GET', '${U}'${cred ? ', {withCredentials:true}' : ''})` },
];
module.exports = [
  ...both('q6.no-aceh', resp(PO, [])),
  ...both('q6.aceh-x-a', resp(PO, [['Access-Control-Expose-Headers', 'x-a']])),
  ...both('q6.aceh-star', resp(PO, [['Access-Control-Expose-Headers', '*']])),
  ...both('q6.aceh-star-acao-star', resp('*', [['Access-Control-Expose-Headers', '*']])),
  ...both('q6.aceh-star-credentials', resp(PO, [['Access-Control-Allow-Credentials', 'true'], ['Access-Control-Expose-Headers', '*']]), true),
  ...both('q6.aceh-star-and-x-b-credentials', resp(PO, [['Access-Control-Allow-Credentials', 'true'], ['Access-Control-Expose-Headers', '*, x-b']]), true),
  ...both('q6.aceh-invalid-x-foo-x-b', resp(PO, [['Access-Control-Expose-Headers', 'x foo, x-b']])),
  ...both('q6.aceh-set-cookie', resp(PO, [['Access-Control-Expose-Headers', 'Set-Cookie, X-B']])),
  ...both('q6.aceh-two-lines', resp(PO, [['Access-Control-Expose-Headers', 'x-a'], ['Access-Control-Expose-Headers', 'x-b']])),
];
