/*
 * runner_page.c - the runner page and the index, see runner_page.h.
 *
 * The page is static HTML and script; what differs per scenario is a JSON
 * document in a <script type="application/json"> element, which the
 * script reads. The JSON escapes '<', so nothing in a scenario can end
 * that element early.
 *
 * The script carries what the earlier Node harness
 * (tests/browser/chromium-156/differential/runner.js) learnt against real
 * browsers: the bodies it sends for each body kind (the string "hello",
 * URLSearchParams "a=1&b=2", FormData a=1, a Blob "xyz" of the given type,
 * Uint8Array [1, 2, 3]); XHR upload listeners registered before send();
 * "at" measured from the first request's start minus its own "at"; a data:
 * favicon, so that the browser asks the origin for nothing else; and
 * every URL on a hosted authority rewritten under the scenario's prefix,
 * relative ones resolved against the origin first.
 */
#include "runner_page.h"

#include "json_out.h"
#include "prefix.h"

#include <string.h>

/* The runner script, one line per element (ISO C bounds string literals
 * to 4095 bytes, so the script is not one literal). */
static const char *const runner_js[] = {
    "\"use strict\";\n",
    "(function () {\n",
    "  var C = JSON.parse(document.getElementById(\"corsim-config\").textContent);\n",
    "  var N = C.scenario;\n",
    "  var out = document.getElementById(\"out\");\n",
    "  var sleep = function (ms) {\n",
    "    return new Promise(function (r) { setTimeout(r, ms); });\n",
    "  };\n",
    "  function show(text) { out.textContent += text + \"\\n\"; }\n",
    "\n",
    "  /* Scenario URLs on a hosted authority get the scenario's prefix; a\n",
    "   * relative URL is relative to the origin, not to this page. Anything\n",
    "   * else (another scheme, an invalid URL) is passed as written, so the\n",
    "   * browser fails it the way it would fail the original. */\n",
    "  function rewrite(u) {\n",
    "    var p;\n",
    "    try { p = new URL(u, C.base); } catch (e) { return u; }\n",
    "    if (p.protocol !== \"http:\" || C.hosted.indexOf(p.host) < 0) return u;\n",
    "    p.pathname = C.prefix + p.pathname;\n",
    "    return p.href;\n",
    "  }\n",
    "  var esc = C.prefix.replace(/[.*+?^${}()|[\\]\\\\]/g, \"\\\\$&\");\n",
    "  var PFX = new RegExp(esc + \"(?![0-9])/?\", \"g\");\n",
    "  /* The reverse, for what the script saw: URLs and messages. */\n",
    "  function unmap(s) { return typeof s === \"string\" ? s.replace(PFX, \"/\") : s; }\n",
    "\n",
    "  /* The body kinds of the scenario format. */\n",
    "  function body(b) {\n",
    "    if (b === \"text\") return \"hello\";\n",
    "    if (b === \"urlsearchparams\") return new URLSearchParams(\"a=1&b=2\");\n",
    "    if (b === \"formdata\") { var f = new FormData(); f.append(\"a\", \"1\"); return f; }\n",
    "    if (b === \"bytes\") return new Uint8Array([1, 2, 3]);\n",
    "    if (b.indexOf(\"blob:\") === 0) return new Blob([\"xyz\"], { type: b.slice(5) });\n",
    "    return undefined;\n",
    "  }\n",
    "  function exception(e, where) {\n",
    "    var x = { name: e && e.name, message: unmap(e && e.message) };\n",
    "    if (where) x.where = where;\n",
    "    return x;\n",
    "  }\n",
    "\n",
    "  async function doFetch(r, url) {\n",
    "    var res = { api: \"fetch\" };\n",
    "    var init = { method: r.method, headers: r.headers, mode: r.mode,\n",
    "                 credentials: r.credentials, redirect: r.redirect };\n",
    "    var b = body(r.body), resp;\n",
    "    if (b !== undefined) init.body = b;\n",
    "    try {\n",
    "      resp = await fetch(url, init);\n",
    "    } catch (e) {\n",
    "      res.exception = exception(e);\n",
    "      return res;\n",
    "    }\n",
    "    res.type = resp.type;\n",
    "    res.status = resp.status;\n",
    "    res.status_text = resp.statusText;\n",
    "    res.redirected = resp.redirected;\n",
    "    res.url = unmap(resp.url);\n",
    "    res.headers = Array.from(resp.headers.keys());\n",
    "    try { await resp.text(); } catch (e) { res.body_exception = exception(e); }\n",
    "    return res;\n",
    "  }\n",
    "\n",
    "  function doXhr(r, url) {\n",
    "    return new Promise(function (resolve) {\n",
    "      var res = { api: \"xhr\", events: [] };\n",
    "      var xhr = new XMLHttpRequest();\n",
    "      function end() {\n",
    "        res.status = xhr.status;\n",
    "        res.status_text = xhr.statusText;\n",
    "        res.ready_state = xhr.readyState;\n",
    "        res.url = unmap(xhr.responseURL);\n",
    "        res.headers = xhr.getAllResponseHeaders().split(\"\\r\\n\")\n",
    "          .filter(function (l) { return l.length > 0; })\n",
    "          .map(function (l) { var i = l.indexOf(\":\"); return i < 0 ? l : l.slice(0, i); });\n",
    "        resolve(res);\n",
    "      }\n",
    "      function threw(where, e) {\n",
    "        res.exception = exception(e, where);\n",
    "        res.ready_state = xhr.readyState;\n",
    "        resolve(res);\n",
    "      }\n",
    "      try { xhr.open(r.method, url, true); } catch (e) { return threw(\"open\", e); }\n",
    "      if (r.credentials === \"include\") xhr.withCredentials = true;\n",
    "      for (var i = 0; i < r.headers.length; i++) {\n",
    "        try { xhr.setRequestHeader(r.headers[i][0], r.headers[i][1]); }\n",
    "        catch (e) { return threw(\"setRequestHeader\", e); }\n",
    "      }\n",
    "      /* Registered before send(): this is what forces the preflight. */\n",
    "      if (r.upload_listeners) {\n",
    "        xhr.upload.onprogress = function () {};\n",
    "        xhr.upload.onloadstart = function () {};\n",
    "      }\n",
    "      xhr.onerror = function () { res.events.push(\"error\"); };\n",
    "      xhr.onabort = function () { res.events.push(\"abort\"); };\n",
    "      xhr.ontimeout = function () { res.events.push(\"timeout\"); };\n",
    "      xhr.onload = function () { res.events.push(\"load\"); };\n",
    "      xhr.onloadend = function () { res.events.push(\"loadend\"); end(); };\n",
    "      var b = body(r.body);\n",
    "      try { xhr.send(b === undefined ? null : b); } catch (e) { return threw(\"send\", e); }\n",
    "    });\n",
    "  }\n",
    "\n",
    "  async function main() {\n",
    "    var results = [], t0 = null, i;\n",
    "    show(\"corsim scenario \" + N + \" (\" + C.requests.length + \" requests)\");\n",
    "    for (i = 0; i < C.requests.length; i++) {\n",
    "      var r = C.requests[i], res, start;\n",
    "      /* \"at\": seconds after the scenario started, which is the first\n",
    "       * request's start minus its own \"at\". */\n",
    "      if (t0 !== null) {\n",
    "        var wait = t0 + r.at * 1000 - performance.now();\n",
    "        if (wait > 0) await sleep(wait);\n",
    "      }\n",
    "      start = performance.now();\n",
    "      var begin_ms = Date.now();\n",
    "      if (t0 === null) t0 = start - r.at * 1000;\n",
    "      var url = rewrite(r.url);\n",
    "      console.log(\"corsim:begin \" + N + \" \" + i);\n",
    "      try {\n",
    "        res = await Promise.race([\n",
    "          r.api === \"xhr\" ? doXhr(r, url) : doFetch(r, url),\n",
    "          sleep(C.timeout_ms).then(function () { return { api: r.api, timeout: true }; })]);\n",
    "      } catch (e) {\n",
    "        res = { api: r.api, runner_error: String(e) };\n",
    "      }\n",
    "      /* Console lines about the request can trail its promise. */\n",
    "      if (C.settle_ms > 0) await sleep(C.settle_ms);\n",
    "      console.log(\"corsim:end \" + N + \" \" + i);\n",
    "      res.request = i;\n",
    "      res.begin_ms = begin_ms;\n",
    "      res.started = Math.round(start - t0) / 1000;\n",
    "      results.push(res);\n",
    "      show(i + \": \" + JSON.stringify(res));\n",
    "    }\n",
    "    var payload = { scenario: N, name: C.name, user_agent: navigator.userAgent,\n",
    "                    requests: results };\n",
    "    try {\n",
    "      await fetch(C.result, { method: \"POST\", mode: \"no-cors\", body: JSON.stringify(payload) });\n",
    "      show(\"results posted\");\n",
    "    } catch (e) {\n",
    "      show(\"could not post the results: \" + e);\n",
    "    }\n",
    "    console.log(\"corsim:done \" + N);\n",
    "    document.title = \"corsim done \" + N;\n",
    "    if (C.next) location.href = C.next;\n",
    "  }\n",
    "  main();\n",
    "})();\n",
    NULL};

