#!/usr/bin/env bash
# Measures what a newcomer waits for: fresh clone → first page served by `make run`, and the
# duration of `make test` in that clone. Usage: bash bench/fresh_clone.sh [--skip-test]
set -euo pipefail
repo=$(git rev-parse --show-toplevel)
work=$(mktemp -d)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
cleanup() {
  [ -n "${run_pid:-}" ] && kill -INT -- "-$run_pid" 2>/dev/null && sleep 3
  [ -n "${run_pid:-}" ] && kill -KILL -- "-$run_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
seconds() { python3 -c "print(f'{$2 - $1:.1f} s')"; }

start=$(date +%s.%N)
git clone --quiet "$repo" "$work/portal"
cd "$work/portal"
setsid make run WEB_ADDR="127.0.0.1:$port" > "$work/run.log" 2>&1 &
run_pid=$!
until curl -sf -o /dev/null "http://127.0.0.1:$port/accounts/login/"; do
  kill -0 "$run_pid" 2>/dev/null || { cat "$work/run.log"; exit 1; }
  sleep 0.2
done
first_page=$(date +%s.%N)
until [ "$(curl -s -o /dev/null -w '%{http_code}' http://127.0.0.1:$port/health/)" = 200 ]; do
  sleep 0.2
done
healthy=$(date +%s.%N)
echo "fresh clone -> first page served by make run: $(seconds "$start" "$first_page")"
echo "fresh clone -> /health/ all healthy:          $(seconds "$start" "$healthy")"
kill -INT -- "-$run_pid"; wait "$run_pid" 2>/dev/null || true; run_pid=""

if [ "${1:-}" != "--skip-test" ]; then
  test_start=$(date +%s.%N)
  git clone --quiet "$repo" "$work/fresh-for-test"
  cd "$work/fresh-for-test"
  make test > "$work/test.log" 2>&1 || { tail -40 "$work/test.log"; exit 1; }
  test_end=$(date +%s.%N)
  grep -E "passed|failed" "$work/test.log" | tail -n 2
  echo "make test (fresh clone, venv included):       $(seconds "$test_start" "$test_end")"
fi
