// peer-mentoss.mjs - the peer side of `make bench-peer`: the same three
// request kinds as tests/bench/bench.c (simple GET, preflighted PUT with
// two custom headers, redirected GET), each answered by a fresh
// Mentoss MockServer (https://github.com/humanwhocodes/mentoss, installed
// from npm into build/peer, never vendored) through its FetchMocker, whose
// CORS simulation decides preflight and access. Prints one line:
//   peer mentoss <evals/s> <ns per GET> <ns per PUT> <ns per redirected GET>
import { MockServer, FetchMocker } from "mentoss";

const N = Number(process.argv[2] || 3000);
const PAGE = "http://127.0.0.1:8001";
const API = "http://127.0.0.1:8002";
const acao = { "Access-Control-Allow-Origin": PAGE, Vary: "Origin" };

async function one(kind, i) {
  const server = new MockServer(API);
  const path = `/items/${i}`;
  if (kind === 1) {
    server.options(path, {
      status: 204,
      headers: {
        "Access-Control-Allow-Origin": PAGE,
        "Access-Control-Allow-Methods": "PUT",
        "Access-Control-Allow-Headers": "content-type, x-token",
      },
    });
    server.put(path, { status: 200, headers: acao });
  } else if (kind === 2) {
    // Mentoss reads Location after CORS filtering, so it must be exposed.
    server.get(path, {
      status: 302,
      headers: { ...acao, Location: "/final", "Access-Control-Expose-Headers": "Location" },
    });
    server.get("/final", { status: 200, headers: acao });
  } else {
    server.get(path, { status: 200, headers: acao });
  }
  const mocker = new FetchMocker({ servers: [server], baseUrl: PAGE });
  const init =
    kind === 1
      ? {
          method: "PUT",
          headers: { "Content-Type": "application/json", "X-Token": "abc" },
          body: "{}",
        }
      : {};
  const res = await mocker.fetch(API + path, init);
  if (res.status !== 200) throw new Error(`kind ${kind}: status ${res.status}`);
}

const per = [];
for (let kind = 0; kind < 3; kind++) {
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < N / 3; i++) await one(kind, i);
  per.push(Number(process.hrtime.bigint() - t0) / (N / 3));
}
const avg = (per[0] + per[1] + per[2]) / 3;
console.log(
  `peer mentoss ${(1e9 / avg).toFixed(0)} ${per[0].toFixed(0)} ${per[1].toFixed(0)} ${per[2].toFixed(0)}`,
);