static void html_escape(struct buf *b, const char *p, size_t n) {
  size_t i, run = 0;

  for (i = 0; i < n; i++) {
    const char *e = NULL;
    switch (p[i]) {
    case '<':
      e = "&lt;";
      break;
    case '>':
      e = "&gt;";
      break;
    case '&':
      e = "&amp;";
      break;
    case '"':
      e = "&quot;";
      break;
    default:
      continue;
    }
    buf_add(b, p + run, i - run);
    buf_adds(b, e);
    run = i + 1;
  }
  buf_add(b, p + run, n - run);
}

static void json_str(struct buf *b, struct corsim_str s) {
  json_out_text(b, s.ptr != NULL ? s.ptr : "", s.len);
}

static const char *const api_names[] = {"fetch", "xhr"};
static const char *const mode_names[] = {"cors", "no-cors", "same-origin"};
static const char *const redirect_names[] = {"follow", "error", "manual"};

static const char *credentials_name(enum corsim_credentials c) {
  switch (c) {
  case CORSIM_CREDENTIALS_OMIT:
    return "omit";
  case CORSIM_CREDENTIALS_INCLUDE:
    return "include";
  default:
    return "same-origin";
  }
}

static void body_kind(struct buf *b, const struct corsim_request *r) {
  switch (r->body) {
  case CORSIM_BODY_TEXT:
    buf_adds(b, "\"text\"");
    break;
  case CORSIM_BODY_URLSEARCHPARAMS:
    buf_adds(b, "\"urlsearchparams\"");
    break;
  case CORSIM_BODY_FORMDATA:
    buf_adds(b, "\"formdata\"");
    break;
  case CORSIM_BODY_BYTES:
    buf_adds(b, "\"bytes\"");
    break;
  case CORSIM_BODY_BLOB: {
    struct buf t;
    buf_init(&t);
    buf_adds(&t, "blob:");
    buf_add(&t, r->body_type.ptr != NULL ? r->body_type.ptr : "",
            r->body_type.len);
    json_out_text(b, buf_str(&t), t.len);
    if (t.failed)
      b->failed = true;
    buf_cleanup(&t);
    break;
  }
  default:
    buf_adds(b, "\"none\"");
    break;
  }
}

