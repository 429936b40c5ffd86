// Compare WebKitGTK observations (runner.js output) with `corsim eval --json --browser webkit`.
// Derived from /work/scratch/firefox-diff/compare.js (same fields, same wire filtering); only the message rule differs.
// Usage: node compare.js results-all.json [more results...]   (writes corsim-in/out.jsonl and diffs.json; TAG=x -> *-x.*)
'use strict';
const fs = require('fs');
const { execFileSync } = require('child_process');
const CORSIM = process.env.CORSIM || '/work/scratch/webkit-diff/corsim-used';
const TAG = process.env.TAG ? '-' + process.env.TAG : '';
const ORIGIN = 'http://127.0.0.1:8001';

const all = { version: null, skipped: [], orphans: [], results: [] };
for (const f of process.argv.slice(2)) {
  const r = JSON.parse(fs.readFileSync(f, 'utf8'));
  all.version = r.version; all.orphans.push(...r.orphans);
  // later files override earlier ones for the same scenario content (the --extra run re-does scenarios the plain run skipped/could not serve)
  for (const x of r.results) {
    const key = JSON.stringify([x.scenario.origin, (x.scenario.requests || [x.scenario.request]).map(q => { const c = { ...q }; delete c.expect; return c; }), x.scenario.server]);
    const at = all.results.findIndex(y => y._key === key);
    x._key = key; x._from = f;
    if (at >= 0) all.results[at] = x; else all.results.push(x);
  }
  all.skipped = all.skipped.filter(s => !r.results.some(x => x.ids.some(i => i.file === s.file && i.index === s.index)));
  for (const s of r.skipped) if (!all.skipped.some(t => t.file === s.file && t.index === s.index)) all.skipped.push(s);
}

// ---- corsim, once per unique scenario, renamed u<k> -------------------------------------------
const tmp = '/work/scratch/webkit-diff/corsim-in' + TAG + '.jsonl';
fs.writeFileSync(tmp, all.results.map((r, k) => JSON.stringify({ ...r.scenario, name: 'u' + k })).join('\n') + '\n');
let out;
try { out = execFileSync(CORSIM, ['eval', '--json', '--browser', 'webkit', tmp], { encoding: 'utf8', maxBuffer: 1 << 28 }); }
catch (e) { out = e.stdout; process.stderr.write('corsim exit ' + e.status + ': ' + e.stderr + '\n'); }
fs.writeFileSync('/work/scratch/webkit-diff/corsim-out' + TAG + '.jsonl', out);
const pred = {};
for (const line of out.split('\n').filter(Boolean)) { const o = JSON.parse(line); (pred[o.scenario] = pred[o.scenario] || [])[o.request] = o; }

// ---- helpers --------------------------------------------------------------------------------------
const CORS_NAMES = new Set(['origin', 'access-control-request-method', 'access-control-request-headers']);
const BROWSER_SET = new Set(['accept', 'accept-language', 'accept-encoding', 'user-agent', 'referer', 'host', 'connection',
  'content-length', 'cookie', 'sec-fetch-site', 'sec-fetch-mode', 'sec-fetch-dest', 'sec-fetch-user', 'sec-ch-ua', 'sec-ch-ua-mobile',
  'sec-ch-ua-platform', 'cache-control', 'pragma', 'authorization', 'priority', 'upgrade-insecure-requests', 'te', 'dnt', 'sec-gpc']);
const WK_GENERIC = 'Load failed';
const WK_ACCESS_LINE = /cannot load .* due to access control checks\.$/;
function wkLines(con) {
  const out = [];
  for (const raw of con || []) {
    const m = /^(?:\S+:\d+:\d+: )?CONSOLE (.*?)\b(ERROR|WARN|LOG|INFO|DEBUG)\b (.*)$/.exec(raw);
    // ERROR lines, plus SECURITY-source warnings: WebKit prints the mixed-content reason
    // ("[blocked] The page at ... requested insecure content from ...") as CONSOLE SECURITY WARN.
    if (m && (m[2] === 'ERROR' || (m[2] === 'WARN' && /SECURITY/.test(m[1])))) out.push(m[3]);
  }
  return out;
}
const normVal = (n, v) => {
  v = String(v).trim();
  if (n === 'content-type') v = v.replace(/boundary=.*/i, 'boundary=...');
  return v;
};
function hostOf(u) { try { return new URL(u).origin; } catch (e) { return null; } }

