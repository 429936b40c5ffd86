// Seeded random scenario generator for corsim vs browsers.
// Usage: node gen.js SEED COUNT > file.json
'use strict';
const SEED = +(process.argv[2] || 1), COUNT = +(process.argv[3] || 80), START = +(process.argv[4] || 0);
function mulberry32(a) { return function () { a |= 0; a = a + 0x6D2B79F5 | 0; let t = Math.imul(a ^ a >>> 15, 1 | a); t = t + Math.imul(t ^ t >>> 7, 61 | t) ^ t; return ((t ^ t >>> 14) >>> 0) / 4294967296; }; }
const R = mulberry32(SEED);
const pick = a => a[Math.floor(R() * a.length)];
const chance = p => R() < p;
const wpick = (pairs) => { let t = pairs.reduce((s, p) => s + p[1], 0), x = R() * t; for (const [v, w] of pairs) { if ((x -= w) < 0) return v; } return pairs[pairs.length - 1][0]; };
const O = 'http://127.0.0.1:8001';
const HOSTS = ['http://127.0.0.1:8001', 'http://127.0.0.1:8002', 'http://127.0.0.1:8002', 'http://127.0.0.1:8003', 'http://localhost:8003'];
const METHODS = [['GET', 6], ['HEAD', 2], ['POST', 5], ['PUT', 3], ['DELETE', 2], ['PATCH', 2], ['patch', 2], ['put', 1], ['delete', 1], ['post', 1], ['get', 1], ['head', 1], ['FOO', 1], ['x-custom', 1], ['OPTIONS', 1], ['Options', 0.5], ['M-SEARCH', 0.5], ['TRACE', 0.3], ['CONNECT', 0.3], ['GET ', 0.2]];
const HDR = {
  'Accept': ['application/json', 'text/html, */*;q=0.8', 'a"b', 'x'.repeat(130), '*/*', 'text/{html}'],
  'Accept-Language': ['en-US', 'en;q=0.9, de', 'de_DE', 'fr@FR', ''],
  'Content-Language': ['de', 'en-GB, fr', 'x(y)', 'en;q=1'],
  'Content-Type': ['text/plain', 'application/json', 'multipart/form-data', 'application/x-www-form-urlencoded', 'text/plain; charset=utf-8', 'TEXT/PLAIN', 'text/plain;', 'text/plain, application/json', 'text/plain; boundary="a b"', 'text/html', 'multipart/form-data; boundary=x', 'application/x-www-form-urlencoded;charset=UTF-8', ' text/plain', 'text/plain{', 'text/plain; charset="utf-8"', 'text/plain;charset=utf-8;x=y', 'text/plain; a=b, text/html', 'text/', 'application/json; text/plain', 'text/plain\t', 'Multipart/Form-Data; boundary=q', '*/*'],
  'Range': ['bytes=0-10', 'bytes=5-', 'bytes=0-1,3-4', 'bytes=-5', 'items=0-1', 'bytes = 0-1', 'bytes=10-2'],
  'X-Token': ['abc', ''], 'X-Req-Id': ['1'], 'x-lower': ['v'], 'X-Requested-With': ['XMLHttpRequest'],
  'Authorization': ['Bearer t'],
  'Cookie': ['a=b'], 'Host': ['evil.example'], 'Referer': ['http://x/'], 'Connection': ['close'], 'Origin': ['http://evil.example'],
  'Sec-Foo': ['1'], 'Proxy-Foo': ['1'], 'Content-Length': ['3'], 'Accept-Charset': ['utf-8'], 'DNT': ['1'], 'Keep-Alive': ['1'], 'User-Agent': ['ua/1'],
  'X-HTTP-Method-Override': ['TRACE', 'PUT'], 'Accept-Encoding': ['gzip'], 'Date': ['x'],
  'DPR': ['2', '2.5', 'x'], 'Downlink': ['1.5', 'fast'], 'Save-Data': ['on', 'off', 'yes'], 'Viewport-Width': ['800', '-1'], 'Width': ['100', 'w'], 'Device-Memory': ['4'], 'RTT': ['50'], 'ECT': ['4g'],
  'Bad Header': ['x'], 'X-Bad-Val': ['a\u00ff'],
};
const HW = [['Accept', 4], ['Accept-Language', 3], ['Content-Language', 3], ['Content-Type', 8], ['Range', 3], ['X-Token', 4], ['X-Req-Id', 2], ['x-lower', 1], ['X-Requested-With', 1], ['Authorization', 2],
  ['Cookie', 0.5], ['Host', 0.3], ['Referer', 0.3], ['Connection', 0.3], ['Origin', 0.3], ['Sec-Foo', 0.5], ['Proxy-Foo', 0.5], ['Content-Length', 0.3], ['Accept-Charset', 0.3], ['DNT', 0.3], ['Keep-Alive', 0.3], ['User-Agent', 0.5],
  ['X-HTTP-Method-Override', 0.5], ['Accept-Encoding', 0.3], ['Date', 0.3], ['DPR', 1], ['Downlink', 0.7], ['Save-Data', 1], ['Viewport-Width', 0.5], ['Width', 0.5], ['Device-Memory', 0.5], ['RTT', 0.3], ['ECT', 0.3], ['Bad Header', 0.2], ['X-Bad-Val', 0.2]];