static void request_json(struct buf *b, const struct corsim_request *r) {
  size_t i;

  buf_addf(b, "{\"api\": \"%s\", \"url\": ",
           api_names[r->api == CORSIM_API_XHR]);
  json_str(b, r->url);
  buf_adds(b, ", \"method\": ");
  json_str(b, r->method);
  buf_adds(b, ", \"headers\": [");
  for (i = 0; i < r->nheaders; i++) {
    buf_adds(b, i != 0 ? ", [" : "[");
    /* Bytes, read back by the script as the code points they stand for
     * (scenario.c encoded them so). */
    json_out_bytes(b, r->headers[i].name.ptr, r->headers[i].name.len);
    buf_adds(b, ", ");
    json_out_bytes(b, r->headers[i].value.ptr, r->headers[i].value.len);
    buf_addc(b, ']');
  }
  buf_addf(b, "], \"mode\": \"%s\", \"credentials\": \"%s\", "
              "\"redirect\": \"%s\", \"body\": ",
           mode_names[r->mode], credentials_name(r->credentials),
           redirect_names[r->redirect]);
  body_kind(b, r);
  buf_addf(b, ", \"upload_listeners\": %s, \"at\": %.17g}",
           r->upload_listeners ? "true" : "false", r->at);
}

void runner_page_html(struct buf *out, const struct runner_page *p) {
  const struct scenario *sc = p->sc;
  char host[HOST_NAME_CAP + 8];
  struct buf pfx;
  size_t i;

  buf_init(&pfx);
  prefix_add(&pfx, p->scenario);
  buf_addf(out,
           "<!doctype html>\n<html><head><meta charset=\"utf-8\">"
           "<title>corsim run %zu</title>"
           "<link rel=\"icon\" href=\"data:,\"></head>\n<body>\n"
           "<pre id=\"out\"></pre>\n"
           "<script type=\"application/json\" id=\"corsim-config\">",
           p->scenario);
  buf_addf(out, "{\"scenario\": %zu, \"name\": ", p->scenario);
  json_str(out, sc->name);
  buf_adds(out, ", \"file\": ");
  json_out_cstr(out, p->file);
  buf_adds(out, ", \"origin\": ");
  json_str(out, sc->origin);
  buf_adds(out, ", \"base\": ");
  json_out_cstr(out, p->base);
  buf_adds(out, ", \"prefix\": ");
  json_out_cstr(out, buf_str(&pfx));
  buf_addf(out, ", \"result\": \"" PREFIX_ROOT "result/%zu\"", p->scenario);
  buf_adds(out, ", \"next\": ");
  if (p->next != NULL)
    json_out_cstr(out, p->next);
  else
    buf_adds(out, "null");
  buf_addf(out, ", \"settle_ms\": %u, \"timeout_ms\": %u, \"hosted\": [",
           p->settle_ms, p->timeout_ms);
  for (i = 0; i < p->hosted->n; i++) {
    host_name_url_host(&p->hosted->names[i], host, sizeof host);
    if (i != 0)
      buf_adds(out, ", ");
    json_out_cstr(out, host);
  }
  buf_adds(out, "], \"requests\": [");
  for (i = 0; i < sc->nrequests; i++) {
    if (i != 0)
      buf_adds(out, ",\n");
    request_json(out, &sc->requests[i]);
  }
  buf_adds(out, "]}</script>\n<script>\n");
  for (i = 0; runner_js[i] != NULL; i++)
    buf_adds(out, runner_js[i]);
  buf_adds(out, "</script>\n</body></html>\n");
  if (pfx.failed)
    out->failed = true;
  buf_cleanup(&pfx);
}

