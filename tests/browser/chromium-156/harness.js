// Harness: scriptable HTTP servers (8001-8004) + headless Chromium via playwright-core.
// Usage: node harness.js <cases-module.js> [caseNameFilterRegex]
// Each case: { name, routes: { 'PORT METHOD /path': spec | [spec,...] | fn(req, bodyText) }, js: 'async () => {...}', settle?: ms }
// spec: { status, reason?, headers: [[name,value],...] (order + duplicates preserved), body? }
'use strict';
const http = require('http');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { chromium } = require('playwright-core');

const PORTS = [8001, 8002, 8003, 8004];
const HTTPS_PAGE = !!process.env.HTTPS_PAGE; // page served from https://127.0.0.1:8443 (self-signed, needs --ignore-certificate-errors)
const EXTRA_ARGS = process.env.EXTRA_ARGS ? JSON.parse(process.env.EXTRA_ARGS) : []; // JSON array of extra chromium switches
let routes = {};
let hits = {};
let log = [];
let caseStart = Date.now();

const PAGE_HTML = `<!doctype html><html><head><meta charset=utf-8><title>t</title><link rel="icon" href="data:,"></head><body>
<script>
window.F = async (url, init) => {
  try {
    const r = await fetch(url, init);
    const out = { type: r.type, status: r.status, statusText: r.statusText, url: r.url, redirected: r.redirected,
                  headerKeys: [...r.headers.keys()], headers: [...r.headers.entries()] };
    try { out.body = (await r.text()).slice(0, 60); } catch (e) { out.bodyError = e.name + ': ' + e.message; }
    return out;
  } catch (e) { return { rejected: e.name + ': ' + e.message }; }
};
window.X = (method, url, opts = {}) => new Promise((resolve) => {
  const res = { events: [] };
  const xhr = new XMLHttpRequest();
  const fin = () => { res.status = xhr.status; res.statusText = xhr.statusText; res.readyState = xhr.readyState;
    res.responseURL = xhr.responseURL; res.allHeaders = xhr.getAllResponseHeaders();
    try { res.responseText = String(xhr.responseText).slice(0, 60); } catch (e) { res.responseText = 'THREW ' + e.name; }
    resolve(res); };
  try { xhr.open(method, url, opts.async === false ? false : true, ...(opts.userpass || [])); }
  catch (e) { res.openThrew = e.name + ': ' + e.message; return resolve(res); }
  if (opts.withCredentials) xhr.withCredentials = true;
  for (const [k, v] of (opts.headers || [])) {
    try { xhr.setRequestHeader(k, v); } catch (e) { (res.setHeaderThrew = res.setHeaderThrew || []).push(k + ' -> ' + e.name + ': ' + e.message); }
  }
  xhr.onerror = (ev) => { res.events.push('error'); };
  xhr.onload = () => { res.events.push('load'); };
  xhr.onloadend = () => { res.events.push('loadend'); fin(); };
  try { xhr.send(opts.body === undefined ? null : opts.body); }
  catch (e) { res.sendThrew = e.name + ': ' + e.message; if (opts.async === false) return fin(); }
  if (opts.async === false && !res.sendThrew) fin();
});
window.sleep = (ms) => new Promise(r => setTimeout(r, ms));
</script></body></html>`;

function makeServer(port) {
  const handler = (req, res) => {
    const chunks = [];
    req.on('data', c => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('latin1');
      const u = req.url;
      const p = u.split('?')[0];
      const hdrs = [];
      for (let i = 0; i < req.rawHeaders.length; i += 2) hdrs.push(req.rawHeaders[i] + ': ' + req.rawHeaders[i + 1]);
      const entry = { t: Date.now() - caseStart, port, method: req.method, url: u, headers: hdrs };
      if (body.length) entry.body = body;
      if (!((port === 8001 || port === 8443) && p === '/') && p !== '/favicon.ico') log.push(entry);
      let spec;
      const key = [`${port} ${req.method} ${p}`, `${port} * ${p}`].find(k => routes[k] !== undefined);
      if (key) {
        let r = routes[key];
        const n = hits[key] = (hits[key] || 0) + 1;
        if (Array.isArray(r)) r = r[Math.min(n - 1, r.length - 1)];
        spec = typeof r === 'function' ? r(req, body, n) : r;
      } else if ((port === 8001 || port === 8443) && p === '/') {
        spec = { status: 200, headers: [['Content-Type', 'text/html; charset=utf-8']], body: PAGE_HTML };
      } else if (p === '/favicon.ico') {
        spec = { status: 404, headers: [], body: '' };
      } else {
        spec = { status: 404, headers: [['Content-Type', 'text/plain']], body: 'no route ' + req.method + ' ' + p };
        entry.note = 'NO ROUTE';
      }
      entry.answered = spec.status + ' ' + (spec.headers || []).map(h => h.join(': ')).join(' | ');
      const b = Buffer.from(spec.body === undefined ? 'ok' : spec.body, 'latin1');
      const flat = [];
      for (const [k, v] of spec.headers || []) flat.push(k, v);
      flat.push('Content-Length', String(b.length));
      try {
        if (spec.reason) res.writeHead(spec.status, spec.reason, flat); else res.writeHead(spec.status, flat);
        res.end(b);
      } catch (e) { entry.serverError = String(e); res.socket.destroy(); }
    });
  };
  if (port === 8443) return require('https').createServer({ key: fs.readFileSync(path.join(__dirname, 'key.pem')), cert: fs.readFileSync(path.join(__dirname, 'cert.pem')) }, handler);
  return http.createServer(handler);
}

