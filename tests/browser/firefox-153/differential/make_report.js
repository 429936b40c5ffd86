// Build REPORT.md from diffs.json (+ diffs-probes.json, diffs-recheck.json). Derived from /work/scratch/chromium-diff/make_report.js.
'use strict';
const fs = require('fs');
const DIR = '/work/scratch/firefox-diff/';
const R = f => JSON.parse(fs.readFileSync(DIR + f, 'utf8'));
const D = R('diffs.json');
const PR = fs.existsSync(DIR + 'diffs-probes.json') ? R('diffs-probes.json') : { diffs: [] };
const RC = fs.existsSync(DIR + 'diffs-recheck.json') ? R('diffs-recheck.json') : null;
const meta = JSON.parse(fs.readFileSync(DIR + 'corsim-meta.json', 'utf8'));

const G = [
  { id: 'maxage', title: 'A. Preflight cache without a usable Max-Age: Firefox 153 reuses the preflight for 5 s; corsim (and observed-browsers.md) say Firefox does not cache at all',
    test: d => ['preflight', 'wire.hops', 'wire.acrm', 'wire.acrh', 'wire.headers', 'wire.status'].includes(d.field) && d.corsimPreflight === 'sent' && !d.ffWire.some(w => w.method === 'OPTIONS'),
    text: `Firefox ESR 153.7.0 here: with **no** \`Access-Control-Max-Age\`, an identical second request 1, 2, 3, 4 and 4.8 s later
goes out **without** a preflight; 5.5 s and 6 s later it is preflighted again (so a 5 s default, like Chromium/WebKit).
An empty or blank value (\`Access-Control-Max-Age:\` / \`: \`) behaves like an absent header (reused 1 s later).
An unparsable value (\`abc\`, \`10abc\`, \`+5\`, \`5.5\`, \`1e3\`, \`5, 10\`) is **not** cached (preflight again 1-4 s later),
\`007\` is cached, \`0\`/\`-1\` are not, \`1\` expires by 2.5 s — all of these agree with corsim. XHR behaves like fetch.
corsim predicts \`preflight: "sent"\` for the absent/empty cases, following observed-browsers.md ("No Max-Age: ... Firefox
does not cache at all"), which this run contradicts for absent/empty Max-Age (but confirms for unparsable values).
Every field that differs here (preflight, hops, ACRM, ACRH, headers, status) follows from this one difference; verdict,
status and response type agree. Reproduced in a second run (recheck) and by probes.json.` },
  { id: 'dupct', title: 'B. Duplicate `Content-Type` with a body (fetch): Firefox sends the *first* value on the wire; corsim sends the last',
    test: d => d.field === 'wire.headers' && (d.req.headers || []).filter(h => /^content-type$/i.test(h[0])).length > 1,
    text: `Script: \`headers: [["Content-Type","multipart/form-data"],["Content-Type","text/plain"]]\`, body "text". Firefox's POST
carries \`Content-Type: multipart/form-data\` (the first value); corsim (and observed-browsers.md: "Firefox sends only the *last*
Content-Type value (text/plain)") predict \`text/plain\`. Probes: swapped order (\`text/plain\` then \`multipart/form-data\`) → Firefox
sends \`text/plain\` (again the first); \`text/plain\` + \`application/json\` → preflighted (combined value not safelisted, agrees)
and the POST carries \`text/plain\` (first), corsim \`application/json\`; same-origin → first value too; **without a body** Firefox
sends the last value (\`text/plain\` for multipart,text — agrees with corsim); XHR sends the combined
\`multipart/form-data, text/plain\` (agrees). The preflight decision agrees in every case; only the actual request's value differs.` },
  { id: 'file', title: 'C. `file:` URLs: Firefox prints a CheckLoadURI "Security Error ... may not load or link to" line, not the CORS "CORS request not http" line',
    test: d => d.field === 'message' && /^file:/.test(d.req.url || ''),
    text: `For \`fetch("file:///etc/hosts")\` and \`xhr.open("GET","file:///tmp/x")\` Firefox rejects before CORS
(nsScriptSecurityManager::CheckLoadURI) and prints \`Security Error: Content at http://127.0.0.1:8001/ may not load or link to
file:///etc/hosts.\`; there is no \`Cross-Origin Request Blocked\` line. corsim predicts the CORS line \`(Reason: CORS request not
http)\` — which *is* what Firefox prints for \`ftp:\` and \`about:blank\` (probes, agree). Probes: no-cors mode gives the same
"may not load or link to" line (corsim again predicts the CORS line); same-origin mode gives \`... may not load data from
file:///etc/hosts.\` (agrees); a 302 to \`file:\` prints \`Security Error: Content at http://127.0.0.1:8002/r may not load or link to
file:///etc/hosts.\` *then* the CORS "did not succeed" line, and the message (first CORS line) agrees.
Note the page URL in the line is the document URL (\`http://127.0.0.1:8001/\`), as for the same-origin-mode line.` },
  { id: 'hdrname', title: 'D. Invalid header name in fetch(): Firefox\'s exception text shows the name lower-cased',
    test: d => d.field === 'message' && (d.req.api || 'fetch') === 'fetch' && /invalid header name/.test(String(d.firefox)),
    text: `\`fetch(url, {headers: [["X Bad","1"]]})\` rejects with \`TypeError: Window.fetch: x bad is an invalid header name.\`; corsim
keeps the script's case (\`X Bad\`). Same for \`X-A:\` → \`x-a:\` and the probe \`My Header\` → \`my header\`. (Firefox lower-cases the
name before validating it.) Probe: an invalid *value* \`"a\\u0000b"\` gives \`Window.fetch: a is an invalid header value.\`
(the text is cut at the NUL).` },
  { id: 'xhrtext', title: 'E. XHR exception texts: Firefox has specific texts where corsim uses the generic "An invalid or illegal string was specified"',
    test: d => d.field === 'message' && d.req.api === 'xhr',
    text: `\`setRequestHeader("X(A)", "1")\` throws \`SyntaxError: Invalid header name.\`; \`open("GET","http://127.0.0.1:99999/x")\` throws
\`SyntaxError: XMLHttpRequest.open: 'http://127.0.0.1:99999/x' is not a valid URL.\` (probe: \`http://[bad/x\` → same form).
corsim gives \`An invalid or illegal string was specified\` (the DOMException default text for SyntaxError) for both.
Also, in group C the XHR \`file:\` case belongs here by API but there by cause.` },
  { id: 'other', title: 'F. Other disagreements', test: () => true, text: '' },
];