void runner_index_html(struct buf *out, const struct runner_link *links,
                       size_t n) {
  size_t i;

  buf_adds(out, "<!doctype html>\n<html><head><meta charset=\"utf-8\">"
                "<title>corsim serve</title>"
                "<link rel=\"icon\" href=\"data:,\"></head>\n<body>\n"
                "<h1>corsim serve</h1>\n<ol start=\"0\">\n");
  for (i = 0; i < n; i++) {
    const struct runner_link *l = &links[i];
    buf_addf(out, "<li value=\"%zu\">", l->scenario);
    if (l->url != NULL) {
      buf_adds(out, "<a href=\"");
      html_escape(out, l->url, strlen(l->url));
      buf_adds(out, "\">");
    }
    if (l->name.len != 0)
      html_escape(out, l->name.ptr, l->name.len);
    else
      buf_addf(out, "scenario %zu", l->scenario);
    if (l->url != NULL)
      buf_adds(out, "</a>");
    if (l->file != NULL) {
      buf_adds(out, " <small>(");
      html_escape(out, l->file, strlen(l->file));
      buf_adds(out, ")</small>");
    }
    if (l->url == NULL && l->why != NULL) {
      buf_adds(out, " not served: ");
      html_escape(out, l->why, strlen(l->why));
    }
    buf_adds(out, "</li>\n");
  }
  buf_adds(out, "</ol>\n</body></html>\n");
}
