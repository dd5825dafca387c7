#!/usr/bin/env bash
# `cloudflare mcp`'s costs, on a release build: the time from starting the server to its answer
# to `initialize` (against `cloudflare --help`, which reads the same table, run alongside), its
# memory at rest (resident set after `initialize` and `tools/list`), and the time of a `search`
# answer over the whole table (against a `tools/list` round trip on the same connection, the
# protocol's own cost). The client speaks JSON-RPC over the pipes with Python's standard library.
#
#   bash bench/mcp.sh [runs]     (default 20 starts and 200 searches)
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
runs=${1:-20}
(cd "$repo" && cargo build --release --quiet -p cloudflare-cli)
binary="$repo/target/release/cloudflare"
python3 - "$binary" "$runs" <<'PY'
import json, subprocess, sys, time, statistics

binary, runs = sys.argv[1], int(sys.argv[2])
env = {"CLOUDFLARE_API_TOKEN": "bench", "PATH": "/usr/bin:/bin", "XDG_CONFIG_HOME": "/nonexistent"}

def start():
    return subprocess.Popen([binary, "mcp"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env, text=True)

def ask(server, id, method, params=None):
    message = {"jsonrpc": "2.0", "id": id, "method": method}
    if params is not None:
        message["params"] = params
    server.stdin.write(json.dumps(message) + "\n")
    server.stdin.flush()
    while True:
        answer = json.loads(server.stdout.readline())
        if answer.get("id") == id:
            return answer

initialize = {"protocolVersion": "2025-06-18", "capabilities": {}, "clientInfo": {"name": "bench", "version": "0"}}
starts, helps = [], []
for _ in range(runs):
    began = time.perf_counter()
    server = start()
    ask(server, 1, "initialize", initialize)
    starts.append(time.perf_counter() - began)
    server.stdin.close(); server.wait()
    began = time.perf_counter()
    subprocess.run([binary, "--help"], stdout=subprocess.DEVNULL, env=env)
    helps.append(time.perf_counter() - began)

server = start()
ask(server, 1, "initialize", initialize)
server.stdin.write(json.dumps({"jsonrpc": "2.0", "method": "notifications/initialized"}) + "\n")
tools = ask(server, 2, "tools/list")
rss = next(int(line.split()[1]) for line in open(f"/proc/{server.pid}/status") if line.startswith("VmRSS:"))
queries = ["dns records", "list workers scripts", "r2 bucket cors", "access applications policies", "zone settings ssl", "load balancer pools", "radar http summary", "d1 database query"]
searches, lists = [], []
for i in range(int(runs) * 10):
    began = time.perf_counter()
    ask(server, 1000 + i, "tools/call", {"name": "search", "arguments": {"query": queries[i % len(queries)]}})
    searches.append(time.perf_counter() - began)
    began = time.perf_counter()
    ask(server, 100000 + i, "tools/list")
    lists.append(time.perf_counter() - began)
server.stdin.close(); server.wait()

definitions = json.dumps(tools["result"]["tools"], separators=(",", ":"))
ms = lambda xs: statistics.median(xs) * 1000
print(f"start to initialize answered: median {ms(starts):.1f} ms (cloudflare --help: {ms(helps):.1f} ms; ratio {ms(starts) / ms(helps):.2f})")
print(f"resident at rest: {rss / 1024:.1f} MB")
print(f"search over the whole table: median {ms(searches):.2f} ms (tools/list round trip: {ms(lists):.2f} ms; ratio {ms(searches) / ms(lists):.1f})")
print(f"tool definitions: {len(definitions)} characters, about {len(definitions) // 4} tokens (4 characters a token)")
PY
