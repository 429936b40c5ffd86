/*
 * ws_client.h - a minimal WebSocket client (RFC 6455) on libuv, enough to
 * speak WebDriver BiDi to a local Firefox: ws:// only (no TLS), no
 * extensions, no subprotocols.
 *
 * Two layers:
 *   - the framing, pure and without I/O: ws_frame_encode builds one masked
 *     client frame, struct ws_parser takes the server's bytes in pieces of
 *     any size and reports whole messages and control frames, and
 *     ws_accept_key computes the handshake's Sec-WebSocket-Accept;
 *   - struct ws_client, a connection on a uv_loop_t: the HTTP/1.1 Upgrade
 *     handshake, text messages both ways, ping answered with pong, and the
 *     closing handshake.
 *
 *   struct ws_client_hooks h = {.user = me, .open = on_open,
 *                               .message = on_msg, .closed = on_closed};
 *   ws_client_new(&c, loop, &h);
 *   ws_client_connect(c, "127.0.0.1", 9222, "/session");
 *   ... open: ws_client_send_text(c, "{...}", n) ... message ...
 *   ws_client_close(c); ... closed ... ws_client_free(c);
 *
 * No global state: everything lives in the parser or the client. The
 * process must ignore SIGPIPE (the corsim command does): libuv writes with
 * write(2), and a server that goes away would otherwise kill it.
 */
#ifndef CORSIM_LIVE_WS_CLIENT_H
#define CORSIM_LIVE_WS_CLIENT_H

#include "buf.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <uv.h>

/* The largest message the parser assembles (all fragments together). A
 * larger one fails the connection with WS_ETOOBIG: BiDi messages are a few
 * KiB, a 16 MiB one means something is wrong. */
#define WS_MESSAGE_MAX ((size_t)16 * 1024 * 1024)
/* The largest HTTP response head accepted for the handshake. */
#define WS_HEAD_MAX 16384

/* Frame opcodes (RFC 6455 section 5.2). */
enum ws_opcode {
  WS_OP_CONT = 0x0,
  WS_OP_TEXT = 0x1,
  WS_OP_BINARY = 0x2,
  WS_OP_CLOSE = 0x8,
  WS_OP_PING = 0x9,
  WS_OP_PONG = 0xa
};

/* Errors of the parser and the handshake, all negative. */
enum ws_err {
  WS_EPROTO = -1,  /* the peer broke RFC 6455 (message in ws_parser.why) */
  WS_ETOOBIG = -2, /* a message is larger than the parser's limit */
  WS_ENOMEM = -3,
  WS_EAGAIN = -4 /* the handshake response is not complete yet */
};

/*
 * Appends one client frame to out: FIN set when fin, the opcode, the
 * payload p[0..n) masked with mask (RFC 6455 section 5.3; a client masks
 * every frame) and the 7-, 16- or 64-bit length form that n needs.
 * Returns 0, or WS_ENOMEM when out failed (out->failed is set).
 */
int ws_frame_encode(struct buf *out, enum ws_opcode op, bool fin, const void *p,
                    size_t n, const uint8_t mask[4]);

/*
 * Called by ws_parser_feed for each complete data message (op is
 * WS_OP_TEXT or WS_OP_BINARY, fragments joined) and each control frame
 * (WS_OP_PING, WS_OP_PONG, WS_OP_CLOSE with its raw payload: a 2-byte
 * big-endian code and a reason, or nothing). p[0..n) is borrowed for the
 * call. Return 0 to go on; any other value stops the feed, which returns
 * it (the rest of the input is left unparsed).
 */
typedef int (*ws_event_cb)(void *user, enum ws_opcode op, const char *p,
                           size_t n);

/*
 * An incremental parser of server frames. Bytes can be split anywhere,
 * down to one byte per call. What it rejects, as RFC 6455 requires of a
 * client: a masked frame (section 5.1), reserved bits without an
 * extension (5.2), unknown opcodes, control frames that are fragmented or
 * longer than 125 bytes (5.5), a continuation without a message to
 * continue and a new data message before the last one ended (5.4), a
 * 64-bit length with the top bit set, and anything after a close frame.
 * Text is not checked for UTF-8.
 */
struct ws_parser {
  size_t max;      /* message limit; WS_MESSAGE_MAX by init */
  const char *why; /* after an error: what was wrong (static text) */
  /* Private. */
  uint8_t head[14];     /* the frame header being read */
  size_t head_len;      /* bytes of it read so far */
  uint64_t payload_len; /* the current frame's payload length */
  uint64_t payload_got; /* bytes of it read so far */
  enum ws_opcode op;    /* the current frame's opcode */
  bool fin;
  bool in_message;       /* a fragmented data message is under way */
  enum ws_opcode msg_op; /* its opcode (text or binary) */
  struct buf msg;        /* data payload assembled so far */
  char ctrl[125];        /* a control frame's payload */
  bool closed;           /* a close frame was seen: nothing may follow */
  int error;             /* sticky: the first error returned */
};