function genHeaders() {
  const n = wpick([[0, 3], [1, 3], [2, 2], [3, 1.5], [4, 1]]);
  const hs = [];
  for (let i = 0; i < n; i++) {
    if (hs.length && chance(0.12)) { const [k] = pick(hs); const alt = chance(0.5) ? k.toLowerCase() : k; hs.push([alt, pick(HDR[k] || ['dup'])]); continue; }
    const k = wpick(HW); let name = k;
    if (chance(0.1)) name = k.toLowerCase(); else if (chance(0.05)) name = k.toUpperCase();
    hs.push([name, pick(HDR[k])]);
  }
  return hs;
}
const BODIES = [['none', 10], ['text', 3], ['urlsearchparams', 2], ['formdata', 2], ['blob:', 1], ['blob:text/plain', 1], ['blob:application/json', 1], ['blob:image/png', 0.5], ['blob:multipart/form-data', 0.5], ['blob:text/plain;charset=utf-8', 0.5], ['bytes', 2]];
function acao(orig) {
  return wpick([[[orig], 10], [['*'], 5], [['null'], 1.5], [['http://127.0.0.1:8002'], 1], [['http://localhost:8001'], 0.7], [[orig, orig], 1], [[orig, '*'], 0.7], [[orig + '/'], 1], [[' ' + orig + ' '], 0.7], [[orig + ', ' + orig], 0.7], [['HTTP://127.0.0.1:8001'], 0.5], [[], 2.5], [['null', orig], 0.3]]);
}
function methodList(m) {
  const U = m.toUpperCase();
  return wpick([[m, 5], [U, 2], [m.toLowerCase(), 2], ['*', 2], ['GET, POST', 1], ['PUT, DELETE, PATCH', 1.5], [m + ', bad method(', 0.7], [m + ', ,', 0.5], [null, 2], ['GET, ' + m, 1], ['PUT,patch', 0.7]]);
}
function headerList(hs) {
  const names = [...new Set(hs.map(h => h[0].toLowerCase()))];
  return wpick([[names.join(', '), 5], [names.map(n => n.toUpperCase()).join(','), 1.5], ['*', 2], ['authorization, *', 0.5], [names.slice(1).join(', '), 1.5], [names.join(', ') + ', x a', 0.5], [names.join(',,'), 0.5], [null, 2], ['x-token, content-type', 1.5], ['X-Tokn', 0.3]]);
}
function expose() { return wpick([[null, 4], [['*'], 1.5], [['X-Foo'], 1.5], [['x-foo, content-length'], 1], [['X-Foo', 'X-Bar'], 0.7], [['x-foo,'], 0.3], [['X Foo'], 0.3]]); }
function atSeq(n) {
  for (;;) {
    const ats = [0]; for (let i = 1; i < n; i++) ats.push(Math.min(8, ats[i - 1] + pick([0, 0, 0.5, 1, 2, 3, 6.5, 7, 8])));
    let ok = true;
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) { const d = ats[j] - ats[i]; if (d > 3.5 && d < 6.3) ok = false; if (d > 0 && d < 0.4) ok = false; }
    if (ok) return ats;
  }
}
function genRequest(url) {
  const api = chance(0.75) ? 'fetch' : 'xhr';
  const r = { api, url, method: wpick(METHODS), headers: genHeaders() };
  const isGH = /^(get|head)$/i.test(r.method);
  r.body = (isGH && !chance(0.12)) ? 'none' : wpick(BODIES);
  if (api === 'fetch') {
    r.mode = wpick([['cors', 14], ['no-cors', 4], ['same-origin', 2]]);
    r.credentials = wpick([['omit', 1], ['same-origin', 2], ['include', 2]]);
    r.redirect = wpick([['follow', 14], ['error', 3], ['manual', 3]]);
  } else {
    r.credentials = wpick([['same-origin', 2], ['include', 1]]);
    r.upload_listeners = r.body !== 'none' && chance(0.3);
  }
  return r;
}
function respHeaders(orig, rq, forPreflight) {
  const h = [];
  // near-miss mode: everything right except (maybe) one field
  const good = chance(0.55), bad = good ? pick(['acao', 'acac', 'acam', 'acah', 'none', 'none']) : null;
  const ok = f => good && bad !== f;
  for (const v of (ok('acao') ? [orig] : acao(orig))) h.push(['Access-Control-Allow-Origin', v]);
  const c = ok('acac') ? 'true' : wpick([['true', 4], ['True', 1], [null, 5], ['false', 0.5]]); if (c) h.push(['Access-Control-Allow-Credentials', c]);
  if (forPreflight) {
    const m = ok('acam') ? rq.method : methodList(rq.method); if (m !== null) h.push(['Access-Control-Allow-Methods', m]);
    const hl = ok('acah') ? [...new Set(rq.headers.map(x => x[0]))].join(', ') : headerList(rq.headers); if (hl !== null && hl !== '') h.push(['Access-Control-Allow-Headers', hl]);
    const ma = wpick([[null, 3], ['0', 1], ['5', 1], ['60', 3], ['-1', 0.3], ['abc', 0.3]]); if (ma !== null) h.push(['Access-Control-Max-Age', ma]);
  } else {
    const e = expose(); if (e) for (const v of e) h.push(['Access-Control-Expose-Headers', v]);
    h.push(['X-Foo', '1'], ['X-Bar', '2'], ['Content-Type', 'text/plain']);
    if (chance(0.2)) h.push(['Cache-Control', 'no-store']);
  }
  return h;
}
const scenarios = [];
for (let s = START; s < START + COUNT; s++) {
  const host = wpick(HOSTS.map(h => [h, h === O ? 1 : 2]));
  const p = '/r' + s + '/' + pick(['a', 'b', 'items']) + (chance(0.3) ? '?x=1' : '');
  const url = host + p;
  const n = wpick([[1, 4], [2, 4], [3, 2]]);
  const ats = atSeq(n);
  const reqs = [];
  const first = genRequest(url); first.at = 0; reqs.push(first);
  for (let i = 1; i < n; i++) {
    let r;
    const k = R();
    if (k < 0.45) r = { ...JSON.parse(JSON.stringify(reqs[i - 1])) };       // same request again (cache)
    else if (k < 0.75) { r = JSON.parse(JSON.stringify(first)); r.headers = genHeaders(); if (chance(0.5)) r.method = wpick(METHODS); if (/^(get|head)$/i.test(r.method)) r.body = 'none'; }
    else r = genRequest(chance(0.6) ? url : pick(HOSTS) + p);
    r.at = ats[i]; reqs.push(r);
  }
  const server = [];
  // OPTIONS rule
  const optStatus = wpick([[204, 6], [200, 6], [403, 1], [404, 0.7], [500, 0.5], [302, 0.5], [301, 0.3]]);
  const oh = respHeaders(O, first, true);
  if (optStatus >= 300 && optStatus < 400) oh.push(['Location', pick(HOSTS) + '/pf' + s]);
  server.push({ method: 'OPTIONS', url: chance(0.7) ? url : host + '/r' + s + '/*', status: optStatus, headers: oh });
  // actual answer
  const st = wpick([[200, 8], [204, 1.5], [206, 1], [301, 1], [302, 1.5], [303, 1], [307, 1.5], [308, 1], [401, 0.7], [403, 0.7], [404, 0.7], [500, 0.7]]);
  const ah = respHeaders(O, first, false);
  if (st >= 300 && st < 400) {
    const dest = pick(HOSTS) + '/f' + s + (chance(0.3) ? '?y=2' : '');
    ah.push(['Location', dest]);
    server.push({ method: '*', url: chance(0.6) ? url : host + '/r' + s + '/*', status: st, headers: ah });
    // rules for the destination: OPTIONS and actual, origin may be null after a cross-origin hop
    const orig2 = pick([O, 'null', O]);
    const dopt = respHeaders(orig2, first, true);
    server.push({ method: 'OPTIONS', url: dest, status: wpick([[204, 3], [200, 3], [404, 0.5]]), headers: dopt });
    server.push({ method: '*', url: dest, status: wpick([[200, 6], [404, 0.5], [206, 0.5]]), headers: respHeaders(orig2, first, false) });
  } else {
    server.push({ method: '*', url: chance(0.6) ? url : host + '/r' + s + '/*', status: st, headers: ah });
  }
  // catch-all
  server.push({ method: '*', url: '*', status: 200, headers: respHeaders(pick([O, O, 'null']), first, false) });
  scenarios.push({ name: 'rnd' + SEED + '-' + s, browser: 'chromium', origin: O, requests: reqs, server });
}
process.stdout.write(JSON.stringify(scenarios, null, 0).replace(/\},\{"name"/g, '},\n{"name"') + '\n');
