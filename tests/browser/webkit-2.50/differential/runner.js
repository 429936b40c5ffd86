// Differential runner: runs corsim scenario files in real WebKitGTK 2.50 (Debian gir1.2-webkit2-4.1), driven by
// driver.py (Debian /usr/bin/python3 + gi WebKit2 4.1, one WebView for the whole run, under its own Xvfb).
// Derived from /work/scratch/firefox-diff/runner.js (same servers, same URL rewriting, same page script).
// Console: WebKitSettings enable-write-console-messages-to-stdout=True; the web process then writes
// "<url>:<line>:<col>: CONSOLE <LEVEL> <text>" lines to its stderr (inherited from driver.py), read here line by line.
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
const { spawn } = require('child_process');

const argv = process.argv.slice(2);
const OUT = argv.shift();
let ONLY = null, CONC = 3, MAX_AT = 30, EXTRA = true, ONLY_SKIPPED = null, SETTLE = 300;
const FILES = [];
for (let i = 0; i < argv.length; i++) {
  if (argv[i] === '--only') ONLY = new RegExp(argv[++i]);
  else if (argv[i] === '--conc') CONC = +argv[++i];
  else if (argv[i] === '--max-at') MAX_AT = +argv[++i];
  else if (argv[i] === '--plain') EXTRA = false;          // default: extra on (TLS, ports 80/443/8009, app.example/api.example -> loopback, null origin)
  else if (argv[i] === '--settle') SETTLE = +argv[++i];
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

// ---- browser (driver.py) -----------------------------------------------------------------------
const sleep = ms => new Promise(r => setTimeout(r, ms));
const consoleLines = []; // {t, text}
let drv = null, drvSeq = 0; const drvWait = new Map(); const drvEvents = [];
function startDriver(display) {
  const prof = fs.mkdtempSync(path.join(os.tmpdir(), 'wk-diff-profile-'));
  drv = spawn('/usr/bin/python3', [path.join(__dirname, 'driver.py')], { env: { ...process.env, DISPLAY: display, WK_PROFILE: prof, WK_EPHEMERAL: '0' }, stdio: ['pipe', 'pipe', 'pipe'] });
  let ebuf = '';
  const onData = (d) => {
    ebuf += d.toString('utf8');
    let i;
    while ((i = ebuf.indexOf('\n')) >= 0) {
      const line = ebuf.slice(0, i); ebuf = ebuf.slice(i + 1);
      if (line.startsWith('@@R ')) {
        const o = JSON.parse(line.slice(4));
        if (o.id !== undefined && drvWait.has(o.id)) { drvWait.get(o.id)(o); drvWait.delete(o.id); }
        else { drvEvents.push({ t: Date.now(), ...o }); if (o.event && o.event !== 'ready') console.error('driver event', JSON.stringify(o)); }
      } else if (line.length) consoleLines.push({ t: Date.now(), text: line });
    }
  };
  drv.stderr.on('data', onData); drv.stdout.on('data', onData);
  drv.on('exit', (c, sig) => console.error('driver exited', c, sig));
  return prof;
}
function cmd(o, timeoutMs = 60000) {
  const id = ++drvSeq;
  return new Promise((resolve) => {
    const to = setTimeout(() => { drvWait.delete(id); resolve({ ok: false, error: 'driver timeout' }); }, timeoutMs);
    drvWait.set(id, (r) => { clearTimeout(to); resolve(r); });
    drv.stdin.write(JSON.stringify({ ...o, id }) + '\n');
  });
}

async function runScenario(s, idx) {
  const pfx = `/__s${idx}__`;
  const st = { rules: s.server || [], log: [], origin: s.origin };
  scen.set(pfx, st);
  const reqs = s.requests || [s.request];
  const ld = await cmd({ op: 'load', url: `${s.origin === 'null' ? ORIGIN : s.origin}${pfx}/` }, 20000);
  if (!ld.ok) throw new Error('load failed: ' + JSON.stringify(ld));
  await sleep(50);
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
    const logFrom = st.log.length, conFrom = consoleLines.length;
    let result;
    const rr = await cmd({ op: 'call', body: 'return JSON.stringify(await window.RUN(JSON.parse(spec)));', args: { spec: JSON.stringify(spec) } }, 40000);
    if (rr.ok) { try { result = JSON.parse(rr.value); } catch (e) { result = { evaluateError: 'bad value ' + rr.value }; } }
    else result = { evaluateError: rr.error };
    await sleep(SETTLE);
    const wire = st.log.slice(logFrom).map(e => ({ method: e.method, url: e.url, headers: e.headers, status: e.status, note: e.note, t: e.t - start }));
    out.push({ index: i, sentUrl: spec.url, at, startOffset: (start - t0) / 1000, result: JSON.parse(unmap(JSON.stringify(result), pfx)),
      console: consoleLines.slice(conFrom).map(c => unmap(c.text, pfx)), net: [], wire });
  }
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
  const DISPLAY = process.env.WK_DISPLAY || ':98';
  const xvfb = spawn('Xvfb', [DISPLAY, '-screen', '0', '1024x768x24', '-nolisten', 'tcp'], { stdio: 'ignore' });
  await sleep(1000);
  const prof = startDriver(DISPLAY);
  const v = await cmd({ op: 'version' });
  const version = 'WebKitGTK ' + v.value + ' (' + v.ua + ')';
  console.error(version);
  // Warm-up / cache check: a Max-Age 60 preflighted pair 1 s apart on fresh URLs, repeated until the second is not preflighted.
  const warm = [];
  for (let w = 0; w < 30; w++) {
    const o = await runScenario({ origin: ORIGIN, requests: [{ url: 'http://127.0.0.1:8002/warm', method: 'PUT', at: 0 }, { url: 'http://127.0.0.1:8002/warm', method: 'PUT', at: 1 }],
      server: [{ method: 'OPTIONS', status: 204, headers: [['Access-Control-Allow-Origin', ORIGIN], ['Access-Control-Allow-Methods', 'PUT'], ['Access-Control-Max-Age', '60']] },
               { status: 200, headers: [['Access-Control-Allow-Origin', ORIGIN]] }] }, 999000 + w);
    const second = o[1].wire.map(x => x.method).join(' ');
    const line = `warm-up ${w}: ${o.map(x => x.wire.map(y => y.method).join(' ')).join(' | ')}`;
    console.error(line); warm.push(line);
    if (second === 'PUT') break;
  }
  let done = 0;
  const results = [];
  for (let idx = 0; idx < items.length; idx++) {
    const it = items[idx];
    try { it.observed = await runScenario(it.scenario, idx); }
    catch (e) { it.error = String(e && e.stack || e); }
    done++;
    if (done % 25 === 0) console.error(`${done}/${items.length}`);
    results.push(it);
  }
  await cmd({ op: 'quit' }, 5000);
  servers.forEach(s => s.close());
  xvfb.kill();
  fs.writeFileSync(OUT, JSON.stringify({ version, extra: EXTRA, warm, driverEvents: drvEvents, skipped, orphans: global.orphans || [], results: results.map(r => ({ ids: r.ids, scenario: r.scenario, observed: r.observed, error: r.error })) }, null, 1));
  fs.rmSync(prof, { recursive: true, force: true });
  console.error('done', version);
  process.exit(0);
}
main().catch(e => { console.error(e); process.exit(1); });
