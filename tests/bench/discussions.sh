#!/usr/bin/env bash
# Discussions at size (Release build, the throwaway stack of ./hub bench): one repo with 100,000
# threads and a thread of 10,000 comments, seeded straight into the database. Through the gateway,
# with a token, at a fixed number of connections: the list's page 0, page 500 by offset (as the
# Hub's clients page) and by cursor, the long thread's details, a full-text search, and posting a
# comment (with its outbox event). Next to each, pgbench running the same SQL on the same database
# (-M prepared, as many clients as the service's pool, same duration).
# Figures, not pass/fail. Targets: reads >= 0.5x the pgbench rate; the cursor's page 500 within
# 1.5x the time of page 0.
set -euo pipefail
: "${HUB_TEST_GATEWAY:?run through ./hub bench}" "${HUB_TEST_PG_ADMIN_URL:?run through ./hub bench}"
GW="http://$HUB_TEST_GATEWAY"
DURATION=${HUB_BENCH_SECONDS:-5}
CONNECTIONS=${HUB_BENCH_CONNECTIONS:-8}
POOL=${HUB_DB_POOL_SIZE:-8}
THREADS=${HUB_BENCH_THREADS:-100000}
COMMENTS=${HUB_BENCH_COMMENTS:-10000}
DB="${HUB_TEST_PG_ADMIN_URL%/*}/hub"
work=$(mktemp -d /tmp/hub-bench-discussions.XXXXXX)
trap 'rm -rf "$work"' EXIT
trap 'echo "discussions.sh: failed at line $LINENO" >&2' ERR
json() { python3 -c "import json,sys; d=json.load(sys.stdin); print(eval('d' + sys.argv[1]))" "$1"; }

# An account, a token and a public repo.
# shellcheck source=lib/bench.sh
. "$(dirname "$0")/lib/bench.sh"
bench_account "$GW" talk
api="$GW/api/models/$name/talk/discussions"
repo_id=$(curl -sf "$GW/api/models/$name/talk" "${auth[@]}" | json "['_id']")
user_id=$(curl -sf "$GW/api/whoami-v2" "${auth[@]}" | json "['id']")
long=$THREADS

# The seed: threads newest last, one in seven closed, titles on five subjects; the last thread
# holds the comments; repos' #N sequence moved past them; statistics fresh.
start=$SECONDS
psql -q -v ON_ERROR_STOP=1 "$DB" <<SQL
BEGIN;
INSERT INTO discussions.threads (repo_id, num, is_pull_request, title, status, author_id, author_name, title_search,
                                 created_at, updated_at)
SELECT '$repo_id', n, false, t.title, CASE WHEN n % 7 = 0 THEN 'closed' ELSE 'open' END, '$user_id', '$name',
       to_tsvector('english', t.title), now() - (($THREADS - n) * interval '1 minute'),
       now() - (($THREADS - n) * interval '1 minute')
FROM generate_series(1, $THREADS) AS n,
     LATERAL (SELECT 'Thread ' || n || ' about the ' ||
                     (ARRAY['tokenizer', 'weights', 'license', 'quantization', 'safetensors'])[1 + n % 5] AS title) t;
INSERT INTO discussions.thread_counts (repo_id, is_pull_request, status, n)
SELECT repo_id, is_pull_request, status, count(*) FROM discussions.threads WHERE repo_id = '$repo_id'
GROUP BY repo_id, is_pull_request, status;
INSERT INTO discussions.thread_events (id, repo_id, num, type, author_id, author_name, search)
SELECT gen_random_uuid(), '$repo_id', $long, 'comment', '$user_id', '$name',
       to_tsvector('english', 'Comment ' || i || ' on the long thread')
FROM generate_series(1, $COMMENTS) AS i;
INSERT INTO discussions.comment_versions (comment_id, version, raw, html, author_id, author_name)
SELECT id, 1, 'Comment on the long thread', '<p>Comment on the long thread</p>', '$user_id', '$name'
FROM discussions.thread_events WHERE repo_id = '$repo_id' AND num = $long;
UPDATE discussions.threads SET comment_count = $COMMENTS WHERE repo_id = '$repo_id' AND num = $long;
UPDATE repos.repos SET last_num = $THREADS WHERE id = '$repo_id';
COMMIT;
ANALYZE discussions.threads;
ANALYZE discussions.thread_events;
ANALYZE discussions.comment_versions;
ANALYZE discussions.thread_counts;
SQL
echo "seeded $THREADS threads and a thread of $COMMENTS comments in $((SECONDS - start)) s"

