#!/usr/bin/env bash
# Refresh the vendored browser assets under web/static/vendor/ from the npm registry.
#
# The web UI runs on offline intranets: nothing may load from a CDN, so the few third-party
# files it needs are copied into the repository.  This script is the one reproducible way to
# (re)fetch them: pinned versions, `npm pack` (the ordinary npm client, no install, no scripts),
# only the built files we use, and a VERSIONS file with their sha256 sums.
#
#   bash scripts/vendor_assets.sh            # fetch the pinned versions
#   ECHARTS=5.6.0 bash scripts/vendor_assets.sh   # override one pin
set -euo pipefail

ECHARTS="${ECHARTS:-5.6.0}"          # charts (indicator, problem category pages)
YASQE="${YASQE:-4.6.2}"              # @zazuko/yasqe: the SPARQL query editor
SWAGGER="${SWAGGER:-5.17.14}"        # swagger-ui-dist: /docs (OpenAPI) without a CDN

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
DEST="$ROOT/web/static/vendor"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

fetch() {  # fetch <package> <version> -> extracted into $WORK/<safe name>/package
    local pkg="$1" ver="$2" safe
    safe="$(echo "$pkg" | tr '/@' '__')"
    mkdir -p "$WORK/$safe"
    (cd "$WORK/$safe" && npm pack --silent "$pkg@$ver" >/dev/null && tar -xzf ./*.tgz)
    echo "$WORK/$safe/package"
}

mkdir -p "$DEST/echarts" "$DEST/yasqe" "$DEST/swagger-ui"

src="$(fetch echarts "$ECHARTS")"
cp "$src/dist/echarts.min.js" "$DEST/echarts/"
cp "$src/LICENSE" "$DEST/echarts/LICENSE"

src="$(fetch @zazuko/yasqe "$YASQE")"
cp "$src/build/yasqe.min.js" "$src/build/yasqe.min.css" "$DEST/yasqe/"
[ -f "$src/LICENSE" ] && cp "$src/LICENSE" "$DEST/yasqe/LICENSE" || true

src="$(fetch swagger-ui-dist "$SWAGGER")"
cp "$src/swagger-ui-bundle.js" "$src/swagger-ui.css" "$DEST/swagger-ui/"
[ -f "$src/LICENSE" ] && cp "$src/LICENSE" "$DEST/swagger-ui/LICENSE" || true

{
    echo "# Vendored by scripts/vendor_assets.sh on $(date -u +%Y-%m-%d) from the npm registry"
    echo "echarts $ECHARTS"
    echo "@zazuko/yasqe $YASQE"
    echo "swagger-ui-dist $SWAGGER"
    echo
    (cd "$DEST" && find . -type f ! -name VERSIONS ! -name LICENSE | sort | xargs sha256sum)
} > "$DEST/VERSIONS"

echo "vendored into $DEST:"
cat "$DEST/VERSIONS"
