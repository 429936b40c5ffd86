// Build REPORT.md from diffs.json (+ diffs-probes.json). Derived from /work/scratch/firefox-diff/make_report.js.
'use strict';
const fs = require('fs');
const DIR = '/work/scratch/webkit-diff/';
const R = f => JSON.parse(fs.readFileSync(DIR + f, 'utf8'));
const D = R('diffs.json');
const PR = fs.existsSync(DIR + 'diffs-probes.json') ? R('diffs-probes.json') : { diffs: [] };
const RES = R('results-all.json');
const hasReqHdr = (d, re) => (d.req.headers || []).some(h => re.test(h[0]));
const G = [
  { id: 'hdrorder', title: 'A. "Request header field X is not allowed": WebKit names the first disallowed header in *its header-map order* (well-known names first, then the script\'s order); corsim names the first in sorted (ACRH) order',
    test: d => d.field === 'message' && /^Request header field/.test(String(d.corsim)) && /^Request header field/.test(String(d.webkit)),
    text: `All 114 records are chromium-header-order.json scenarios (chromium scenarios re-targeted to webkit; 57 distinct
fetch/XHR pairs with three random custom header names, ACAH missing or partial). Verdict, preflight and ACRH agree;
only the header named in the reason line differs. Rule that fits all 240 "Request header field" lines of this file
(not only the 114 disagreeing ones): WebKit reports the first header, in the iteration order of its HTTPHeaderMap, that
the preflight did not allow — headers WebKit has an HTTPHeaderName enum value for (Content-Type, Accept, Authorization,
Cache-Control, ...) come first, then the other ("uncommon") names in the order the script set them. corsim reports the
first disallowed name in lower-cased sorted order (the ACRH order), which coincides only when that is also the script's order.
Probes (probes.json): \`[X-B, X-A]\` no ACAH → WebKit "X-B", corsim "X-A"; \`[X-C, X-A, X-B]\` with ACAH \`x-a\` → WebKit "X-C",
corsim "X-B"; \`[X-Z, Content-Type: application/json]\`, \`[X-Z, Authorization]\`, \`[X-Z, Cache-Control]\` → WebKit names
Content-Type / Authorization / Cache-Control (agrees: they sort first too); \`[X-Z, X-Requested-With]\` → WebKit "X-Z" (so
X-Requested-With is *not* in WebKit's well-known list), corsim "X-Requested-With". fetch and XHR behave the same.` },
  { id: 'mixed', title: 'B. Mixed content: WebKitGTK 2.50 blocks `http://127.0.0.1` and `http://localhost` from an `https:` page; corsim lets loopback through',
    test: d => /^https:/.test(d.scenario.origin || '') && /^http:\/\/(127\.|localhost|\[::1\])/.test(d.req.url || ''),
    text: `From \`https://app.example\`, \`fetch("http://localhost:8003/x")\` and \`fetch("http://127.0.0.1:8002/x")\` are blocked before anything
reaches the wire, exactly like a non-loopback \`http://api.example:8002\` URL: console \`[blocked] The page at https://app.example/
requested insecure content from http://127.0.0.1:8002/m. ...\` (CONSOLE SECURITY **WARN**), then \`Not allowed to request resource\`
(SECURITY ERROR) and \`Fetch API cannot load ... due to access control checks.\`; fetch rejects with \`Load failed\`, XHR fires error.
corsim (all profiles; modes-and-schemes.json says "localhost and 127.0.0.0/8 are potentially trustworthy") predicts a normal
\`cors\` 200. Probes: XHR the same; \`https://api.example\` from the same page works (agrees).
Note: for the loopback URLs the captured [blocked] line ends in "...This content was blocked and must" (cut short, reproducible);
for api.example it ends "...must be served over HTTPS.". The message rule uses this WARN line as the reason line (see Method).` },
  { id: 'accept', title: 'C. `Accept` response header: corsim exposes it for WebKit without Access-Control-Expose-Headers; WebKitGTK 2.50 does not',
    test: d => d.field === 'exposed_headers',
    text: `Server sends \`Accept: text/plain\` (plus ACAO) without Expose-Headers: fetch \`headers.keys()\` and XHR \`getAllResponseHeaders()\`
do not list \`accept\`. corsim's WebKit profile adds it (policy.c: "WebKit's isCrossOriginSafeHeader also exposes Accept"), and
tests/cases/exposed-headers.json accept-response-header-webkit expects it. Probes: with \`Access-Control-Expose-Headers: accept\` or \`*\`
it is exposed (agrees). fetch and XHR the same.` },
  { id: 'ua', title: 'D. Script-set `User-Agent`: WebKit puts the script\'s value on the preflight too; corsim only on the actual request',
    test: d => d.field === 'wire.headers' && hasReqHdr(d, /^user-agent$/i),
    text: `\`fetch(url, {headers: {"User-Agent": "corsim-test"}})\`: the OPTIONS carries \`User-Agent: corsim-test\` (not the browser UA), as does the GET.
corsim's preflight carries only Origin/ACRM/ACRH. Probes: with X-A as well, with PUT, and with XHR — always on the preflight.
(By contrast a script-set \`Accept-Language: de\` is *not* copied: the preflight carries the browser's \`Accept-Language: C\`.)` },
  { id: 'origin303', title: 'E. Same-origin POST/PUT redirected (301/302/303) to GET: WebKit keeps sending `Origin` on the GET; corsim drops it',
    test: d => d.field === 'wire.origin',
    text: `redirects.json post-303-becomes-get-same-origin: POST 8001/r303 → 303 → \`GET 8001/final\` carries \`Origin: http://127.0.0.1:8001\`;
corsim predicts no Origin on the GET (the Fetch standard's "method changed to GET → Origin not serialised for same-origin GET"
reading). Probes: same for 301, 302 and 303 after POST, 303 after PUT, and XHR; a plain same-origin GET → 302 → GET has no Origin
(agrees); 307 keeps POST + Origin (agrees); the cross-origin POST → 303 case agrees.` },
  { id: 'nonascii', title: 'F. Non-ASCII header values go on the wire as UTF-8 (WebKitGTK/libsoup); corsim writes the script\'s code units as bytes',
    test: d => d.field === 'wire.headers' && (d.req.headers || []).some(h => /[^\x00-\x7f]/.test(h[1])),
    text: `\`Accept: été\` (JS code units E9 74 E9): WebKit sends the bytes \`C3 A9 74 C3 A9\` (UTF-8). Same for \`Accept-Language: français\`,
and (probes) \`Content-Language: é\` and \`X-A: é\`. The preflight decisions agree with corsim (été Accept is safelisted, no preflight;
the others preflighted), only the bytes differ: corsim's wire shows \`été\` (Chromium/Firefox send the Latin-1 byte E9, which
is what the harness compares against). Whether corsim should model the byte encoding is a format question; recorded as a disagreement.` },
  { id: 'nul', title: 'G. NUL in a fetch header value: WebKit\'s exception shows the whole value; corsim cuts it at the NUL',
    test: d => d.field === 'message' && /invalid value/.test(String(d.corsim)),
    text: `\`headers: [["X-A","a\\u0000b"]]\` → \`TypeError: Header 'X-A' has invalid value: 'a\\u0000b'\` (the NUL is in the text);
corsim says \`... 'a'\`. Likely a C-string artefact in corsim (message.c formats the value with \`%.*s\`, which stops at NUL).
Probes: \`a\\nb\` and \`a\\rb\` agree (the whole value is shown); XHR \`setRequestHeader\` throws \`The string did not match the expected pattern.\` (agrees).` },
  { id: 'som', title: 'H. `same-origin` mode: WebKit\'s lines are `Fetch API cannot load URL.` (direct) and `Unsafe attempt to load URL ... from origin ...` (after a redirect); corsim uses `Cross origin requests are not allowed when using same-origin fetch mode.`',
    test: d => d.field === 'message' && d.req.mode === 'same-origin',
    text: `Direct cross-origin URL in same-origin mode: the only console line is \`Fetch API cannot load http://127.0.0.1:8002/md.\` (CONSOLE JS ERROR,
URL then a full stop, no reason); nothing on the wire. Same-origin URL redirected cross-origin: \`Unsafe attempt to load URL
http://127.0.0.1:8002/x from origin http://127.0.0.1:8001. Domains, protocols and ports must match.\` (SECURITY ERROR; note
"from origin", not Chromium's "from frame with URL"), then the generic access-control line. corsim gives \`Cross origin requests
are not allowed when using same-origin fetch mode.\` for both. Probes: localhost target, and a POST with 307 — same lines.` },
  { id: 'scs', title: 'I. same → cross → same redirect: WebKit checks the cross-origin hop with the credentials flag set (target is same-origin again) and, when that passes, accepts `ACAO: null` on the last hop; corsim always refuses the redirect back',
    test: d => /Credentials flag is true/.test(String(d.webkit)) || (d.ids.some(i => /^scs-|cross-to-same/.test(i.name || ''))),
    text: `redirects.json same-cross-same-acao-null: 8001/a → 302 → 8002/b (ACAO page origin, no ACAC) → 302 → 8001/c. Verdict agrees (blocked),
but WebKit's reason is \`Cross-origin redirection to http://127.0.0.1:8001/c denied by Cross-Origin Resource Sharing policy: Credentials
flag is true, but Access-Control-Allow-Credentials is not "true".\` (corsim: \`... Origin null is not allowed by Access-Control-Allow-Origin.
Status code: 302\`); /c is never requested. Probes change the verdict: with \`Access-Control-Allow-Credentials: true\` on /b, or with
\`credentials: "omit"\`, or \`include\` + ACAC, or starting directly at the cross-origin 8002/b, WebKit follows to 8001/c with \`Origin: null\`,
accepts \`ACAO: null\` there and resolves \`cors\` 200; corsim predicts blocked in all of them. So "WebKit refuses the redirect back"
(observed-browsers.md) holds only because the original scenario has no ACAC on the cross-origin hop, and with same-origin credentials
mode WebKit treats that hop as credentialed once the redirect target is same-origin.` },
  { id: 'userinfo', title: 'J. Redirect to a URL with userinfo: WebKit\'s "Cross-origin redirection to URL" part shows the URL *without* the userinfo',
    test: d => d.field === 'message' && /has credentials/.test(String(d.webkit)),
    text: `\`Cross-origin redirection to http://127.0.0.1:8002/x denied by Cross-Origin Resource Sharing policy: redirection URL
http://user:pass@127.0.0.1:8002/x has credentials\` — first URL stripped of \`user:pass@\`, second with it; corsim has userinfo in both.
Probes: other port (8003) and user-only \`u@\` with a query — same pattern.` },
  { id: 'ftp', title: 'K. Redirect to `ftp:` prints `FTP URLs are disabled`; (probe) same-origin redirect to `file:` prints `Not allowed to load local resource: ...`',
    test: d => d.field === 'message' && /FTP URLs are disabled|Not allowed to load local resource/.test(String(d.webkit)),
    text: `A redirect to \`ftp://127.0.0.1/x\` gives the single reason line \`FTP URLs are disabled\` (from both a cross-origin and a same-origin
first hop); corsim predicts the generic \`Cross-origin redirection to ftp://... denied ... non CORS scheme\` line, which WebKit does print
for \`data:\`, \`about:\`, \`ws:\` and (from a cross-origin hop) \`file:\` targets (probes, agree). From a *same-origin* first hop a redirect to
\`file:///etc/hosts\` prints \`Not allowed to load local resource: file:///etc/hosts\` (probe; corsim: the generic line).` },
  { id: 'nocors', title: 'L. no-cors with redirect `manual`/`error`: WebKit prints `No-Cors mode requires follow redirect mode`; corsim has no line (message = `Load failed`)',
    test: d => d.field === 'message' && /No-Cors mode requires/.test(String(d.webkit)),
    text: `Console: \`No-Cors mode requires follow redirect mode\` (SECURITY ERROR), \`Not allowed to request resource\`, \`Fetch API cannot load
http://127.0.0.1:8002/md due to access control checks.\`; nothing on the wire; exception \`Load failed\` (verdict agrees). corsim's
WebKit message falls through to the generic \`Load failed\`.` },
  { id: 'other', title: 'M. Other disagreements', test: () => true, text: '' },
];

