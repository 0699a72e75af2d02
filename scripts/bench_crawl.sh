#!/usr/bin/env bash
# Crawl throughput on the synthetic government web: ketnoi against GNU wget (recursive, robots.txt
# respected, one wget per site, PAR of them at once), same web, same run, same per-host wait
# (WAIT_MS, or the site's robots.txt Crawl-delay when longer: wget is given it per site, since it
# does not read Crawl-delay itself).
#
#   scripts/bench_crawl.sh                      # 100 sites x 50 pages
#   SITES=1000 PAGES=100 PAR=32 scripts/bench_crawl.sh
#
# ketnoi does more per page than wget (sitemaps, extraction, the store); the ratio is pages per
# second, ketnoi / wget.
set -euo pipefail
SITES=${SITES:-100}
PAGES=${PAGES:-50}
PAR=${PAR:-16}
WAIT_MS=${WAIT_MS:-50}
cd "$(dirname "$0")/.."
command -v wget >/dev/null || { echo "wget is needed (apt-get install -y wget)" >&2; exit 1; }
cargo build --release --locked -q -p ketnoi -p ketnoi-synthweb --example serve
tmp=$(mktemp -d)
trap 'kill $web_pid 2>/dev/null || true; rm -rf "$tmp"' EXIT
target/release/examples/serve "$SITES" "$PAGES" "$tmp/sites.csv" > "$tmp/web.out" &
web_pid=$!
for _ in $(seq 100); do grep -q '^resolve ' "$tmp/web.out" 2>/dev/null && break; sleep 0.1; done
addr=$(sed -n 's/^listening //p' "$tmp/web.out")
export KETNOI_CRAWL_RESOLVE
KETNOI_CRAWL_RESOLVE=$(sed -n 's/^resolve //p' "$tmp/web.out")
k=target/release/ketnoi
$k --data-dir "$tmp/k" units import > /dev/null
$k --data-dir "$tmp/k" sites import "$tmp/sites.csv" > /dev/null

now() { date +%s.%N; }
t0=$(now)
$k --data-dir "$tmp/k" crawl --all --once --progress none --json --allow-private \
   --min-delay-ms "$WAIT_MS" --concurrency "$PAR" --per-ip "$PAR" > "$tmp/ketnoi.json"
t1=$(now)
k_req=$(python3 -c 'import json,sys; print(sum(r["requests"] for r in json.load(open(sys.argv[1]))))' "$tmp/ketnoi.json")
k_pages=$(python3 -c 'import json,sys; print(sum(r["pages_new"] for r in json.load(open(sys.argv[1]))))' "$tmp/ketnoi.json")

floor=$(python3 -c "print($WAIT_MS/1000)")
t2=$(now)
xargs -P "$PAR" -L 1 sh -c 'd=$(echo "$1" | sed "s#[^a-z0-9]#_#g"); w=$(python3 -c "print(max($2, '"$floor"'))"); \
    wget -q -r -l inf -e robots=on -e use_proxy=yes -e http_proxy='"$addr"' --wait="$w" \
    -P '"$tmp"'/w/"$d" "$1" || true' _ < "$tmp/sites.csv.seeds"
t3=$(now)
w_files=$(find "$tmp/w" -type f ! -name robots.txt | wc -l)

python3 - "$t0" "$t1" "$t2" "$t3" "$k_req" "$k_pages" "$w_files" "$SITES" "$PAGES" <<'PY'
import sys
t0, t1, t2, t3 = map(float, sys.argv[1:5])
k_req, k_pages, w_files, sites, pages = map(int, sys.argv[5:10])
k_t, w_t = t1 - t0, t3 - t2
print(f"synthetic web: {sites} sites x {pages} pages")
print(f"ketnoi: {k_pages} pages stored ({k_req} requests) in {k_t:.1f} s = {k_pages / k_t:.1f} pages/s")
print(f"wget:   {w_files} files saved in {w_t:.1f} s = {w_files / w_t:.1f} pages/s")
print(f"ratio (pages/s, ketnoi / wget): {(k_pages / k_t) / (w_files / w_t):.2f}")
PY
