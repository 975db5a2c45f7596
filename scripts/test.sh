#!/usr/bin/env bash
# Set up and run the whole test suite.  Browser tests need Debian's chromium: installed here
# when missing and we are root (CI is); otherwise they skip with a message.
set -uo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh || exit 1
if [ ! -x /usr/bin/chromium ] && [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
  echo "installing Debian chromium for the browser tests…"
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk) \
    >/tmp/junheng-apt.log 2>&1 || echo "chromium could not be installed; browser tests will skip (see /tmp/junheng-apt.log)"
fi
.venv/bin/ruff check . || exit 1
.venv/bin/python -m pytest -q "$@"
rc=$?
# pytest exits 5 when no test was collected (e.g. a filter matched nothing): not a failure here
[ "$rc" = "5" ] && rc=0
exit $rc
