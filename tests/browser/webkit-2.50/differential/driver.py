#!/usr/bin/python3
# Thin WebKitGTK (WebKit2 4.1) driver. Commands: JSON lines on stdin; replies: "@@R <json>" lines on stderr.
# Console messages of the page: WebKitSettings enable-write-console-messages-to-stdout -> web process stdout (inherited).
#  {"id":1,"op":"load","url":"..."}                -> {"id":1,"ok":true,"uri":...} when load finished (or failed)
#  {"id":2,"op":"call","body":"return RUN(a)","args":{"a":"<json string>"}} -> {"id":2,"ok":true,"value":"<string>"}
#  {"id":3,"op":"version"}  {"id":4,"op":"quit"}
import sys, json, os, gi
gi.require_version('Gtk', '3.0'); gi.require_version('WebKit2', '4.1')
from gi.repository import Gtk, WebKit2, GLib

def reply(o):
    sys.stderr.write('@@R ' + json.dumps(o) + '\n'); sys.stderr.flush()

ephemeral = os.environ.get('WK_EPHEMERAL', '0') == '1'
# NOTE: an ephemeral WebsiteDataManager suppresses the console-to-stdout/stderr output entirely (checked with 2.50.6),
# so the default is a persistent manager in a fresh temporary profile directory (WK_PROFILE).
prof = os.environ.get('WK_PROFILE') or GLib.dir_make_tmp('wk-diff-XXXXXX')
dm = WebKit2.WebsiteDataManager.new_ephemeral() if ephemeral else WebKit2.WebsiteDataManager(base_data_directory=prof + '/data', base_cache_directory=prof + '/cache')
dm.set_tls_errors_policy(WebKit2.TLSErrorsPolicy.IGNORE)
ctx = WebKit2.WebContext(website_data_manager=dm)
ctx.set_cache_model(WebKit2.CacheModel.DOCUMENT_VIEWER)
settings = WebKit2.Settings()
settings.set_property('enable-write-console-messages-to-stdout', True)
settings.set_property('enable-developer-extras', True)
ucm = WebKit2.UserContentManager()
view = WebKit2.WebView(web_context=ctx, settings=settings, user_content_manager=ucm)
win = Gtk.Window(); win.set_default_size(800, 600); win.add(view); win.show_all()
pending_load = []

def on_load_changed(v, ev):
    if ev == WebKit2.LoadEvent.FINISHED and pending_load:
        reply({'id': pending_load.pop(0), 'ok': True, 'uri': v.get_uri()})
view.connect('load-changed', on_load_changed)
def on_load_failed(v, ev, uri, err):
    reply({'event': 'load-failed', 'uri': uri, 'error': err.message}); return False
view.connect('load-failed', on_load_failed)
def on_term(v, reason):
    reply({'event': 'web-process-terminated', 'reason': int(reason)})
view.connect('web-process-terminated', on_term)

def handle(cmd):
    op = cmd.get('op'); cid = cmd.get('id')
    if op == 'load':
        pending_load.append(cid); view.load_uri(cmd['url'])
    elif op == 'call':
        b = GLib.VariantBuilder.new(GLib.VariantType.new('a{sv}'))
        for k, val in (cmd.get('args') or {}).items():
            b.add_value(GLib.Variant.new_dict_entry(GLib.Variant('s', k), GLib.Variant('v', GLib.Variant('s', val))))
        def done(v, res, cid=cid):
            try:
                jv = v.call_async_javascript_function_finish(res)
                reply({'id': cid, 'ok': True, 'value': jv.to_string() if jv is not None else None})
            except Exception as e:
                reply({'id': cid, 'ok': False, 'error': str(e)})
        view.call_async_javascript_function(cmd['body'], -1, b.end(), None, None, None, done)
    elif op == 'version':
        reply({'id': cid, 'ok': True, 'value': '%d.%d.%d' % (WebKit2.get_major_version(), WebKit2.get_minor_version(), WebKit2.get_micro_version()), 'ua': settings.get_user_agent()})
    elif op == 'quit':
        reply({'id': cid, 'ok': True}); Gtk.main_quit()

buf = b''
def on_stdin(fd, cond):
    global buf
    data = os.read(fd, 65536)
    if not data:
        Gtk.main_quit(); return False
    buf += data
    while b'\n' in buf:
        line, buf = buf.split(b'\n', 1)
        if line.strip():
            try: handle(json.loads(line))
            except Exception as e: reply({'ok': False, 'error': 'bad command: ' + str(e)})
    return True
GLib.io_add_watch(sys.stdin.fileno(), GLib.IO_IN | GLib.IO_HUP, on_stdin)
reply({'event': 'ready'})
Gtk.main()