function webkitView(req, obs, scen) {
  const api = req.api || 'fetch';
  const r = obs.result || {};
  const v = { raw: obs };
  let blocked;
  if (api === 'fetch') blocked = !!(r.rejected || r.timeout || r.evaluateError);
  else blocked = !!(r.threw || r.timeout || r.evaluateError || (r.events || []).some(e => e === 'error' || e === 'abort' || e === 'timeout'));
  v.blocked = blocked;
  const wire = obs.wire || [];
  if (blocked) v.response_type = 'error';
  else if (api === 'fetch') v.response_type = r.type;
  else v.response_type = wire.some(w => hostOf(w.url) !== scen.origin) ? 'cors' : 'basic';
  v.status = blocked ? 0 : r.status;
  v.preflightSent = wire.some(w => w.method === 'OPTIONS' && w.headers.some(h => h[0].toLowerCase() === 'access-control-request-method'));
  // message (scenario-format rule for WebKit):
  // console lines look like "[<url>:<l>:<c>: ]CONSOLE <SOURCE> <LEVEL> <text>"; ERROR-level lines and SECURITY WARN lines count.
  // 1. the reason line = first error line that is not the generic "... cannot load <url> due to access control checks.";
  // 2. else the first other error line; 3. else the exception text when specific; 4./5. else the exception text ("Load failed").
  const lines = wkLines(obs.console);
  let msg = null;
  if (blocked) {
    const ex = r.exMessage || null;
    const generic = ex === WK_GENERIC || ex === null;
    msg = lines.find(l => !WK_ACCESS_LINE.test(l))
      || lines[0]
      || (!generic ? ex : null)
      || ex;
  }
  v.message = msg;
  // exposed headers (extra): fetch headers.keys(), XHR getAllResponseHeaders(); our server adds Content-Length itself,
  // so drop content-length unless some rule of the scenario sets it.
  const ruleCL = (scen.server || []).some(ru => (ru.headers || []).some(h => /^content-length$/i.test(h[0])));
  let ex = [];
  if (!blocked && api === 'fetch') ex = r.headerKeys || [];
  if (!blocked && api === 'xhr') ex = String(r.allHeaders || '').split('\r\n').filter(Boolean).map(l => l.slice(0, l.indexOf(':')).toLowerCase());
  v.exposed = [...new Set(ex)].filter(n => ruleCL || n !== 'content-length').sort();
  v.netError = (obs.net || []).map(n => n.errorText).filter(Boolean)[0] || null;
  // wire, filtered
  const scriptNames = new Map();
  for (const [k, val] of req.headers || []) { const n = String(k).toLowerCase(); if (!scriptNames.has(n)) scriptNames.set(n, []); scriptNames.get(n).push(String(val).trim()); }
  v.wire = wire.map((w, i) => {
    const hs = [];
    for (const [k, val] of w.headers) {
      const n = k.toLowerCase();
      if (CORS_NAMES.has(n) || n === 'content-type') { hs.push([n, normVal(n, val)]); continue; }
      if (!scriptNames.has(n)) continue;
      if (BROWSER_SET.has(n)) {
        const sv = scriptNames.get(n);
        if (!(sv.includes(val.trim()) || sv.join(', ') === val.trim())) continue;
      }
      hs.push([n, normVal(n, val)]);
    }
    return { method: w.method, url: w.url, status: w.status, headers: hs, note: w.note };
  });
  return v;
}
function predWire(p) {
  return (p.wire || []).map(w => ({ method: w.method, url: w.url, status: w.status,
    headers: (w.headers || []).map(([k, v]) => [k.toLowerCase(), normVal(k.toLowerCase(), v)]) }));
}
const hget = (hs, n) => { const x = hs.filter(h => h[0] === n).map(h => h[1]); return x.length ? x.join(' | ') : null; };
const hset = hs => hs.map(h => h[0] + ': ' + h[1]).sort();
function cmpWire(pw, cw) {
  // returns {sub: {field: [corsim, webkit] | null}} per wire sub-field
  const d = {};
  const hops = (w) => w.map(x => x.method + ' ' + x.url).join(' -> ');
  d['wire.hops'] = hops(pw) === hops(cw) ? null : [hops(pw), hops(cw)];
  const n = Math.max(pw.length, cw.length);
  const per = { 'wire.origin': [], 'wire.acrm': [], 'wire.acrh': [], 'wire.headers': [], 'wire.status': [] };
  let diff = { 'wire.origin': false, 'wire.acrm': false, 'wire.acrh': false, 'wire.headers': false, 'wire.status': false };
  for (let i = 0; i < n; i++) {
    const a = pw[i], b = cw[i];
    if (!a || !b) continue; // hop count difference shows up in wire.hops
    const pairs = {
      'wire.origin': [hget(a.headers, 'origin'), hget(b.headers, 'origin')],
      'wire.acrm': [hget(a.headers, 'access-control-request-method'), hget(b.headers, 'access-control-request-method')],
      'wire.acrh': [hget(a.headers, 'access-control-request-headers'), hget(b.headers, 'access-control-request-headers')],
      'wire.status': [a.status, b.status],
    };
    const other = hs => hset(hs.filter(h => !CORS_NAMES.has(h[0]))).join('\n');
    pairs['wire.headers'] = [other(a.headers), other(b.headers)];
    for (const k in pairs) { per[k].push(`#${i} ${a.method}: ` + JSON.stringify(pairs[k][0])); per[k + '#c'] = per[k + '#c'] || []; per[k + '#c'].push(`#${i} ${b.method}: ` + JSON.stringify(pairs[k][1])); if (pairs[k][0] !== pairs[k][1]) diff[k] = true; }
  }
  for (const k in diff) d[k] = diff[k] ? [per[k].join('; '), per[k + '#c'].join('; ')] : null;
  return d;
}

