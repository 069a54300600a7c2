#!/usr/bin/env bash
# Repos through the gateway (Release build, the throwaway stack of ./hub bench), each against a
# reference measured in the same run:
#  (a) a 1 GiB LFS download through the gateway vs. nginx proxying to nginx serving the same file
#      statically (target >= 0.8x); a 1 GiB LFS upload (hashed, verified, fsynced) vs. a plain PUT
#      to nginx followed by sha256sum (target >= 0.8x); peak anonymous memory of gateway and repos
#      while moving the bytes (target < 64 MiB each);
#  (b) a clone of a repo with 1,000 commits and 2,000 files through the gateway vs. git
#      http-backend behind nginx + fcgiwrap (target <= 1.2x the time), medians of 3;
#  (c) tree listing and small-file resolve: requests/s and p99 at 4 connections.
# Figures, not pass/fail.
set -euo pipefail
: "${HUB_TEST_GATEWAY:?run through ./hub bench}"
GW="http://$HUB_TEST_GATEWAY"
SIZE=${HUB_BENCH_LFS_BYTES:-$((1 << 30))}
work=$(mktemp -d /tmp/hub-bench-repos.XXXXXX)
chmod 755 "$work"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; sleep 0.3; rm -rf "$work"; }
trap cleanup EXIT
trap 'echo "repos_transfer.sh: failed at line $LINENO" >&2' ERR
# shellcheck source=lib/bench.sh
. "$(dirname "$0")/lib/bench.sh"
json() { python3 -c "import json,sys; d=json.load(sys.stdin); print(eval('d' + sys.argv[1]))" "$1"; }
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
since() { awk -v s="$1" -v e="$(date +%s.%N)" 'BEGIN {print e - s}'; }
pid_of() { awk -v n="$1" '$1 == n {print $2}' "${HUB_TEST_PIDFILE:?}"; }

# An account, a token and a public repo.
bench_account "$GW" bench
repo="$name/bench"

# ---- (a) LFS, 1 GiB each way ----
head -c "$SIZE" /dev/urandom >"$work/big.bin"
oid=$(sha256sum "$work/big.bin" | cut -c1-64)
href=$(curl -sf "$GW/$repo.git/info/lfs/objects/batch" "${auth[@]}" -H 'Content-Type: application/vnd.git-lfs+json' \
  -d "{\"operation\":\"upload\",\"objects\":[{\"oid\":\"$oid\",\"size\":$SIZE}]}" | json "['objects'][0]['actions']['upload']['href']")
gw_pid=$(pid_of gateway); repos_pid=$(pid_of repos)
sample() { while [ -f "$work/sampling" ]; do
  awk '/RssAnon/ {print $2}' "/proc/$gw_pid/status" >>"$work/rss_gw"
  awk '/RssAnon/ {print $2}' "/proc/$repos_pid/status" >>"$work/rss_repos"
  sleep 0.02; done; }
touch "$work/sampling"; sample & sampler=$!
upload_gw=$(curl -sf -o /dev/null -w '%{time_total}' -T "$work/big.bin" "$href")
printf '{"key":"header","value":{"summary":"big"}}\n{"key":"lfsFile","value":{"path":"big.bin","algo":"sha256","oid":"%s","size":%s}}\n' \
  "$oid" "$SIZE" | curl -sf -o /dev/null "$GW/api/models/$repo/commit/main" "${auth[@]}" -H 'Content-Type: application/x-ndjson' --data-binary @-
download_gw=$(curl -sf -o /dev/null -w '%{time_total}' "$GW/$repo/resolve/main/big.bin")
rm -f "$work/sampling"; wait $sampler