const lines = []; const P = s => lines.push(s);
const counts = D.counts;
const meta = fs.readFileSync(DIR + 'corsim-meta.txt', 'utf8').trim().split('\n');
P('# corsim vs real WebKitGTK 2.50 — differential run over the scenario files');
P('');
P(`Browser: **${D.version}** — Debian bookworm packages gir1.2-webkit2-4.1 / libwebkit2gtk-4.1-0 2.50.6-1~deb12u2 (apt-get),`);
P('driven by `driver.py` (Debian /usr/bin/python3 3.11 + python3-gi 3.42.2, `gi.require_version("WebKit2","4.1")`), one GTK window with');
P('**one WebKitWebView for the whole run** (one web process + one network process; the view navigates to a fresh page per scenario),');
P('under its own `Xvfb :98` (xvfb 21.1.7). Persistent WebsiteDataManager in a fresh temporary profile directory, TLS errors ignored');
P('(self-signed cert of the other runs). `app.example` / `api.example` were mapped to 127.0.0.1 by a temporary line in /etc/hosts');
P('(removed after the runs).');
P(`corsim: \`/work/main/build/corsim\` copied to \`corsim-used\` (sha1 41750b51…), /work/main HEAD ${meta[0].slice(0, 7)} (clean, \`make -q\` up to date);`);
P('`eval --json --browser webkit` on every scenario (the `browser` field overridden). Nothing under /work/main was edited or built.');
P('');
P('## Console messages: captured');
P('');
P('With `WebKitSettings` `enable-write-console-messages-to-stdout=True` the web process writes every console message as');
P('`[<url>:<line>:<col>: ]CONSOLE <SOURCE> <LEVEL> <text>` — on **stderr** (inherited from driver.py), e.g.');
P('`CONSOLE SECURITY ERROR Origin http://127.0.0.1:8001 is not allowed by Access-Control-Allow-Origin. Status code: 200` and');
P('`CONSOLE JS ERROR Fetch API cannot load http://127.0.0.1:8002/a due to access control checks.` The runner timestamps each line and');
P('assigns it to the request that was running (one view, requests strictly sequential, 300 ms settle after each).');
P('**Harness finding:** with an *ephemeral* WebsiteDataManager (`WebsiteDataManager.new_ephemeral()`) WebKitGTK 2.50.6 prints');
P('**nothing** (not even `console.log`); a persistent manager (fresh temp dir) is needed. (WebKit2 4.1 has no NetworkSession class; that is 6.0 API.)');
P('Message rule (scenario format) for WebKit: candidate lines are ERROR lines plus SECURITY WARN lines (the mixed-content reason');
P('`[blocked] The page at ...` is a WARN); `message` = the first candidate that is not the generic `<API> cannot load <url> due to');
P('access control checks.`, else that generic line, else the exception text (`Load failed` is WebKit\'s generic text).');
P('');
P('## Method');
P('');
P('- `runner.js` = /work/scratch/firefox-diff/runner.js with the browser layer replaced by driver.py (JSON commands on stdin:');
P('  `load` → waits for load-changed FINISHED; `call` → `webkit_web_view_call_async_javascript_function("return JSON.stringify(await');
P('  window.RUN(JSON.parse(spec)))")`). Same raw HTTP/1.1 servers (127.0.0.1 and ::1; ports 8001-8003, 8009, 80, 443; TLS sniffed),');
P('  same per-scenario URL prefix `/__sN__` inserted into every request URL and `Location` and un-mapped afterwards, same page script');
P('  (fetch / XHR, bodies, upload listeners, `at` = real waits), opaque origin via `Content-Security-Policy: sandbox allow-scripts`.');
P('  Scenarios run one at a time (2 shared cores; one WebView process).');
P('- **Preflight cache check** (before any scenario, and this is the run\'s warm-up): Max-Age 60 PUT pair 1 s apart on fresh URLs →');
P(`  \`${RES.warm.join('; ')}\`, i.e. reused on the very first try (~1 s after start): no start-up effect and the cache works`);
P('  in this persistent session. Isolation between scenarios relies on the unique URL prefix (the cache is keyed by URL).');
P(`  corsim predicts \`cached\` for 18 compared requests and \`sent\` for 412; \`preflight\` agreed on all ${counts.compared.preflight}.`);
P('- `compare.js` = the Firefox run\'s compare.js with `--browser webkit` and the WebKit message rule; same fields: `response_type`, `blocked`,');
P('  `status`, `preflight` (an OPTIONS with ACRM reached the server or not), `message`, `wire.hops`, per hop `Origin`, ACRM, ACRH,');
P('  status, script headers + Content-Type as a set (browser-generated headers only when equal to the script\'s value; multipart');
P('  boundary masked), `exposed_headers` (fetch `headers.keys()`, XHR `getAllResponseHeaders()`; our server\'s Content-Length dropped');
P('  unless a rule sets it). XHR response_type: `cors` if any wire hop was cross-origin. Identical scenarios run once, counted per file occurrence.');
P('');
P('## Counts');
P('');
P(`- ${counts.scenarioRuns} distinct scenarios run; requests compared: **${counts.requests}** (file occurrences; ${counts.uniqueRequests} distinct).`);
P(`  Native \`webkit\` scenarios: ${D.byNative.native.requests} requests, ${D.byNative.native.agreeAll} agree on every field;`);
P(`  chromium/firefox/spec scenarios run as webkit: ${D.byNative.retargeted.requests} requests, ${D.byNative.retargeted.agreeAll} agree on every field.`);
P(`- skipped: ${D.skipped.length} scenarios (a request \`at\` > 30 s) — ` + D.skipped.map(s => `${s.file}:${s.name} (${s.why})`).join('; ') + '. No origin had to be skipped.');
P(`- run errors: ${D.diffs.filter(d => d.runError).length}; stray wire requests matching no scenario: ${D.orphans.length}; driver events (web process crash etc.): ${(RES.driverEvents || []).filter(e => e.event !== 'ready').length}.`);
P('');
P('| field | agree / compared |');
P('|---|---|');
for (const f of Object.keys(counts.compared)) P(`| ${f} | ${counts.agree[f]} / ${counts.compared[f]} |`);
P('');
P(`Disagreement records: ${D.diffs.length} (one per request and field) in ${new Set(D.diffs.map(d => d.k + '#' + d.index)).size} requests; ` +
  `114 of the 125 message records are group A (one cause). Without group A: message ${counts.agree.message + 114} / ${counts.compared.message}.`);