# The cursor of page 500 (offset 25,000): the Link of 25 pages of 1,000.
url="$api?limit=1000"
for _ in $(seq 1 25); do
  url=$(curl -sf -D - -o /dev/null "$url" "${auth[@]}" | awk 'tolower($1) == "link:" {print $2}' | tr -d '<>;')
done
cursor_page=$(echo "$url" | sed 's/&*limit=1000//; s/?&/?/')
after=$((THREADS - 25000 + 1))

# pg_run <script>: "transactions_per_s p99_ms" of pgbench running the script.
pg_run() {
  local out
  out=$(pgbench -n -M prepared -c "$POOL" -j 2 -T "$DURATION" -r -D repo="$repo_id" -D after="$after" \
    -D long="$long" -D user="$user_id" -D name="$name" -f "$1" --log --log-prefix="$work/pglog" "$DB" 2>&1)
  local tps p99
  tps=$(echo "$out" | awk '/^tps/ {print $3}')
  if [ -z "$tps" ]; then
    echo "  pgbench failed on $(basename "$1"): $(echo "$out" | grep -i -m3 'error')" >&2
    echo "0 0"
    return
  fi
  p99=$(cat "$work"/pglog* | awk '{print $3}' | sort -n | awk '{a[NR]=$1} END {printf "%.2f", a[int(NR*0.99)]/1000}')
  rm -f "$work"/pglog*
  echo "$tps $p99"
}