void ws_parser_init(struct ws_parser *p);
/* Frees the message buffer. The parser can be initialised again. */
void ws_parser_cleanup(struct ws_parser *p);

/*
 * Parses data[0..len) and calls cb for each message or control frame
 * completed by it. Returns 0, a nonzero value returned by cb, or a
 * negative enum ws_err (WS_EPROTO, WS_ETOOBIG, WS_ENOMEM) with p->why set.
 * Errors are sticky: later calls return the same error.
 */
int ws_parser_feed(struct ws_parser *p, const char *data, size_t len,
                   ws_event_cb cb, void *user);

/* SHA-1 (FIPS 180-4) of p[0..n) into out. Used for the handshake only. */
void ws_sha1(const void *p, size_t n, uint8_t out[20]);

/* Base64 (RFC 4648, with padding) of p[0..n), NUL-terminated, into out,
 * which must hold 4 * ((n + 2) / 3) + 1 bytes. */
void ws_base64(const uint8_t *p, size_t n, char *out);

/* The Sec-WebSocket-Accept value for a Sec-WebSocket-Key (RFC 6455 section
 * 4.2.2): base64(SHA-1(key + the protocol's GUID)), 28 characters and a
 * NUL, into out. */
void ws_accept_key(const char *key, size_t key_len, char out[29]);

/*
 * Checks the server's handshake response in data[0..len) against the key
 * that was sent: status 101, "Upgrade: websocket", "Connection" with the
 * token "upgrade", and the right Sec-WebSocket-Accept (section 4.1, the
 * client's checks 1 to 4; a Sec-WebSocket-Extensions or -Protocol header
 * fails it too, since none was asked for). Returns the length of the head
 * (the bytes after it are already frames), WS_EAGAIN when the head is not
 * complete yet (and shorter than WS_HEAD_MAX), or WS_EPROTO with *why set
 * to a static sentence.
 */
long ws_handshake_check(const char *data, size_t len, const char *key,
                        const char **why);

struct ws_client;

struct ws_client_hooks {
  void *user;
  /* The handshake succeeded: messages can be sent. May be NULL. */
  void (*open)(void *user);
  /* One text message from the server, borrowed for the call. Binary
   * messages are ignored. */
  void (*message)(void *user, const char *p, size_t n);
  /*
   * The connection is gone and its handles are closed; called exactly
   * once after a successful ws_client_connect. why is NULL after a clean
   * closing handshake (either side began it), else a sentence: could not
   * connect, handshake refused, protocol error, connection lost. The
   * client may be freed from inside this callback.
   */
  void (*closed)(void *user, const char *why);
};

/* Returns 0 or UV_ENOMEM. The hooks are copied. */
int ws_client_new(struct ws_client **out, uv_loop_t *loop,
                  const struct ws_client_hooks *hooks);

/*
 * Connects to ip ("127.0.0.1" or "::1") and port, and asks for the
 * WebSocket at path ("/session") with a fresh random key. Only once per
 * client. Returns 0 (then closed follows at some point), or a libuv error
 * (bad address, no randomness, ...) and nothing is called.
 */
int ws_client_connect(struct ws_client *c, const char *ip, int port,
                      const char *path);

/* Sends p[0..n) as one text message. Only after open and before close.
 * Returns 0, UV_ENOTCONN when the connection is not open, UV_ENOBUFS when
 * too much is queued already (WS_QUEUE_MAX), or another libuv error. */
int ws_client_send_text(struct ws_client *c, const char *p, size_t n);
#define WS_QUEUE_MAX ((size_t)64 * 1024 * 1024)

/* true between open and the beginning of the closing handshake. */
bool ws_client_is_open(const struct ws_client *c);

/*
 * Begins the closing handshake (a close frame with code 1000) when the
 * connection is open, and otherwise closes the socket. The socket is
 * closed when the server answers, or after WS_CLOSE_TIMEOUT_MS. Then
 * closed is called. Safe to call more than once, and before connect.
 */
void ws_client_close(struct ws_client *c);
#define WS_CLOSE_TIMEOUT_MS 2000

/* Closes the socket at once, without the closing handshake (RFC 6455
 * section 7.1.1 allows it when the peer is known to be gone, e.g. its
 * process exited: nothing is written, so nothing can hit a dead socket).
 * closed follows with why NULL. Safe to call more than once, and before
 * connect. */
void ws_client_abort(struct ws_client *c);

/* Frees c: before ws_client_connect, after it failed, or once closed was
 * called (from within closed too). NULL is a no-op. */
void ws_client_free(struct ws_client *c);

#endif