P(`Follow-up probes (probes.json, 71 webkit scenarios, same runner; not counted above): ${PR.diffs.length} disagreement records in ${new Set(PR.diffs.map(d => d.k + '#' + d.index)).size} requests.`);
P('');
P('## Disagreements, grouped by likely cause');
P('');
P('Per group: explanation and probe results first, then every disagreeing request of the main run with raw observations (probe records');
P('are listed in the next section). Group A lists only the first 6 of its 114 requests (57 fetch/XHR scenario pairs) in full; the other names follow.');
P('');
const short = w => (w || []).map(x => `${x.method} ${x.url} [${x.status}] ${x.headers.map(h => h[0] + ': ' + h[1]).join('; ')}`);
function render(diffs, label) {
  const used = new Set();
  for (const g of G) {
    const ds = diffs.map((d, i) => [d, i]).filter(([d, i]) => !used.has(i) && !d.runError && g.test(d)).map(([d, i]) => (used.add(i), d));
    if (!ds.length) continue;
    P(`### ${g.title}${label ? ' — ' + label : ''}`);
    P('');
    if (g.text && !label) { P(g.text); P(''); }
    const byReq = new Map();
    for (const d of ds) { const k = d.k + '#' + d.index; if (!byReq.has(k)) byReq.set(k, []); byReq.get(k).push(d); }
    let n = 0; const rest = [];
    for (const [, xs] of byReq) {
      const d = xs[0];
      const name = d.ids.map(i => `${i.file} · ${i.name}` + (i.browser !== 'webkit' ? ` (${i.browser})` : '')).join('; ');
      if (g.id === 'hdrorder' && !label && ++n > 6) { rest.push(d.ids.map(i => i.name).join(',')); continue; }
      if (g.id === 'hdrorder' && label) { /* fine */ }
      P(`- **${name}** · request #${d.index} · fields: ${xs.map(x => '`' + x.field + '`').join(', ')}`);
      P(`  - request: \`${JSON.stringify(d.req)}\``);
      if ((d.scenario.requests || []).length > 1) P(`  - earlier requests: \`${JSON.stringify(d.scenario.requests.slice(0, d.index).map(r => { const c = { ...r }; delete c.expect; return c; }))}\``);
      P(`  - server: \`${JSON.stringify(d.scenario.server)}\``);
      for (const x of xs) {
        if (x.field.startsWith('wire.') && x.field !== 'wire.hops' && x.field !== 'wire.headers' && x.field !== 'wire.origin') continue;
        P(`  - \`${x.field}\`: corsim \`${JSON.stringify(x.corsim)}\` · WebKit \`${JSON.stringify(x.webkit)}\``);
      }
      P(`  - WebKit wire: ${short(d.wkWire).map(s => '`' + s + '`').join(' → ') || '(nothing)'}`);
      P(`  - corsim wire: ${short(d.corsimWire).map(s => '`' + s + '`').join(' → ') || '(nothing)'}; corsim preflight \`${d.corsimPreflight}\`, error \`${d.corsimError}\`, message \`${JSON.stringify(d.corsimMessage)}\``);
      P(`  - WebKit console (raw, in order): ${d.rawConsole && d.rawConsole.length ? d.rawConsole.map(l => '`' + JSON.stringify(l) + '`').join(', ') : '(none)'}; exception: ${d.result && d.result.exName ? '`' + d.result.exName + ': ' + JSON.stringify(d.result.exMessage) + '`' : '(none)'}; script saw: \`${JSON.stringify(d.result)}\``);
    }
    if (rest.length) P(`- … and ${rest.length} more requests of chromium-header-order.json, same pattern: ${rest.join('; ')}`);
    P('');
  }
}
render(D.diffs);
P('## Follow-up probes (probes.json → results-probes.json, diffs-probes.json)');
P('');
P('Outcomes are summarised in the group texts above; these are the probe requests where WebKit and corsim (`--browser webkit`)');
P('disagree, same grouping. Probes that agree (e.g. Content-Type/Authorization/Cache-Control ordering, Expose-Headers accept/`*`,');
P('https→https, `a\\n b`/`a\\r b` values, same-origin GET→302, 307, cross-origin POST→303, redirects to data:/about:/ws:) are in results-probes.json.');
P('');
render(PR.diffs, 'probes');
P('## Not disagreements, but worth knowing');
P('');
P('- Console capture needs a non-ephemeral WebsiteDataManager (ephemeral → no console output at all), and the lines go to stderr.');
P('- Preflight cache: reused from the first second of the session; all 18 `cached` and 412 `sent` predictions agreed.');
P('- WebKit sends `Accept-Language: C` (the process locale) and its own UA on preflights; a script-set Accept-Language is not copied');
P('  to the preflight (a script-set User-Agent is — group D).');
P('- Requests needing waits beyond 30 s (Max-Age 60/600/3600/7200/86400 expiry) were not run.');
P('');
P('## Files');
P('');
P('All in /work/scratch/webkit-diff: `driver.py` (WebKitGTK driver), `runner.js`, `compare.js`, `make_report.js`; `results-all.json`');
P('(raw observations: script result, console lines, full wire headers), `diffs.json`, `corsim-in.jsonl` / `corsim-out.jsonl`,');
P('`corsim-used` (the binary compared against), `corsim-meta.txt`; `probes.json` / `results-probes.json` / `diffs-probes.json`;');
P('`smoke.json` / `smoke-out.json` (console-capture check), `run.log`, `probes.log`.');
P('Re-run (needs app.example/api.example → 127.0.0.1 in /etc/hosts): `node runner.js results-all.json /work/main/tests/cases/*.json');
P('/work/main/docs/examples/*.json`, `node compare.js results-all.json`, `node runner.js results-probes.json probes.json`,');
P('`TAG=probes node compare.js results-probes.json`, `node make_report.js`.');
fs.writeFileSync(DIR + 'REPORT.md', lines.join('\n') + '\n');
console.log('wrote REPORT.md', lines.length, 'lines');