# The reference: nginx serving the stored object, behind an nginx proxy; nginx taking a PUT.
object="$HUB_TEST_DATA_DIR/lfs/${oid:0:2}/${oid:2:2}/$oid"
# nginx's workers may run as another user: let them read this throwaway stack's copy.
chmod o+rx "$HUB_TEST_DATA_DIR" "$HUB_TEST_DATA_DIR/lfs" "$HUB_TEST_DATA_DIR/lfs/${oid:0:2}" "$HUB_TEST_DATA_DIR/lfs/${oid:0:2}/${oid:2:2}"
chmod o+r "$object"
mkdir -p "$work/put" "$work/tmp"
chmod 777 "$work/put" "$work/tmp"
static_port=$(free_port); proxy_port=$(free_port)
{ nginx_conf_head 1024; cat <<EOF
http {
  access_log off;
  client_max_body_size 0;
  client_body_temp_path $work/tmp;
  proxy_temp_path $work/tmp;
  fastcgi_temp_path $work/tmp;
  server {
    listen 127.0.0.1:$static_port;
    location = /big.bin { alias $object; }
    location /put/ { root $work; dav_methods PUT; create_full_put_path on; }
  }
  server {
    listen 127.0.0.1:$proxy_port;
    location / { proxy_pass http://127.0.0.1:$static_port; proxy_http_version 1.1; proxy_buffering off; }
  }
}
EOF
} >"$work/nginx.conf"
nginx -c "$work/nginx.conf" -p "$work" & pids+=($!)
for _ in $(seq 1 50); do curl -s -o /dev/null "http://127.0.0.1:$proxy_port/big.bin" -r 0-0 && break; sleep 0.1; done
download_ng=$(curl -sf -o /dev/null -w '%{time_total}' "http://127.0.0.1:$proxy_port/big.bin")
start=$(date +%s.%N)
curl -sf -o /dev/null -T "$work/big.bin" "http://127.0.0.1:$static_port/put/big.bin"
sha256sum "$work/put/big.bin" >/dev/null
upload_ng=$(since "$start")
rm -f "$work/big.bin" "$work/put/big.bin"
peak_gw=$(sort -n "$work/rss_gw" | tail -1); peak_repos=$(sort -n "$work/rss_repos" | tail -1)

# ---- (b) clone of 1,000 commits and 2,000 files ----
src="$work/src"
git init -q -b main "$src"
(cd "$src" && for i in $(seq 1 1000); do
  msg="commit $i"
  printf 'commit refs/heads/main\ncommitter b <b@example.com> %d +0000\ndata %d\n%s\n' "$((1700000000 + i))" "${#msg}" "$msg"
  for k in 1 2; do
    content="file $i $k $(head -c 200 /dev/urandom | base64 -w0)"
    printf 'M 100644 inline d%02d/f%d_%d.txt\ndata %d\n%s\n' "$((i % 50))" "$i" "$k" "${#content}" "$content"
  done
done | git fast-import --quiet)
GIT_LFS_SKIP_PUSH=1 git -C "$src" push -q --force "http://$name:$token@$HUB_TEST_GATEWAY/$repo" main:main
repo_id=$(curl -sf "$GW/api/models/$repo" | json "['_id']")
fcgi_sock="$work/fcgi.sock"
/usr/sbin/fcgiwrap -s "unix:$fcgi_sock" & pids+=($!)
git_port=$(free_port)
cat >"$work/git-nginx.conf" <<EOF
worker_processes 1;
daemon off;
pid $work/git-nginx.pid;
error_log $work/git-error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_max_body_size 0;
  client_body_temp_path $work/tmp;
  fastcgi_temp_path $work/tmp;
  server {
    listen 127.0.0.1:$git_port;
    location ~ ^/r(/.*)\$ {
      fastcgi_pass unix:$fcgi_sock;
      fastcgi_buffering off;
      fastcgi_param SCRIPT_FILENAME /usr/lib/git-core/git-http-backend;
      fastcgi_param GIT_PROJECT_ROOT $HUB_TEST_DATA_DIR/repos;
      fastcgi_param GIT_HTTP_EXPORT_ALL 1;
      fastcgi_param PATH_INFO \$1;
      fastcgi_param QUERY_STRING \$query_string;
      fastcgi_param REQUEST_METHOD \$request_method;
      fastcgi_param CONTENT_TYPE \$content_type;
      fastcgi_param CONTENT_LENGTH \$content_length;
      fastcgi_param GIT_PROTOCOL \$http_git_protocol;
      fastcgi_param HTTP_CONTENT_ENCODING \$http_content_encoding;
    }
  }
}
EOF
for _ in $(seq 1 50); do [ -S "$fcgi_sock" ] && break; sleep 0.1; done
chmod 777 "$fcgi_sock"
nginx -c "$work/git-nginx.conf" -p "$work" & pids+=($!)
for _ in $(seq 1 50); do curl -s -o /dev/null "http://127.0.0.1:$git_port/r/$repo_id.git/info/refs?service=git-upload-pack" && break; sleep 0.1; done
: >"$work/clone_gw"; : >"$work/clone_ng"
for i in 1 2 3; do
  s=$(date +%s.%N); git clone -q "$GW/$repo" "$work/c_gw$i"; since "$s" >>"$work/clone_gw"
  s=$(date +%s.%N); git clone -q "http://127.0.0.1:$git_port/r/$repo_id.git" "$work/c_ng$i"; since "$s" >>"$work/clone_ng"
