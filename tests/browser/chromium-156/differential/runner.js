// Differential runner: runs corsim scenario files in real headless Chromium (Debian /usr/bin/chromium).
// Derived from /work/scratch/chromium/harness.js (same launch switches, one browser, fresh context per scenario).
// Usage: node runner.js OUT.json FILE... [--only REGEX] [--conc N] [--max-at SECONDS]
// Servers: a raw HTTP/1.1 server on 127.0.0.1:8001-8003 and [::1]:8001-8003 (raw so that any method token,
// e.g. lower-case 'patch', reaches the rule matcher). Each scenario gets a unique path prefix /__sN__ that is
// inserted into every request URL / Location on our hosts; the server strips it and matches the scenario's
// original rules against the original URL; everything recorded is un-mapped back.
'use strict';
const net = require('net');
const http = require('http');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { chromium } = require('playwright-core');

const argv = process.argv.slice(2);
const OUT = argv.shift();
let ONLY = null, CONC = 3, MAX_AT = 65, EXTRA = false, ONLY_SKIPPED = null;
const FILES = [];
for (let i = 0; i < argv.length; i++) {
  if (argv[i] === '--only') ONLY = new RegExp(argv[++i]);
  else if (argv[i] === '--conc') CONC = +argv[++i];
  else if (argv[i] === '--max-at') MAX_AT = +argv[++i];
  else if (argv[i] === '--extra') EXTRA = true;           // TLS, ports 80/443, app.example/api.example mapped to 127.0.0.1, null origin
  else if (argv[i] === '--names') ONLY_SKIPPED = new Set(argv[++i].split(','));
  else FILES.push(argv[i]);
}

const PORTS = EXTRA ? [8001, 8002, 8003, 8009, 80, 443] : [8001, 8002, 8003];
const OUR = new Set(['127.0.0.1:8001', '127.0.0.1:8002', '127.0.0.1:8003', 'localhost:8003', '127.0.0.1:8009']);
if (EXTRA) ['127.0.0.1', 'api.example:8002', 'api.example', 'app.example'].forEach(h => OUR.add(h));
const ORIGINS = new Set(EXTRA ? ['http://127.0.0.1:8001', 'null', 'http://127.0.0.1', 'https://app.example'] : ['http://127.0.0.1:8001']);
const ORIGIN = 'http://127.0.0.1:8001';
const tls = require('tls');
const secureContext = tls.createSecureContext({ key: fs.readFileSync(path.join(__dirname, 'key.pem')), cert: fs.readFileSync(path.join(__dirname, 'cert.pem')) });

function loadFile(f) {
  const t = fs.readFileSync(f, 'utf8');
  let a;
  try { a = JSON.parse(t); } catch (e) { a = t.split('\n').filter(l => l.trim()).map(l => JSON.parse(l)); }
  return Array.isArray(a) ? a : [a];
}