async function main() {
  const casesFile = path.resolve(process.argv[2]);
  const filter = process.argv[3] ? new RegExp(process.argv[3]) : null;
  let cases = require(casesFile);
  if (filter) cases = cases.filter(c => filter.test(c.name));
  const servers = (HTTPS_PAGE ? [...PORTS, 8443] : PORTS).map(p => { const s = makeServer(p); s.keepAliveTimeout = 1000; s.listen(p, '127.0.0.1'); return s; });
  const udd = fs.mkdtempSync(path.join(os.tmpdir(), 'chr-udd-'));
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    ignoreDefaultArgs: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      `--user-data-dir=${udd}`, '--remote-debugging-pipe', '--no-startup-window', ...EXTRA_ARGS],
  });
  const results = [];
  for (const c of cases) {
    routes = c.routes || {}; hits = {}; log = [];
    const context = await browser.newContext();
    const page = await context.newPage();
    const consoleLines = [];
    const cdpLog = [];
    const netFail = [];
    page.on('console', m => consoleLines.push(`[${m.type()}] ${m.text()}`));
    page.on('pageerror', e => consoleLines.push(`[pageerror] ${e.name}: ${e.message}`));
    const cdp = await context.newCDPSession(page);
    await cdp.send('Log.enable');
    cdp.on('Log.entryAdded', e => cdpLog.push(`{source=${e.entry.source} level=${e.entry.level}} ${e.entry.text}`));
    await cdp.send('Network.enable');
    const reqUrls = {};
    cdp.on('Network.requestWillBeSent', e => { reqUrls[e.requestId] = e.request.method + ' ' + e.request.url; });
    cdp.on('Network.loadingFailed', e => netFail.push(`loadingFailed ${reqUrls[e.requestId] || '?'} type=${e.type} errorText=${e.errorText}` +
      (e.corsErrorStatus ? ` corsError=${JSON.stringify(e.corsErrorStatus)}` : '') + (e.blockedReason ? ` blockedReason=${e.blockedReason}` : '') + (e.canceled ? ' canceled' : '')));
    await page.goto(HTTPS_PAGE ? 'https://127.0.0.1:8443/' : 'http://127.0.0.1:8001/');
    log = []; caseStart = Date.now();
    let result;
    try { result = await page.evaluate(`(${c.js})()`); } catch (e) { result = { evaluateError: String(e) }; }
    await page.waitForTimeout(c.settle || 400);
    const r = { name: c.name, js: c.js, routes: Object.fromEntries(Object.entries(routes).map(([k, v]) => [k, typeof v === 'function' ? String(v) : v])),
      result, console: consoleLines, cdpLog, netFail, requests: log };
    results.push(r);
    print(r);
    await context.close();
  }
  await browser.close();
  servers.forEach(s => s.close());
  const outName = path.basename(casesFile, '.js') + (process.argv[3] ? '.' + process.argv[3].replace(/[^\w]+/g, '_') : '') + '.results.json';
  fs.writeFileSync(path.join(__dirname, 'results', outName), JSON.stringify(results, null, 1));
  process.exit(0);
}

function print(r) {
  console.log('==== ' + r.name);
  console.log('result: ' + JSON.stringify(r.result));
  console.log('console:'); r.console.forEach(l => console.log('   ' + l));
  console.log('cdpLog:'); r.cdpLog.forEach(l => console.log('   ' + l));
  console.log('netFail:'); (r.netFail || []).forEach(l => console.log('   ' + l));
  console.log('requests:');
  r.requests.forEach(q => console.log(`   +${q.t}ms ${q.port} ${q.method} ${q.url} ${q.body ? 'body=' + JSON.stringify(q.body) : ''} -> ${q.answered}${q.note ? ' [' + q.note + ']' : ''}\n      ${q.headers.join('\n      ')}`));
}

main().catch(e => { console.error(e); process.exit(1); });