done
files=$(git -C "$work/c_gw1" ls-files | wc -l); commits=$(git -C "$work/c_gw1" rev-list --count HEAD)
clone_gw=$(median <"$work/clone_gw"); clone_ng=$(median <"$work/clone_ng")

# ---- (c) tree listing and small-file resolve ----
p99_ms() { awk '$1 == "99%" {v=$2; if (v ~ /us$/) {sub(/us/,"",v); v=v/1000} else if (v ~ /ms$/) {sub(/ms/,"",v)} else if (v ~ /s$/) {sub(/s/,"",v); v=v*1000}; print v}'; }
rps() { awk '$1 == "Requests/sec:" {print $2}'; }
small=$(git -C "$work/c_gw1" ls-files | awk 'NR == 1')
wrk -t1 -c4 -d5s --latency "$GW/api/models/$repo/tree/main" >"$work/tree.txt"
wrk -t1 -c4 -d5s --latency "$GW/$repo/resolve/main/$small" >"$work/resolve.txt"

awk -v s="$SIZE" -v dg="$download_gw" -v dn="$download_ng" -v ug="$upload_gw" -v un="$upload_ng" \
    -v pg="$peak_gw" -v pr="$peak_repos" -v cg="$clone_gw" -v cn="$clone_ng" -v f="$files" -v c="$commits" \
    -v trps="$(rps <"$work/tree.txt")" -v tp99="$(p99_ms <"$work/tree.txt")" \
    -v rrps="$(rps <"$work/resolve.txt")" -v rp99="$(p99_ms <"$work/resolve.txt")" 'BEGIN {
  mib = s / 1048576
  printf "repos through the gateway (references measured in the same run)\n"
  printf "  LFS download %.0f MiB: %.0f MiB/s via gateway, %.0f MiB/s nginx->nginx static, ratio %.2f (target >= 0.8)\n", mib, mib/dg, mib/dn, dn/dg
  printf "  LFS upload %.0f MiB: %.0f MiB/s via gateway (hashed, verified, fsynced), %.0f MiB/s nginx PUT + sha256sum, ratio %.2f (target >= 0.8)\n", mib, mib/ug, mib/un, un/ug
  printf "  peak anonymous memory while transferring: gateway %.1f MiB, repos %.1f MiB (target < 64 MiB each)\n", pg/1024, pr/1024
  printf "  clone of %d commits, %d files: %.2f s via gateway, %.2f s http-backend behind nginx+fcgiwrap, ratio %.2f (target <= 1.2)\n", c, f, cg, cn, cg/cn
  printf "  tree listing (top level): %.0f req/s, p99 %.2f ms at 4 connections\n", trps, tp99
  printf "  small-file resolve: %.0f req/s, p99 %.2f ms at 4 connections\n", rrps, rp99
}'
