#!/usr/bin/env bash
# Boxes (Annex II, Method 1): how small the loader a portal adds to its pages is, and how fast a box
# renders, each beside a peer measured in the same run.
#
#   scripts/bench_boxes.sh                 # N=200 requests per series
#   N=1000 scripts/bench_boxes.sh
#   REBUILD=1 scripts/bench_boxes.sh       # rebuild the release binary even if one is there
#
# (a) The loader, raw and gzip -9, beside the iframe-resizer parent script (its standalone UMD build, the
#     usual way to auto-size a cross-origin iframe) when npm has it in its cache, else beside jQuery if a
#     copy is on disk, else against the 14 KB (14,336 bytes) a first round trip carries.
# (b) Sequential requests to a server on loopback over the demo hub data: a box page without
#     If-None-Match (rendered every time), its items fragment revalidated by ETag (304), and as the peer
#     the Annex II JSON list (GET /api/v1/hub/items?type=1&page_size=20), plain and revalidated. curl's
#     time_total, median and p95 in ms; the ratio is box / JSON list. A few warm-up requests come first.
set -euo pipefail
N=${N:-200}
WARMUP=${WARMUP:-5}
PEER_PACKAGE=@iframe-resizer/parent@5.5.9
cd "$(dirname "$0")/.."
for tool in curl gzip python3; do
    command -v "$tool" >/dev/null || { echo "$tool is needed" >&2; exit 1; }
done
k=${CARGO_TARGET_DIR:-target}/release/ketnoi
if [ -x "$k" ] && [ -z "${REBUILD:-}" ]; then
    echo "binary: $k (reused; REBUILD=1 to rebuild)"
else
    cargo build --release --locked -q -p ketnoi
    echo "binary: $k (built)"
fi
tmp=$(mktemp -d)
server_pid=
trap '[ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null; wait 2>/dev/null || true; rm -rf "$tmp"' EXIT

# (a) Sizes.
size_line() { # label file
    printf '%-58s %7d bytes raw, %6d bytes gzip -9\n' "$1" "$(wc -c < "$2")" "$(gzip -9 -c "$2" | wc -c)"
}
loader=crates/boxes/assets/loader.js
peer= peer_label=
if command -v npm >/dev/null && (cd "$tmp" && npm pack --offline --silent "$PEER_PACKAGE" >/dev/null 2>&1); then
    tar xzf "$tmp"/*.tgz -C "$tmp"
    peer=$tmp/package/index.umd.js
    peer_label="$PEER_PACKAGE (index.umd.js, npm cache)"
else
    jquery=$({ find / -xdev -name 'jquery.min.js' -not -path '/proc/*' 2>/dev/null || true; } | head -1)
    [ -n "$jquery" ] || jquery=$({ find / -xdev -name 'jquery*.min.js' -not -path '/proc/*' 2>/dev/null || true; } | head -1)
    if [ -n "$jquery" ]; then
        peer=$jquery
        peer_label="jQuery ($jquery; iframe-resizer not in the npm cache)"
    fi
fi
echo "== (a) what a portal's page loads to show a box"
size_line "ketnoi loader.js" "$loader"
loader_gz=$(gzip -9 -c "$loader" | wc -c)
if [ -n "$peer" ]; then
    size_line "$peer_label" "$peer"
    python3 -c "import sys; a, b = map(int, sys.argv[1:]); print(f'ratio (gzip, loader / peer): {a / b:.3f}')" \
        "$loader_gz" "$(gzip -9 -c "$peer" | wc -c)"
else
    echo "no peer offline (neither $PEER_PACKAGE in the npm cache nor a jquery*.min.js on disk):"
    python3 -c "import sys; print(f'ratio (gzip, loader / 14,336-byte first round trip): {int(sys.argv[1]) / 14336:.3f}')" \
        "$loader_gz"
fi

# (b) Time to render.
data=$tmp/data
$k --data-dir "$data" units import > /dev/null
$k --data-dir "$data" hub import crates/cli/demo/hub.jsonl > /dev/null
KETNOI_LOG=warn $k --data-dir "$data" serve --listen 127.0.0.1:0 --metrics-listen 127.0.0.1:0 \
    > "$tmp/serve.out" 2> "$tmp/serve.err" &
server_pid=$!
for _ in $(seq 200); do grep -q '^ketnoi listening on ' "$tmp/serve.out" 2>/dev/null && break; sleep 0.05; done
base=$(sed -n 's/^ketnoi listening on \(http:[^ ]*\).*/\1/p' "$tmp/serve.out")
[ -n "$base" ] || { echo "the server did not start:" >&2; cat "$tmp/serve.err" >&2; exit 1; }
id=$(curl -sf -X POST -H 'content-type: application/json' \
    -d '{"title":"Thông tin chỉ đạo, điều hành","count":10}' "$base/api/v1/boxes" |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
etag_of() { curl -s -D - -o /dev/null "$1" | tr -d '\r' | sed -n 's/^[Ee][Tt][Aa][Gg]: //p'; }
list="$base/api/v1/hub/items?type=1&page_size=20"
items_tag=$(etag_of "$base/box/$id/items")
list_tag=$(etag_of "$list")

series() { # name, curl arguments...
    local name=$1
    shift
    for _ in $(seq "$WARMUP"); do curl -s -o /dev/null "$@"; done
    for _ in $(seq "$N"); do curl -s -o /dev/null -w '%{http_code} %{time_total} %{size_download}\n' "$@"; done \
        > "$tmp/$name.txt"
}
series box "$base/box/$id"
series items304 -H "If-None-Match: $items_tag" "$base/box/$id/items"
series list "$list"
series list304 -H "If-None-Match: $list_tag" "$list"

echo "== (b) time to answer, $N sequential requests each over loopback (box $id, demo hub data)"
python3 - "$tmp" <<'PY'
import sys
tmp = sys.argv[1]

def load(name, status):
    rows = [line.split() for line in open(f"{tmp}/{name}.txt")]
    bad = [r[0] for r in rows if r[0] != status]
    if bad:
        sys.exit(f"{name}: expected HTTP {status}, got {sorted(set(bad))}")
    ms = sorted(float(r[1]) * 1000 for r in rows)
    p95 = ms[max(0, -(-len(ms) * 95 // 100) - 1)]
    return ms[len(ms) // 2], p95, int(rows[0][2])

series = [
    ("box", "200", "GET /box/{id} (rendered)"),
    ("items304", "304", "GET /box/{id}/items, If-None-Match"),
    ("list", "200", "GET /api/v1/hub/items?type=1&page_size=20"),
    ("list304", "304", "  the same, If-None-Match"),
]
got = {}
for name, status, label in series:
    median, p95, size = got[name] = load(name, status)
    print(f"{label:44} {status}  median {median:6.2f} ms  p95 {p95:6.2f} ms  {size:6d} bytes")
print(f"ratio (median, box page / JSON list):      {got['box'][0] / got['list'][0]:.2f}")
print(f"ratio (median, items 304 / JSON list 304): {got['items304'][0] / got['list304'][0]:.2f}")
PY