COLUMNS_SQL="t.repo_id::text, t.num, t.is_pull_request, t.title, t.status, COALESCE(t.author_id::text, ''), t.author_name, t.pinned, t.locked, to_char(t.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"'), to_char(t.updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"'), (extract(epoch FROM t.updated_at) * 1000000)::bigint, t.comment_count, COALESCE(t.base_ref, ''), COALESCE(t.merge_commit_id, '')"
# pgbench reads every :word as a variable, so the times' colons come from chr(58): the same
# formatting, one replace() more per column than the service runs.
pg_times() { sed -E "s/(to_char\([^)]*'YYYY-MM-DD\"T\"HH24):MI:SS\.MS\"Z\"'\)/replace(\1#MI#SS.MS\"Z\"'), '#', chr(58))/g"; }
COLUMNS_SQL=$(echo "$COLUMNS_SQL" | pg_times)
# The counters in one statement, as thread_store.cpp's count_list asks them.
COUNTS_SQL="SELECT COALESCE(sum(n) FILTER (WHERE true AND true), 0)::bigint, COALESCE(sum(n) FILTER (WHERE true AND status = 'closed'), 0)::bigint FROM discussions.thread_counts WHERE repo_id = :repo::uuid;"
cat >"$work/page0.sql" <<SQL
$COUNTS_SQL
SELECT $COLUMNS_SQL FROM discussions.threads t WHERE t.repo_id = :repo::uuid ORDER BY t.num DESC LIMIT 51;
SQL
cat >"$work/page500.sql" <<SQL
$COUNTS_SQL
SELECT $COLUMNS_SQL FROM discussions.threads t WHERE t.repo_id = :repo::uuid ORDER BY t.num DESC LIMIT 51 OFFSET 25000;
SQL
cat >"$work/cursor500.sql" <<SQL
$COUNTS_SQL
SELECT $COLUMNS_SQL FROM discussions.threads t WHERE t.repo_id = :repo::uuid AND t.num < :after ORDER BY t.num DESC LIMIT 51;
SQL
cat >"$work/details.sql" <<SQL
BEGIN;
SELECT $COLUMNS_SQL FROM discussions.threads t WHERE t.repo_id = :repo::uuid AND t.num = :long;
SELECT id::text, repo_id::text, num, seq, type, COALESCE(author_id::text, ''), author_name, replace(to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24#MI#SS.MS"Z"'), '#', chr(58)), data::text, hidden FROM discussions.thread_events WHERE repo_id = :repo::uuid AND num = :long AND seq > 0 ORDER BY seq LIMIT 101;
SELECT comment_id::text, raw, html, author_name, replace(to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24#MI#SS.MS"Z"'), '#', chr(58)) FROM discussions.comment_versions WHERE comment_id IN (SELECT id FROM discussions.thread_events WHERE repo_id = :repo::uuid AND num = :long ORDER BY seq LIMIT 101) ORDER BY comment_id, version;
SELECT comment_id::text, emoji, user_name FROM discussions.comment_reactions WHERE comment_id IN (SELECT id FROM discussions.thread_events WHERE repo_id = :repo::uuid AND num = :long ORDER BY seq LIMIT 101) ORDER BY comment_id, emoji, created_at, user_name;
COMMIT;
SQL
SEARCH_WHERE="t.repo_id = :repo::uuid AND (t.title_search @@ plainto_tsquery('english', 'quantization') OR t.num IN (SELECT e.num FROM discussions.thread_events e WHERE e.repo_id = :repo::uuid AND e.search @@ plainto_tsquery('english', 'quantization')))"
cat >"$work/search.sql" <<SQL
$COUNTS_SQL
SELECT count(*) FROM discussions.threads t WHERE $SEARCH_WHERE;
SELECT $COLUMNS_SQL FROM discussions.threads t WHERE $SEARCH_WHERE ORDER BY t.num DESC LIMIT 51;
SQL
cat >"$work/comment.sql" <<SQL
BEGIN;
SELECT $COLUMNS_SQL FROM discussions.threads t WHERE t.repo_id = :repo::uuid AND t.num = 1 FOR UPDATE;
INSERT INTO discussions.thread_events (id, repo_id, num, type, author_id, author_name, data, search) VALUES (gen_random_uuid(), :repo::uuid, 1, 'comment', :user::uuid, :name, '{}', to_tsvector('english', 'A comment from the benchmark, mentioning nobody.')) RETURNING seq;
INSERT INTO discussions.comment_versions (comment_id, version, raw, html, author_id, author_name) SELECT id, 1, 'bench', '<p>bench</p>', :user::uuid, :name FROM discussions.thread_events WHERE repo_id = :repo::uuid AND num = 1 ORDER BY seq DESC LIMIT 1;
UPDATE discussions.threads SET updated_at = now(), comment_count = comment_count + 1 WHERE repo_id = :repo::uuid AND num = 1;
INSERT INTO discussions.outbox (event_id, type, payload) VALUES (gen_random_uuid(), 'discussion.comment.created', '{}');
COMMIT;
SQL
cat >"$work/comment.lua" <<'LUA'
wrk.method = "POST"
wrk.body = '{"comment":"A comment from the benchmark, mentioning nobody."}'
wrk.headers["Content-Type"] = "application/json"
LUA

printf 'discussions at size: %s threads, a thread of %s comments; %s connections (gateway) and %s clients (pgbench), %s s each\n' \
  "$THREADS" "$COMMENTS" "$CONNECTIONS" "$POOL" "$DURATION"
printf '  %-22s %12s %10s %14s %10s %8s\n' "" "gateway r/s" "p99 ms" "pgbench tx/s" "p99 ms" "ratio"
declare -A p99s
measure() {  # measure <label> <url> <sql> [lua]
  local gw pg
  gw=$(wrk_run "$2" "${4:-}")
  pg=$(pg_run "$3")
  p99s[$1]=$(echo "$gw" | awk '{print $2}')
  echo "$gw $pg" | awk -v l="$1" '{printf "  %-22s %12.0f %10.2f %14.0f %10.2f %8.2f\n", l, $1, $2, $3, $4, ($3 > 0 ? $1 / $3 : 0)}'
}
measure "list, page 0" "$api?p=0" "$work/page0.sql"
measure "list, page 500 (p)" "$api?p=500" "$work/page500.sql"
measure "list, page 500 (cursor)" "$cursor_page" "$work/cursor500.sql"
measure "details (long thread)" "$api/$long" "$work/details.sql"
measure "search q=" "$api?q=quantization" "$work/search.sql"
measure "post a comment" "$api/1/comment" "$work/comment.sql" "$work/comment.lua"
awk -v a="${p99s[list, page 0]}" -v b="${p99s[list, page 500 (cursor)]}" 'BEGIN {
  printf "  cursor page 500 vs page 0 (p99): %.2f ms vs %.2f ms, ratio %.2f (target <= 1.5); reads target >= 0.5x pgbench\n", b, a, (a > 0 ? b / a : 0) }'
