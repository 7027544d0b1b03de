#!/usr/bin/env bash
# The browser check of issue 11: headless Chromium loads a page from another origin that tries
# to POST to `llmp serve` (no-cors text/plain, simple CORS, preflighted CORS).
#   1. Origin not in cors_origins: the upstream receives nothing, and llmp's ledger holds the
#      refusals of the requests the browser did send (so the page really tried).
#   2. Origin listed: the page reads the answer.
#   In the first, the page also reaches llmp under a name it controls (Chromium resolves
#   evil.example to 127.0.0.1, as after DNS rebinding): refused by the Host check.
# Needs $LLMP_BINARY, $LLMP_FAKE_UPSTREAM, node and sqlite3. Exits 77 (skipped) only when
# chromium is not installed.
set -euo pipefail

chromium=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$chromium" ]; then
  echo "SKIPPED: chromium is not installed (apt-get install chromium)"
  exit 77
fi

here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

failures=0
check() {  # check DESCRIPTION COMMAND...
  local what=$1; shift
  if "$@"; then echo "ok: $what"; else echo "FAILED: $what"; failures=$((failures + 1)); fi
}

# Waits until FILE has a line matching PATTERN and prints the first capture of SED_EXPR.
wait_for_line() {  # wait_for_line FILE SED_EXPR WHAT PID
  local file=$1 expr=$2 what=$3 pid=$4 value
  for _ in $(seq 1 300); do
    value=$(sed -n "$expr" "$file" 2>/dev/null | head -1)
    if [ -n "$value" ]; then echo "$value"; return 0; fi
    if ! kill -0 "$pid" 2>/dev/null; then break; fi
    sleep 0.1
  done
  echo "$what did not start:" >&2
  cat "$file" >&2 || true
  exit 1
}

upstream_requests() {  # the number of requests the fake upstream has received
  node -e "fetch('http://127.0.0.1:$1/_requests').then(r => r.json()).then(a => console.log(a.length))"
}

node "$here/page_server.mjs" >"$work/page.out" 2>&1 &
pids+=($!)
page_port=$(wait_for_line "$work/page.out" 's/^port=\([0-9]*\)$/\1/p' "the page server" $!)
page_origin="http://127.0.0.1:$page_port"

# One scenario: a fresh fake upstream and llmp with CORS_ORIGINS, then the page in Chromium.
# Leaves dom.html, the upstream's request count and llmp's ledger in $work/$name.
run_scenario() {  # run_scenario NAME CORS_ORIGINS [QUERY]
  local name=$1 origins=$2 query=${3:-} dir="$work/$1"
  mkdir -p "$dir/home"
  "$LLMP_FAKE_UPSTREAM" >"$dir/upstream.out" 2>&1 &
  local upstream_pid=$!
  pids+=($upstream_pid)
  local upstream_port
  upstream_port=$(wait_for_line "$dir/upstream.out" 's/^port=\([0-9]*\)$/\1/p' "the fake upstream" $upstream_pid)

  cat >"$dir/config.toml" <<TOML
[server]
listen = "127.0.0.1:0"
${origins:+cors_origins = [$origins]}
[ledger]
path = "$dir/ledger.sqlite"
[providers.fake]
kind = "openai"
base_url = "http://127.0.0.1:$upstream_port/v1"
TOML
  HOME="$dir/home" XDG_CONFIG_HOME="$dir/home" XDG_DATA_HOME="$dir/home" \
    "$LLMP_BINARY" serve --config "$dir/config.toml" 2>"$dir/llmp.log" &
  local llmp_pid=$!
  pids+=($llmp_pid)
  local llmp_port
  llmp_port=$(wait_for_line "$dir/llmp.log" 's/.*listening on http:\/\/127\.0\.0\.1:\([0-9]*\) .*/\1/p' "llmp" $llmp_pid)

  timeout 120 "$chromium" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$dir/chromium-profile" --virtual-time-budget=20000 \
    --host-resolver-rules="MAP evil.example 127.0.0.1" \
    --dump-dom "$page_origin/?llmp=http://127.0.0.1:$llmp_port${query//PORT/$llmp_port}" \
    >"$dir/dom.html" 2>"$dir/chromium.log" || true

  upstream_requests "$upstream_port" >"$dir/upstream_count"
  kill -TERM "$llmp_pid"
  wait "$llmp_pid" || true  # the ledger is flushed on SIGTERM
  echo "--- $name: what the page saw"
  sed -n '/<pre id="outcome">/,/DONE/p' "$dir/dom.html"
}

ledger_count() {  # ledger_count NAME WHERE
  sqlite3 "$work/$1/ledger.sqlite" "select count(*) from requests where $2"
}

run_scenario hostile "" "&rebound=http://evil.example:PORT"
dom=$(cat "$work/hostile/dom.html")
check "the page ran to the end" grep -q "DONE" <<<"$dom"
check "the no-cors POST was sent (opaque answer)" grep -q "no-cors: opaque 0" <<<"$dom"
check "the simple CORS POST failed" grep -q "cors-simple: failed TypeError" <<<"$dom"
check "the preflighted CORS POST failed" grep -q "cors-json: failed TypeError" <<<"$dom"
check "the upstream received nothing" test "$(cat "$work/hostile/upstream_count")" = 0
refused=$(ledger_count hostile "error_class = 'forbidden_origin' and status = 403")
check "llmp refused what the browser sent ($refused rows forbidden_origin, want >= 2)" test "$refused" -ge 2
check "the rebound POST and GET were sent" grep -q "rebound-post: opaque 0.*rebound-get: opaque 0" <<<"${dom//$'\n'/ }"
# Chromium retries a request answered 421 (Misdirected Request) once, on a new connection.
rebound=$(ledger_count hostile "error_class = 'forbidden_host' and status = 421 and endpoint = '/v1/chat/completions'")
check "llmp refused the rebound POST by Host ($rebound rows forbidden_host, want >= 1)" test "$rebound" -ge 1
rebound=$(ledger_count hostile "error_class = 'forbidden_host' and status = 421 and endpoint = '/v1/models'")
check "llmp refused the rebound GET by Host ($rebound rows forbidden_host, want >= 1)" test "$rebound" -ge 1
check "no request was served" test "$(ledger_count hostile "status = 200")" = 0

run_scenario trusted "\"$page_origin\""
dom=$(cat "$work/trusted/dom.html")
check "the page ran to the end" grep -q "DONE" <<<"$dom"
check "the preflighted CORS POST read the answer" grep -q "cors-json: cors 200 .*Hello from openai!" <<<"$dom"
check "the simple CORS POST read the answer" grep -q "cors-simple: cors 200 .*Hello from openai!" <<<"$dom"
check "the upstream received the page's requests" test "$(cat "$work/trusted/upstream_count")" = 3
check "nothing was refused" test "$(ledger_count trusted "error_class is not null and error_class != ''")" = 0

if [ "$failures" -ne 0 ]; then
  for name in hostile trusted; do
    echo "--- $name: llmp log"; cat "$work/$name/llmp.log" || true
    echo "--- $name: ledger"
    sqlite3 "$work/$name/ledger.sqlite" "select endpoint, status, error_class from requests" || true
    echo "--- $name: chromium log (tail)"; tail -20 "$work/$name/chromium.log" || true
  done
  echo "$failures check(s) failed"
  exit 1
fi
echo "browser check passed"