// ---- compare -----------------------------------------------------------------------------------
const FIELDS = ['response_type', 'blocked', 'status', 'preflight', 'message', 'wire.hops', 'wire.origin', 'wire.acrm', 'wire.acrh', 'wire.headers', 'wire.status', 'exposed_headers'];
const counts = { requests: 0, uniqueRequests: 0, agree: {}, compared: {}, scenarioRuns: all.results.length };
FIELDS.forEach(f => { counts.agree[f] = 0; counts.compared[f] = 0; });
const byNative = { native: { requests: 0, agreeAll: 0 }, retargeted: { requests: 0, agreeAll: 0 } };
const diffs = [];
all.results.forEach((res, k) => {
  const reqs = res.scenario.requests || [res.scenario.request];
  const preds = pred['u' + k] || [];
  if (res.error || !res.observed) { diffs.push({ k, ids: res.ids, runError: res.error || 'no observation' }); return; }
  reqs.forEach((req, i) => {
    const p = preds[i]; const obs = res.observed[i];
    if (!p) { diffs.push({ k, ids: res.ids, index: i, field: 'corsim-output', corsim: 'no output (scenario error?)', webkit: null }); return; }
    const c = webkitView(req, obs, res.scenario);
    const pw = predWire(p);
    const d = {
      response_type: [p.response_type, c.response_type],
      blocked: [p.blocked, c.blocked],
      status: [p.status, c.status],
      preflight: [p.preflight, c.preflightSent ? 'sent' : '(not sent)'],
      message: [p.message, c.message],
      ...cmpWire(pw, c.wire),
      'exposed_headers': [[...(p.exposed_headers || [])].sort(), c.exposed],
    };
    const agreeP = (p.preflight === 'sent') === c.preflightSent;
    const nIds = res.ids.length;
    counts.uniqueRequests++;
    counts.requests += nIds;
    let all = true;
    for (const f of FIELDS) {
      const pair = d[f];
      if (pair === undefined) continue;
      let same;
      if (f === 'preflight') same = agreeP;
      else if (f.startsWith('wire.')) same = pair === null;
      else same = JSON.stringify(pair[0]) === JSON.stringify(pair[1]);
      counts.compared[f] += nIds; if (same) counts.agree[f] += nIds;
      if (!same) {
        all = false;
        diffs.push({ k, ids: res.ids, index: i, field: f, corsim: pair[0], webkit: pair[1], req, scenario: res.scenario,
          rawConsole: obs.console, rawException: obs.result && (obs.result.exMessage || null), result: obs.result, net: obs.net,
          from: res._from, wkWire: c.wire, corsimWire: pw, corsimError: p.error, corsimMessage: p.message, corsimPreflight: p.preflight, netError: c.netError });
      }
    }
    for (const id of res.ids) { const b = id.browser === 'webkit' ? 'native' : 'retargeted'; byNative[b].requests++; if (all) byNative[b].agreeAll++; }
  });
});
fs.writeFileSync('/work/scratch/webkit-diff/diffs' + TAG + '.json', JSON.stringify({ version: all.version, counts, byNative, skipped: all.skipped, orphans: all.orphans, diffs }, null, 1));
console.log(JSON.stringify({ counts, byNative, ndiffs: diffs.length, skipped: all.skipped.length, orphans: all.orphans.length }, null, 1));