// ---- URL rewriting -------------------------------------------------------------------------------
function rewriteUrl(u, pfx) {
  if (typeof u !== 'string') return u;
  const m = /^([a-zA-Z][a-zA-Z0-9+.-]*:)?\/\/([^\/?#\\]*)([\s\S]*)$/.exec(u);
  if (m) {
    if (m[1] && !/^https?:$/i.test(m[1])) return u;
    const auth = m[2].replace(/^.*@/, '').toLowerCase();
    if (!OUR.has(auth)) return u;
    const rest = m[3];
    return (m[1] || '') + '//' + m[2] + (rest.startsWith('/') ? pfx + rest : pfx + '/' + rest);
  }
  if (u.startsWith('/')) return pfx + u;
  return u; // relative path (resolved against /__sN__/page), or another scheme
}
function unmap(s, pfx) {
  if (typeof s !== 'string') return s;
  return s.split(pfx + '/').join('/').split(pfx).join('');
}
function hostsOk(s) {
  // which scenarios to run: origin must be ours; every URL that would hit the network must be on our hosts.
  if (!ORIGINS.has(s.origin)) return 'origin ' + s.origin;
  const reqs = s.requests || (s.request ? [s.request] : []);
  const urls = reqs.map(r => r.url);
  for (const ru of s.server || []) for (const [k, v] of ru.headers || []) if (/^location$/i.test(k)) urls.push(v);
  for (const u of urls) {
    let p;
    try { p = new URL(u, (s.origin === 'null' ? ORIGIN : s.origin) + '/'); } catch (e) { continue; } // invalid URL: script error, never on the wire
    if (!/^https?:$/.test(p.protocol)) continue;              // other schemes: never on the wire
    if (!OUR.has(p.host)) return 'host ' + p.host;
  }
  return null;
}
function contentKey(s) {
  const reqs = (s.requests || [s.request]).map(r => { const c = { ...r }; delete c.expect; return c; });
  return JSON.stringify([s.origin, reqs, s.server]);
}

// ---- servers -----------------------------------------------------------------------------------
const scen = new Map(); // pfx -> { rules, log: [] }
let seq = 0;
function pageHtml() {
  return `<!doctype html><html><head><meta charset=utf-8><title>t</title><link rel="icon" href="data:,"></head><body>
<script>
window.mkBody = (b) => {
  if (!b || b === 'none') return undefined;
  if (b === 'text') return 'hello';
  if (b === 'urlsearchparams') return new URLSearchParams('a=1&b=2');
  if (b === 'formdata') { const f = new FormData(); f.append('a', '1'); return f; }
  if (b.startsWith('blob:')) return new Blob(['xyz'], { type: b.slice(5) });
  if (b === 'bytes') return new Uint8Array([1, 2, 3]);
  throw new Error('unknown body ' + b);
};
window.RUN = async (r) => {
  const timeout = new Promise(res => setTimeout(() => res({ timeout: true }), 20000));
  if ((r.api || 'fetch') === 'fetch') {
    const init = {};
    if (r.method !== undefined) init.method = r.method;
    if (r.headers !== undefined) init.headers = r.headers;
    if (r.mode !== undefined) init.mode = r.mode;
    if (r.credentials !== undefined) init.credentials = r.credentials;
    if (r.redirect !== undefined) init.redirect = r.redirect;
    if (r.cache !== undefined) init.cache = r.cache; // probe-only extension (not in the scenario format)
    const body = mkBody(r.body);
    if (body !== undefined) init.body = body;
    const run = (async () => {
      try {
        const resp = await fetch(r.url, init);
        const out = { type: resp.type, status: resp.status, url: resp.url, headerKeys: [...resp.headers.keys()] };
        try { await resp.text(); } catch (e) { out.bodyError = e.name + ': ' + e.message; }
        return out;
      } catch (e) { return { rejected: true, exName: e.name, exMessage: e.message }; }
    })();
    return Promise.race([run, timeout]);
  }
  const run = new Promise((resolve) => {
    const res = { events: [] };
    const xhr = new XMLHttpRequest();
    const fin = () => { res.status = xhr.status; res.readyState = xhr.readyState; res.responseURL = xhr.responseURL;
      res.allHeaders = xhr.getAllResponseHeaders(); resolve(res); };
    try { xhr.open(r.method === undefined ? 'GET' : r.method, r.url, true); }
    catch (e) { res.threw = 'open'; res.exName = e.name; res.exMessage = e.message; return resolve(res); }
    if (r.credentials === 'include') xhr.withCredentials = true;
    for (const [k, v] of (r.headers || [])) {
      try { xhr.setRequestHeader(k, v); }
      catch (e) { res.threw = 'setRequestHeader'; res.exName = e.name; res.exMessage = e.message; return resolve(res); }
    }
    if (r.upload_listeners) { xhr.upload.onprogress = () => {}; xhr.upload.onloadstart = () => {}; }
    xhr.onerror = () => res.events.push('error');
    xhr.onabort = () => res.events.push('abort');
    xhr.ontimeout = () => res.events.push('timeout');
    xhr.onload = () => res.events.push('load');
    xhr.onloadend = () => { res.events.push('loadend'); fin(); };
    try { xhr.send(mkBody(r.body) === undefined ? null : mkBody(r.body)); }
    catch (e) { res.threw = 'send'; res.exName = e.name; res.exMessage = e.message; return resolve(res); }
  });
  return Promise.race([run, timeout]);
};
</script></body></html>`;
}

function ruleMatches(rule, method, url) {
  const rm = rule.method === undefined ? '*' : rule.method;
  if (rm !== '*' && rm !== method) return false;
  const ru = rule.url === undefined ? '*' : rule.url;
  if (ru === '*') return true;
  if (ru.endsWith('*')) return url.startsWith(ru.slice(0, -1));
  let norm = ru;
  try { const p = new URL(ru, ORIGIN + '/'); p.username = ''; p.password = ''; norm = p.href; } catch (e) {}
  return norm === url;
}

function handle(port, sock, reqLine, headerLines, body, secure) {
  const [method, target] = reqLine.split(' ');
  const hdrs = headerLines.map(l => { const i = l.indexOf(':'); return [l.slice(0, i), l.slice(i + 1).trim()]; });
  const host = (hdrs.find(h => h[0].toLowerCase() === 'host') || [])[1] || ('127.0.0.1:' + port);
  const m = /^\/__s(\d+)__(?=[\/?#]|$)/.exec(target || '');
  const pfx = m ? `/__s${m[1]}__` : null;
  const st = pfx && scen.get(pfx);
  let status = 404, rh = [], note = null;
  if (st && !st.pageServed && method === 'GET' && target === pfx + '/') {
    st.pageServed = true; // the page is origin + '/' after un-mapping; later hits of that URL go to the rules
    status = 200; rh = [['Content-Type', 'text/html; charset=utf-8']];
    if (st.origin === 'null') rh.push(['Content-Security-Policy', 'sandbox allow-scripts']);
    return send(sock, method, status, rh, pageHtml());
  }
  const url = (secure ? 'https://' : 'http://') + host + unmap(target, pfx || '/__none__');
  const entry = { seq: seq++, t: Date.now(), port, method, url, headers: hdrs };
  if (body && body.length) entry.bodyLen = body.length;
  if (!st) { entry.note = 'NO SCENARIO'; (global.orphans = global.orphans || []).push(entry); return send(sock, method, 404, [['Content-Type', 'text/plain']], 'no scenario'); }
  const rule = st.rules.find(r => ruleMatches(r, method, url));
  if (!rule) { entry.note = 'NO RULE'; status = 404; rh = [['Content-Type', 'text/plain']]; }
  else {
    status = rule.status === undefined ? 200 : rule.status;
    rh = (rule.headers || []).map(([k, v]) => [k, /^location$/i.test(k) ? rewriteUrl(v, pfx) : v]);
  }
  entry.status = status;
  st.log.push(entry);
  return send(sock, method, status, rh, null);
}

function send(sock, method, status, headers, bodyStr) {
  let body = bodyStr === null ? 'ok' : bodyStr;
  const cl = headers.find(h => h[0].toLowerCase() === 'content-length');
  if (cl && /^\d+$/.test(cl[1])) body = 'x'.repeat(Math.min(+cl[1], 1e6));
  const noBody = status === 204 || status === 304 || (status >= 100 && status < 200);
  if (noBody) body = '';
  const lines = [`HTTP/1.1 ${status} ${http.STATUS_CODES[status] || 'Status'}`];
  for (const [k, v] of headers) lines.push(`${k}: ${v}`);
  if (!cl && !noBody) lines.push(`Content-Length: ${Buffer.byteLength(body, 'latin1')}`);
  const head = Buffer.from(lines.join('\r\n') + '\r\n\r\n', 'latin1');
  sock.write(method === 'HEAD' ? head : Buffer.concat([head, Buffer.from(body, 'latin1')]));
}

function makeServer(port) {
  return net.createServer(raw => {
    raw.on('error', () => {});
    raw.once('data', d0 => {
      raw.pause(); raw.unshift(d0);
      if (d0[0] === 0x16) { tlsServer(port).emit('connection', raw); }
      else { serve(port, raw, false); raw.resume(); }
    });
  });
}
const tlsServers = {};
function tlsServer(port) {
  if (!tlsServers[port]) { tlsServers[port] = tls.createServer({ key: fs.readFileSync(path.join(__dirname, 'key.pem')), cert: fs.readFileSync(path.join(__dirname, 'cert.pem')) }, t => serve(port, t, true)); tlsServers[port].on('tlsClientError', () => {}); }
  return tlsServers[port];
}
function serve(port, sock, secure) {
  {
    let buf = Buffer.alloc(0);
    sock.on('error', () => {});
    sock.on('data', d => {
      buf = Buffer.concat([buf, d]);
      for (;;) {
        const end = buf.indexOf('\r\n\r\n');
        if (end < 0) { if (buf.length > 65536) sock.destroy(); return; }
        const head = buf.slice(0, end).toString('latin1').split('\r\n');
        const reqLine = head.shift();
        if (!/^\S+ \S+ HTTP\/1\.[01]$/.test(reqLine)) { sock.destroy(); return; }
        const clh = head.find(l => /^content-length:/i.test(l));
        const te = head.find(l => /^transfer-encoding:\s*chunked/i.test(l));
        let bodyEnd = end + 4, body;
        if (te) {
          // minimal chunked decoder
          let p = end + 4; const parts = [];
          for (;;) {
            const le = buf.indexOf('\r\n', p); if (le < 0) return;
            const n = parseInt(buf.slice(p, le).toString('latin1'), 16);
            if (n === 0) { const fe = buf.indexOf('\r\n\r\n', le); if (fe < 0 && buf.indexOf('\r\n', le + 2) !== le + 2) return; bodyEnd = (buf.indexOf('\r\n', le + 2) === le + 2) ? le + 4 : fe + 4; break; }
            if (buf.length < le + 2 + n + 2) return;
            parts.push(buf.slice(le + 2, le + 2 + n)); p = le + 2 + n + 2;
          }
          body = Buffer.concat(parts);
        } else {
          const n = clh ? parseInt(clh.split(':')[1], 10) : 0;
          if (buf.length < end + 4 + n) return;
          body = buf.slice(end + 4, end + 4 + n); bodyEnd = end + 4 + n;
        }
        buf = buf.slice(bodyEnd);
        try { handle(port, sock, reqLine, head, body, secure); } catch (e) { console.error('handler', e); sock.destroy(); return; }
      }
    });
  }
}

// ---- running --------------------------------------------------------------------------------
const sleep = ms => new Promise(r => setTimeout(r, ms));

async function runScenario(browser, s, idx) {
  const pfx = `/__s${idx}__`;
  const st = { rules: s.server || [], log: [], origin: s.origin };
  scen.set(pfx, st);
  const reqs = s.requests || [s.request];
  const context = await browser.newContext();
  const page = await context.newPage();
  const consoleLines = [];
  page.on('console', m => consoleLines.push({ t: Date.now(), text: `[${m.type()}] ${m.text()}` }));
  page.on('pageerror', e => consoleLines.push({ t: Date.now(), text: `[pageerror] ${e.name}: ${e.message}` }));
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  const netEv = [];
  const reqUrls = {};
  cdp.on('Network.requestWillBeSent', e => { reqUrls[e.requestId] = e.request.method + ' ' + e.request.url; });
  cdp.on('Network.loadingFailed', e => netEv.push({ t: Date.now(), req: reqUrls[e.requestId], errorText: e.errorText,
    corsError: e.corsErrorStatus && e.corsErrorStatus.corsError, corsParam: e.corsErrorStatus && e.corsErrorStatus.failedParameter,
    blockedReason: e.blockedReason, canceled: e.canceled }));
  await page.goto(`${s.origin === 'null' ? ORIGIN : s.origin}${pfx}/`);
  await sleep(50);
  consoleLines.length = 0; netEv.length = 0;
  const out = [];
  let t0 = null;
  for (let i = 0; i < reqs.length; i++) {
    const r = reqs[i];
    const at = r.at !== undefined ? r.at : (i > 0 && reqs.slice(0, i).reverse().find(x => x.at !== undefined) || {}).at;
    if (t0 !== null && at) { const wait = t0 + at * 1000 - Date.now(); if (wait > 0) await sleep(wait); }
    const spec = { ...r, url: rewriteUrl(r.url, pfx) };
    delete spec.expect;
    const start = Date.now();
    if (t0 === null) t0 = start - (at || 0) * 1000;
    const logFrom = st.log.length, conFrom = consoleLines.length, netFrom = netEv.length;
    let result;
    try { result = await page.evaluate(spec => window.RUN(spec), spec); } catch (e) { result = { evaluateError: String(e) }; }
    await sleep(200);
    const wire = st.log.slice(logFrom).map(e => ({ method: e.method, url: e.url, headers: e.headers, status: e.status, note: e.note, t: e.t - start }));
    out.push({ index: i, sentUrl: spec.url, at, startOffset: (start - t0) / 1000, result: JSON.parse(unmap(JSON.stringify(result), pfx)),
      console: consoleLines.slice(conFrom).map(c => unmap(c.text, pfx)), net: JSON.parse(unmap(JSON.stringify(netEv.slice(netFrom)), pfx)), wire });
  }
  await context.close();
  scen.delete(pfx);
  return out;
}

async function main() {
  const items = []; const skipped = [];
  const byKey = new Map();
  for (const f of FILES) {
    let list;
    try { list = loadFile(f); } catch (e) { console.error('cannot load', f, e.message); continue; }
    list.forEach((s, k) => {
      const id = { file: path.basename(f), index: k, name: s.name, browser: s.browser || 'chromium' };
      if (ONLY && !ONLY.test(s.name || '')) return;
      if (ONLY_SKIPPED && !ONLY_SKIPPED.has(s.name)) return;
      const why = hostsOk(s);
      const reqs = s.requests || (s.request ? [s.request] : []);
      const maxAt = Math.max(0, ...reqs.map(r => r.at || 0));
      if (why) { skipped.push({ ...id, why }); return; }
      if (maxAt > MAX_AT) { skipped.push({ ...id, why: 'at=' + maxAt + 's too long' }); return; }
      const key = contentKey(s);
      if (!byKey.has(key)) { byKey.set(key, { key, scenario: s, ids: [], maxAt }); items.push(byKey.get(key)); }
      byKey.get(key).ids.push(id);
    });
  }
  console.error(`${items.length} unique scenarios to run, ${skipped.length} skipped`);
  const servers = [];
  for (const p of PORTS) for (const h of ['127.0.0.1', '::1']) { const s = makeServer(p); s.listen(p, h); servers.push(s); }
  const udd = fs.mkdtempSync(path.join(os.tmpdir(), 'chr-diff-udd-'));
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium', ignoreDefaultArgs: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      `--user-data-dir=${udd}`, '--remote-debugging-pipe', '--no-startup-window',
      ...(EXTRA ? ['--ignore-certificate-errors', '--host-resolver-rules=MAP app.example 127.0.0.1, MAP api.example 127.0.0.1'] : [])],
  });
  const version = browser.version();
  items.sort((a, b) => b.maxAt - a.maxAt);
  let next = 0, done = 0;
  const results = [];
  async function worker() {
    while (next < items.length) {
      const it = items[next], idx = next++;
      try { it.observed = await runScenario(browser, it.scenario, idx); }
      catch (e) { it.error = String(e && e.stack || e); }
      done++;
      if (done % 25 === 0) console.error(`${done}/${items.length}`);
      results.push(it);
    }
  }
  await Promise.all(Array.from({ length: CONC }, worker));
  await browser.close();
  servers.forEach(s => s.close());
  fs.writeFileSync(OUT, JSON.stringify({ version, extra: EXTRA, skipped, orphans: global.orphans || [], results: results.map(r => ({ ids: r.ids, scenario: r.scenario, observed: r.observed, error: r.error })) }, null, 1));
  fs.rmSync(udd, { recursive: true, force: true });
  console.error('done', version);
  process.exit(0);
}
main().catch(e => { console.error(e); process.exit(1); });