const lines = []; const P = s => lines.push(s);
const counts = D.counts;
P('# corsim vs real Firefox ESR 153 — differential run over the scenario files');
P('');
P(`Browser: **Firefox ${D.version.replace('firefox/', '')}esr** (Debian bookworm package firefox-esr 153.7.0esr, /usr/bin/firefox-esr), headless,`);
P('driven by puppeteer-core 24.43.1 over **WebDriver BiDi** (`browser: "firefox"`; the npm puppeteer-core 25 needs Node 22, this machine has 20).');
P('One browser for the whole run, fresh profile directory (`userDataDir` = new temp dir) with background networking off');
P('(captive portal, connectivity service, app/extension/search updates, telemetry/datareporting, safebrowsing, remote settings,');
P('OCSP, DNS prefetch, predictor, speculative connections, HTTP/3, HTTPS-First all disabled; `network.dns.localDomains=app.example,api.example`');
P('so those names resolve to loopback; `acceptInsecureCerts` for the self-signed certificate).');
P(`corsim: \`${meta.corsim}\` (${meta.note}), \`eval --json --browser firefox\` on every scenario (the \`browser\` field overridden).`);
P('Nothing under /work/main was edited or built by me; the Chromium folders were not modified.');
P('');
P('## Console messages: captured');
P('');
P('Firefox\'s Web Console errors (nsIScriptError, e.g. category CORS `Cross-Origin Request Blocked: ...`, CheckLoadURI');
P('`Security Error: Content at ... may not load ...`) arrive over WebDriver BiDi `log.entryAdded` with `type: "javascript"`, which');
P('puppeteer delivers as the page\'s `pageerror` event (console API calls would be `console`). Both are recorded per request');
P('(lines arriving from the request\'s start until 300 ms after it settled). Limit: BiDi only forwards *error*-flag script');
P('errors, not warnings; every blocking message seen was an error, so the `message` comparison is complete for blocked requests.');
P('`message` for Firefox = the first `Cross-Origin Request Blocked:` line; else the first other error line; else the exception');
P('text if it is not the generic `NetworkError when attempting to fetch resource.`; else the exception text (scenario-format rule).');
P('No devtools.console.stdout / MOZ_LOG was needed.');
P('');
P('## Method');
P('');
P('- `runner.js` = /work/scratch/chromium-diff/runner.js with the browser layer replaced: same raw HTTP/1.1 servers (127.0.0.1 and ::1,');
P('  ports 8001-8003, 8009, 80, 443, TLS sniffed on each port), same per-scenario URL prefix `/__sN__` inserted into every request URL');
P('  and `Location` and stripped/un-mapped on the way back (so rules match and results compare against the unmodified files), same');
P('  page script (fetch / XHR with the scenario\'s fields; bodies; XHR upload listeners; `at` = real waits). Opaque origin: page');
P('  served with `Content-Security-Policy: sandbox allow-scripts`. Everything (plain + the Chromium run\'s `--extra` scenarios: TLS,');
P('  port 80, app.example/api.example, null origin) runs in one pass.');
P('- A new **tab** per scenario in the default browser context, at most 3 scenarios at a time. Two harness findings forced this:');
P('  1. **Firefox never reuses a preflight-cache entry inside a BiDi user context** (container, `userContextId != 0`,');
P('     what `browser.createBrowserContext()` makes): Max-Age 60, identical second request 1 s later → preflighted again, every time');
P('     (probe-cache.js). In the default context the same pair is cached. So per-scenario isolation relies on the unique URL');
P('     prefix (the preflight cache and the HTTP cache are keyed by URL), not on a fresh context. A first full run with user');
P('     contexts showed all 6 `cached` predictions failing (that run was overwritten by the final one).');
P('  2. **For the first ~7 s after start-up Firefox does not reuse preflight entries either** (probe-cache2.js: Max-Age 60 pair');
P('     re-preflighted at 4.5 s and 6.4 s after launch, cached from 8.4 s on, in the same tab). The runner therefore warms up:');
P('     it repeats a throw-away Max-Age 60 pair on fresh URLs until the second request is not preflighted (took 3 tries) before');
P('     running any scenario.');
P('  (Also: with user contexts, `browsingContext.create` failed with `DiscardedBrowsingContextError` for ~30 scenarios under');
P('  concurrency; tabs in the default context + a retry gave 0 run errors.)');
P('- Compared per request, exactly as the Chromium run: `response_type`, `blocked`, `status`, `preflight` (corsim `sent` vs an OPTIONS');
P('  with Access-Control-Request-Method reached the server; `cached`/`none` = not sent), `message`, `wire.hops` (method + URL');
P('  sequence), per hop `Origin`, ACRM, ACRH, answered status, and the script\'s headers + Content-Type as a set (browser-generated');
P('  headers only when equal to the script\'s value; multipart boundary masked), and `exposed_headers` (fetch `headers.keys()`,');
P('  XHR `getAllResponseHeaders()`; our server\'s own Content-Length dropped unless a rule sets it). XHR response_type: `cors` if');
P('  any wire hop was cross-origin.');
P('- Identical (origin, requests, server) scenarios run once and count once per occurrence in the files. All `firefox` scenarios');
P('  are native; chromium/spec/webkit ones are re-targeted (`--browser firefox`). Files: /work/main/tests/cases/*.json and');
P('  /work/main/docs/examples/*.json.');
P('');
P('## Counts');
P('');
P(`- scenario runs: ${counts.scenarioRuns} distinct scenarios; requests compared: **${counts.requests}** (file occurrences; ${counts.uniqueRequests} distinct).`);
P(`  Native \`firefox\` scenarios: ${D.byNative.native.requests} requests, ${D.byNative.native.agreeAll} agree on every field;`);
P(`  chromium/spec/webkit scenarios run as firefox: ${D.byNative.retargeted.requests} requests, ${D.byNative.retargeted.agreeAll} agree on every field.`);
P(`- skipped: ${D.skipped.length} (a request \`at\` > 30 s) — ` + D.skipped.map(s => `${s.file}:${s.name} (${s.why})`).join('; ') + '.');
P(`- run errors: ${D.diffs.filter(d => d.runError).length}; stray wire requests matching no scenario: ${D.orphans.length}.`);
if (RC) P(`- recheck: every scenario with a disagreement was run again in a fresh browser (results-recheck.json): ${RC.diffs.length} disagreement records there vs ${D.diffs.length} in the main run (same fields, same values${RC.diffs.length === D.diffs.length ? '' : ' — see diffs-recheck.json'}).`);
P('');
P('| field | agree / compared |');
P('|---|---|');
for (const f of Object.keys(counts.compared)) P(`| ${f} | ${counts.agree[f]} / ${counts.compared[f]} |`);
P('');
P(`Disagreement records: ${D.diffs.length} (one per request and field) in ${new Set(D.diffs.map(d => d.k + '#' + d.index)).size} requests.`);
P(`Follow-up probes (probes.json, scenario format, run the same way; not counted above): ${PR.diffs.length} records.`);
P('');
P('## Disagreements, grouped by likely cause');
P('');
const short = w => (w || []).map(x => `${x.method} ${x.url} [${x.status}] ${x.headers.map(h => h[0] + ': ' + h[1]).join('; ')}`);
function render(diffs, groups, label) {
  const used = new Set();
  for (const g of groups) {
    const ds = diffs.map((d, i) => [d, i]).filter(([d, i]) => !used.has(i) && !d.runError && g.test(d)).map(([d, i]) => (used.add(i), d));
    if (!ds.length) continue;
    P(`### ${g.title}${label ? ' — ' + label : ''}`);
    P('');
    if (g.text && !label) { P(g.text); P(''); }
    // one entry per request, listing its differing fields
    const byReq = new Map();
    for (const d of ds) { const k = d.k + '#' + d.index; if (!byReq.has(k)) byReq.set(k, []); byReq.get(k).push(d); }
    for (const [, xs] of byReq) {
      const d = xs[0];
      P(`- **${d.ids.map(i => `${i.file} · ${i.name}` + (i.browser !== 'firefox' ? ` (${i.browser})` : '')).join('; ')}** · request #${d.index} · fields: ${xs.map(x => '`' + x.field + '`').join(', ')}`);
      P(`  - request: \`${JSON.stringify(d.req)}\``);
      if ((d.scenario.requests || []).length > 1) P(`  - earlier requests: \`${JSON.stringify(d.scenario.requests.slice(0, d.index).map(r => { const c = { ...r }; delete c.expect; return c; }))}\``);
      const sv = (d.scenario.server || []).filter(r => r.method === 'OPTIONS' || /max-age/i.test(JSON.stringify(r.headers || [])));
      if (xs.some(x => x.field === 'preflight')) P(`  - server preflight rule(s): \`${JSON.stringify(sv)}\``);
      for (const x of xs) {
        if (x.field.startsWith('wire.') && x.field !== 'wire.hops' && x.field !== 'wire.headers') continue;
        P(`  - \`${x.field}\`: corsim \`${JSON.stringify(x.corsim)}\` · Firefox \`${JSON.stringify(x.firefox)}\``);
      }
      P(`  - Firefox wire: ${short(d.ffWire).map(s => '`' + s + '`').join(' → ') || '(nothing)'}`);
      P(`  - corsim wire: ${short(d.corsimWire).map(s => '`' + s + '`').join(' → ') || '(nothing)'}; corsim preflight \`${d.corsimPreflight}\`, error \`${d.corsimError}\`, message \`${JSON.stringify(d.corsimMessage)}\``);
      P(`  - Firefox console (raw, in order): ${d.rawConsole && d.rawConsole.length ? d.rawConsole.map(l => '`' + JSON.stringify(l) + '`').join(', ') : '(none)'}; exception: ${d.result && d.result.exName ? '`' + d.result.exName + ': ' + d.result.exMessage + '`' : '(none)'}; script saw: \`${JSON.stringify(d.result)}\``);
    }
    P('');
  }
}
render(D.diffs, G);
P('## Follow-up probes (probes.json → results-probes.json, diffs-probes.json)');
P('');
P('Scenario-format probes written to pin the groups down; their outcomes are summarised in the group texts above. Disagreement');
P('records, same grouping:');
P('');
render(PR.diffs, G, 'probes');
P('## Not disagreements, but worth knowing');
P('');
P('- Firefox preflight cache vs BiDi user contexts and start-up (Method, harness findings 1-2): a harness built on');
P('  `browser.createBrowserContext()` or starting immediately after launch would report every `cached` prediction wrong.');
P('- Non-blocked requests can print error lines too, e.g. XHR to a response without body type: `XML Parsing Error: syntax error');
P('  Location: ... Line Number 1, Column 1:`; corsim\'s `message` is null for them by the format and they are not compared.');
P('- Requests that need real waits beyond 30 s (Max-Age 60 / 600 / 7200 / 86400 expiry) were not run.');
P('- Cookies were not isolated between scenarios (one default context); no compared field depends on them (a script-set');
P('  `Cookie` is dropped by the browser and corsim alike).');
P('');
P('## Files');
P('');
P('All in /work/scratch/firefox-diff: `runner.js` (Firefox runner), `compare.js` (corsim vs Firefox), `make_report.js`;');
P('`results-all.json` (raw observations: script result, console lines, BiDi requestfailed events, full wire headers per request),');
P('`diffs.json` (every disagreement with raw data), `corsim-in.jsonl` / `corsim-out.jsonl` (exact corsim input, scenarios renamed');
P('u<k>, and output), `corsim-used` (copy of the build/corsim binary compared against); `probes.json` / `results-probes.json` /');
P('`diffs-probes.json`; `results-recheck.json` / `diffs-recheck.json` (second run of the disagreeing scenarios); `probe-cache.js`,');
P('`probe-cache2.js` (the user-context and start-up preflight-cache probes), `smoke2.js` (console-capture check).');
P('Re-run: `node runner.js results-all.json --conc 3 /work/main/tests/cases/*.json /work/main/docs/examples/*.json`,');
P('`node compare.js results-all.json`, `node runner.js results-probes.json probes.json`, `TAG=probes node compare.js results-probes.json`, `node make_report.js`.');
fs.writeFileSync(DIR + 'REPORT.md', lines.join('\n') + '\n');
console.log('wrote REPORT.md', lines.length, 'lines');
