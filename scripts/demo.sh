#!/usr/bin/env bash
# Set up, ingest the demo corpus (examples/corpus) into ./junheng-data and serve the web UI.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
DATA=${JUNHENG_DATA:-junheng-data}
.venv/bin/junheng ingest examples/corpus --data "$DATA"
exec .venv/bin/junheng serve --data "$DATA" --host "${HOST:-127.0.0.1}" --port "${PORT:-8000}"
