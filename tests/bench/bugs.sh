#!/usr/bin/env bash
# Bug reports at size (Release build, the throwaway stack of ./hub bench). One repo with 50,000
# reports seeded straight into the database: the list's first page, filtered by label, by severity
# and by both, and a full-text search. A second repo with 1,000 commits on main (pushed once through
# the gateway) and 5,000 reports pinned to commits spread over that history, a third of them fixed
# in a later commit: the known bugs of the head commit and of the commit in the middle. Through the
# gateway, with a token, at a fixed number of connections; next to each, pgbench running the same
# statements the service runs for one request, on the same database (-M prepared, as many clients as
# the service's pool, same duration).
# Figures, not pass/fail. Target: reads >= 0.5x the pgbench rate.
set -euo pipefail
: "${HUB_TEST_GATEWAY:?run through ./hub bench}" "${HUB_TEST_PG_ADMIN_URL:?run through ./hub bench}"
GW="http://$HUB_TEST_GATEWAY"
DURATION=${HUB_BENCH_SECONDS:-5}
CONNECTIONS=${HUB_BENCH_CONNECTIONS:-8}
POOL=${HUB_DB_POOL_SIZE:-8}
REPORTS=${HUB_BENCH_REPORTS:-50000}
COMMITS=${HUB_BENCH_COMMITS:-1000}
KNOWN=${HUB_BENCH_KNOWN_REPORTS:-5000}
DB="${HUB_TEST_PG_ADMIN_URL%/*}/hub"
work=$(mktemp -d /tmp/hub-bench-bugs.XXXXXX)
trap 'rm -rf "$work"' EXIT
trap 'echo "bugs.sh: failed at line $LINENO" >&2' ERR
json() { python3 -c "import json,sys; d=json.load(sys.stdin); print(eval('d' + sys.argv[1]))" "$1"; }
# nums <url>: the numbers of the reports on that page, as the array literal the service binds.
nums() {
  curl -sf "$1" "${auth[@]}" | python3 -c "import json,sys; print('{' + ','.join(str(b['num']) for b in json.load(sys.stdin)['bugs']) + '}')"
}

# An account, a token and two public repos: the tracker and the one with a history.
# shellcheck source=SCRIPTDIR/lib/bench.sh
. "$(dirname "$0")/lib/bench.sh"
bench_account "$GW" tracker
curl -sf "$GW/api/repos/create" "${auth[@]}" -H 'Content-Type: application/json' \
  -d '{"name":"known","type":"model"}' >/dev/null
api="$GW/api/models/$name/tracker/bugs"
known_api="$GW/api/models/$name/known"
repo_id=$(curl -sf "$GW/api/models/$name/tracker" "${auth[@]}" | json "['_id']")
known_id=$(curl -sf "$known_api" "${auth[@]}" | json "['_id']")
user_id=$(curl -sf "$GW/api/whoami-v2" "${auth[@]}" | json "['id']")

# The tracker's seed: reports newest last, statuses by n % 6 (no duplicates), severity by n % 4,
# titles on five subjects; label gpu on every 7th, regression on every 11th, needs-repro on every
# 3rd; assigned to the account every 13th; the counters, repos' #N sequence moved past them;
# statistics fresh.
start=$SECONDS
psql -q -v ON_ERROR_STOP=1 "$DB" <<SQL
BEGIN;
INSERT INTO bugs.reports (repo_id, num, title, body, body_html, status, severity, severity_rank, author_id,
                          author_name, env_library, env_version, env_hardware, search, created_at, updated_at)
SELECT '$repo_id', n, t.title, t.body, '<p>' || t.body || '</p>',
       (ARRAY['open', 'triaged', 'in_progress', 'resolved', 'closed', 'wontfix'])[1 + n % 6],
       (ARRAY['critical', 'high', 'medium', 'low'])[1 + n % 4], n % 4, '$user_id', '$name',
       'transformers', '4.44.0', (ARRAY['A100 80GB', 'T4', 'CPU'])[1 + n % 3],
       setweight(to_tsvector('english', t.title), 'A') || setweight(to_tsvector('english', t.body), 'B'),
       now() - (($REPORTS - n) * interval '1 minute'), now() - (($REPORTS - n) * interval '1 minute')
FROM generate_series(1, $REPORTS) AS n,
     LATERAL (SELECT 'Report ' || n || ': ' ||
                     (ARRAY['NaN loss on long inputs', 'tokenizer drops special tokens', 'quantization breaks the weights',
                            'license file missing', 'safetensors shard fails to load'])[1 + n % 5] AS title,
                     'Seen on input ' || n || ' with batch size ' || (1 + n % 64) || '.' AS body) t;
INSERT INTO bugs.status_counts (repo_id, status, n)
SELECT repo_id, status, count(*) FROM bugs.reports WHERE repo_id = '$repo_id' GROUP BY repo_id, status;
INSERT INTO bugs.labels (repo_id, name, color) VALUES ('$repo_id', 'gpu', '#0e8a16'), ('$repo_id', 'regression', '#d73a4a'),
                                                      ('$repo_id', 'needs-repro', '#fbca04');
INSERT INTO bugs.report_labels (repo_id, num, label_id)
SELECT '$repo_id', n, l.id FROM bugs.labels l, LATERAL (VALUES ('gpu', 7), ('regression', 11), ('needs-repro', 3)) AS k(name, every),
       generate_series(k.every, $REPORTS, k.every) AS n
WHERE l.repo_id = '$repo_id' AND l.name = k.name;
INSERT INTO bugs.assignees (repo_id, num, user_id, user_name, assigned_by)
SELECT '$repo_id', n, '$user_id', '$name', 'seed' FROM generate_series(13, $REPORTS, 13) AS n;
UPDATE repos.repos SET last_num = $REPORTS WHERE id = '$repo_id';
COMMIT;
SQL
echo "seeded $REPORTS reports in $((SECONDS - start)) s"

# The history: $COMMITS commits on main, built locally with git fast-import and pushed once through
# the gateway (replacing the repo's first commit).
start=$SECONDS
src="$work/src"
git init -q -b main "$src"
(cd "$src" && for i in $(seq 1 "$COMMITS"); do
  msg="commit $i"
  content="revision $i"
  printf 'commit refs/heads/main\ncommitter b <b@example.com> %d +0000\ndata %d\n%s\n' "$((1700000000 + i))" "${#msg}" "$msg"
  printf 'M 100644 inline notes.txt\ndata %d\n%s\n' "${#content}" "$content"
done | git fast-import --quiet)
GIT_LFS_SKIP_PUSH=1 git -C "$src" push -q --force "http://$name:$token@$HUB_TEST_GATEWAY/$name/known" main:main
git -C "$src" rev-list --reverse main | awk '{print NR "\t" $1}' >"$work/commits.tsv"
head_sha=$(awk -v n="$COMMITS" '$1 == n {print $2}' "$work/commits.tsv")
mid_sha=$(awk -v n="$((COMMITS / 2))" '$1 == n {print $2}' "$work/commits.tsv")
[ "$(curl -sf "$known_api/revision/main" "${auth[@]}" | json "['sha']")" = "$head_sha" ]

# Its reports, filed in the order of the history: report n affects commit 1 + (n-1)*C/K; every
# third is fixed in a later commit (resolved or closed), the others are open, triaged, in progress
# or wontfix. Then every table ANALYZEd.
psql -q -v ON_ERROR_STOP=1 "$DB" <<SQL
CREATE TEMP TABLE commits (pos int PRIMARY KEY, sha text NOT NULL);
\copy commits FROM '$work/commits.tsv'
BEGIN;
INSERT INTO bugs.reports (repo_id, num, title, body, body_html, status, severity, severity_rank, author_id,
                          author_name, affected_sha, fixed_in, search, created_at, updated_at)
SELECT '$known_id', n, 'Known bug ' || n, 'Seen on commit ' || a.pos || '.', '<p>Seen on commit ' || a.pos || '.</p>',
       CASE WHEN f.sha IS NOT NULL THEN (ARRAY['resolved', 'closed'])[1 + (n / 3) % 2]
            ELSE (ARRAY['open', 'triaged', 'in_progress', 'wontfix'])[1 + n % 4] END,
       (ARRAY['critical', 'high', 'medium', 'low'])[1 + n % 4], n % 4, '$user_id', '$name', a.sha, f.sha,
       to_tsvector('english', 'Known bug ' || n), now() - (($KNOWN - n) * interval '1 minute'),
       now() - (($KNOWN - n) * interval '1 minute')
FROM generate_series(1, $KNOWN) AS n
JOIN commits a ON a.pos = 1 + (n - 1)::bigint * $COMMITS / $KNOWN
LEFT JOIN commits f ON n % 3 = 0 AND a.pos < $COMMITS AND f.pos = a.pos + 1 + (n * 7919) % NULLIF($COMMITS - a.pos, 0);
INSERT INTO bugs.status_counts (repo_id, status, n)
SELECT repo_id, status, count(*) FROM bugs.reports WHERE repo_id = '$known_id' GROUP BY repo_id, status;
UPDATE repos.repos SET last_num = $KNOWN WHERE id = '$known_id';
COMMIT;
ANALYZE bugs.reports;
ANALYZE bugs.labels;
ANALYZE bugs.report_labels;
ANALYZE bugs.assignees;
ANALYZE bugs.status_counts;
SQL
echo "pushed $COMMITS commits and seeded $KNOWN reports on them in $((SECONDS - start)) s"

# The first ask of a revision's known bugs asks repos about every commit the reports name (one HTTP
# call per 1,000) and keeps the answers in bugs.ancestry; every later ask reads them from there. Warm
# both revisions, timing that first ask, then ANALYZE the kept pairs.
cold=""
for sha in "$head_sha" "$mid_sha"; do
  t=$(curl -sf -o /dev/null -w '%{time_total}' "$known_api/revision/$sha/known-bugs" "${auth[@]}")
  cold="$cold $t"
done
psql -q -v ON_ERROR_STOP=1 "$DB" -c "ANALYZE bugs.ancestry"

# What one request binds, as the service computes it: the numbers on each page (for the labels,
# assignees and pull requests).
known_statuses='{open,triaged,in_progress,resolved}'
nums_page0=$(nums "$api")
nums_label=$(nums "$api?label=gpu")
nums_severity=$(nums "$api?severity=critical,high")
nums_both=$(nums "$api?label=gpu&severity=critical")
nums_search=$(nums "$api?q=quantization")
nums_head=$(nums "$known_api/revision/$head_sha/known-bugs")
nums_mid=$(nums "$known_api/revision/$mid_sha/known-bugs")
# Each page is what the pgbench script's list statement reads (the known bugs checked against the
# ancestry repos answered), and none is empty.
page_of() {  # page_of <repo id> <conditions>: the numbers of the first page, as the list statement reads them
  psql -qAt -v ON_ERROR_STOP=1 "$DB" -c "SELECT '{' || COALESCE(string_agg(num::text, ',' ORDER BY num DESC), '') || '}'
    FROM (SELECT r.num FROM bugs.reports r WHERE r.repo_id = '$1'$2 ORDER BY r.num DESC LIMIT 50) p"
}
history() {  # history <sha>: the commit and its ancestors among the named ones, as bugs.ancestry keeps them
  echo "(SELECT '$1'::text UNION ALL SELECT a.ancestor FROM bugs.ancestry a WHERE a.repo_id = '$known_id' AND a.descendant = '$1' AND a.is_ancestor)"
}
for pair in "$nums_head|$head_sha" "$nums_mid|$mid_sha"; do
  got=${pair%%|*} sha=${pair#*|}
  expected=$(page_of "$known_id" " AND r.status = ANY('$known_statuses') AND r.affected_sha IN $(history "$sha") AND (r.fixed_in IS NULL OR r.fixed_in NOT IN $(history "$sha"))")
  if [ "$got" != "$expected" ] || [ "$expected" = "{}" ]; then
    echo "known-bugs answered ${got:0:60}…, the list statement reads ${expected:0:60}…" >&2
    exit 1
  fi
done

# pg_run <script> [-D name=value…]: "transactions_per_s p99_ms" of pgbench running the script.
pg_run() {
  local script=$1 out tps p99
  shift
  out=$(pgbench -n -M prepared -c "$POOL" -j 2 -T "$DURATION" -r -D repo="$repo_id" -D krepo="$known_id" \
    -D limit=51 "$@" -f "$script" --log --log-prefix="$work/pglog" "$DB" 2>&1)
  tps=$(echo "$out" | awk '/^tps/ {print $3}')
  if [ -z "$tps" ]; then
    echo "  pgbench failed on $(basename "$script"): $(echo "$out" | grep -i -m3 'error')" >&2
    echo "0 0"
    return
  fi
  p99=$(cat "$work"/pglog* | awk '{print $3}' | sort -n | awk '{a[NR]=$1} END {printf "%.2f", a[int(NR*0.99)]/1000}')
  rm -f "$work"/pglog*
  echo "$tps $p99"
}

# The statements of one request (services/bugs/store/report_store.cpp and repo_store.cpp, in the
# order app/reports.cpp and app/known_bugs.cpp run them), each prepared, none in a transaction
# (db::read_once): the page (one more row than it shows, LIMIT a parameter as the service binds it),
# then in one statement the counters and the labels, assignees and pull requests of the page's
# reports (kCountsAndPartsOf).
COLUMNS_SQL="r.repo_id::text, r.num, r.title, '', '', r.status, r.severity, COALESCE(r.author_id::text, ''), r.author_name, COALESCE(r.affected_sha, ''), COALESCE(r.fixed_in, ''), r.duplicate_of, r.env_library, r.env_version, r.env_hardware, '', to_char(r.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"'), to_char(r.updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"'), (extract(epoch FROM r.updated_at) * 1000000)::bigint, r.comment_count"
# pgbench reads every :word as a variable, so the times' colons come from chr(58): the same
# formatting, one replace() more per column than the service runs.
pg_times() { sed -E "s/(to_char\([^)]*'YYYY-MM-DD\"T\"HH24):MI:SS\.MS\"Z\"'\)/replace(\1#MI#SS.MS\"Z\"'), '#', chr(58))/g"; }
COLUMNS_SQL=$(echo "$COLUMNS_SQL" | pg_times)
# page_sql <repo var> <nums var> <conditions after the repo's>: one list request's statements.
page_sql() {
  cat <<SQL
SELECT $COLUMNS_SQL FROM bugs.reports r WHERE r.repo_id = :$1::uuid$3 ORDER BY r.num DESC LIMIT :limit::bigint;
SELECT 0 AS kind, NULL::bigint AS num, n AS c1, status AS c2, NULL AS c3, NULL AS c4, NULL::timestamptz AS k0, NULL AS k1 FROM bugs.status_counts WHERE repo_id = :$1::uuid UNION ALL SELECT 1 AS kind, rl.num, l.id AS c1, l.name AS c2, l.color AS c3, l.description AS c4, NULL::timestamptz AS k0, lower(l.name) AS k1 FROM bugs.report_labels rl JOIN bugs.labels l ON l.id = rl.label_id WHERE rl.repo_id = :$1::uuid AND rl.num = ANY(:$2::bigint[]) UNION ALL SELECT 2, num, NULL, user_id::text, user_name, NULL, assigned_at, user_name FROM bugs.assignees WHERE repo_id = :$1::uuid AND num = ANY(:$2::bigint[]) UNION ALL SELECT 3, num, pull_num, merge_commit, NULL, NULL, linked_at, NULL FROM bugs.report_pulls WHERE repo_id = :$1::uuid AND num = ANY(:$2::bigint[]) ORDER BY kind, num, k0, k1, c1;
SQL
}
LABEL=" AND EXISTS (SELECT 1 FROM bugs.report_labels rl JOIN bugs.labels l ON l.id = rl.label_id WHERE rl.repo_id = r.repo_id AND rl.num = r.num AND lower(l.name) = lower(:label))"
SEVERITY=" AND r.severity_rank = ANY(:severity::smallint[])"
page_sql repo nums "" >"$work/page0.sql"
page_sql repo nums "$LABEL" >"$work/label.sql"
page_sql repo nums "$SEVERITY" >"$work/severity.sql"
page_sql repo nums "$SEVERITY$LABEL" >"$work/both.sql"
page_sql repo nums " AND r.search @@ plainto_tsquery('english', :q)" >"$work/search.sql"
# known-bugs of a full sha on a warm cache: the sha is one bugs.ancestry vouches for (no call to
# resolve it); the named commits whose ancestry to it is not kept yet (none: no call to repos, no
# write); then the list with the known statuses, its affected commit in the revision's history and
# its fixing one not. On a cold cache the service also asks repos (one call per 1,000 named
# commits) and writes the answers to bugs.ancestry: that part pgbench cannot run (the first ask's
# time is printed apart).
HISTORY="(SELECT :sha::text UNION ALL SELECT a.ancestor FROM bugs.ancestry a WHERE a.repo_id = :krepo::uuid AND a.descendant = :sha AND a.is_ancestor)"
{
  cat <<SQL
SELECT 1 FROM bugs.ancestry WHERE repo_id = :krepo::uuid AND descendant = :sha LIMIT 1;
SELECT c.sha FROM (SELECT affected_sha AS sha FROM bugs.reports WHERE repo_id = :krepo::uuid AND affected_sha IS NOT NULL UNION SELECT fixed_in FROM bugs.reports WHERE repo_id = :krepo::uuid AND fixed_in IS NOT NULL) c WHERE c.sha <> :sha AND NOT EXISTS (SELECT 1 FROM bugs.ancestry a WHERE a.repo_id = :krepo::uuid AND a.descendant = :sha AND a.ancestor = c.sha);
SQL
  page_sql krepo nums " AND r.status = ANY(:statuses::text[]) AND r.affected_sha IN $HISTORY AND (r.fixed_in IS NULL OR r.fixed_in NOT IN $HISTORY)"
} >"$work/known.sql"

printf 'bugs at size: %s reports; known-bugs on %s commits and %s reports; %s connections (gateway) and %s clients (pgbench), %s s each\n' \
  "$REPORTS" "$COMMITS" "$KNOWN" "$CONNECTIONS" "$POOL" "$DURATION"
printf '  %-26s %12s %10s %14s %10s %8s\n' "" "gateway r/s" "p99 ms" "pgbench tx/s" "p99 ms" "ratio"
measure() {  # measure <label> <url> <sql> [-D name=value…]
  local label=$1 url=$2 sql=$3 gw pg
  shift 3
  gw=$(wrk_run "$url")
  pg=$(pg_run "$sql" "$@")
  echo "$gw $pg" | awk -v l="$label" '{printf "  %-26s %12.0f %10.2f %14.0f %10.2f %8.2f\n", l, $1, $2, $3, $4, ($3 > 0 ? $1 / $3 : 0)}'
}
measure "list, page 0" "$api" "$work/page0.sql" -D nums="$nums_page0"
measure "label=gpu" "$api?label=gpu" "$work/label.sql" -D label=gpu -D nums="$nums_label"
measure "severity=critical,high" "$api?severity=critical,high" "$work/severity.sql" \
  -D severity='{0,1}' -D nums="$nums_severity"
measure "label=gpu&severity=critical" "$api?label=gpu&severity=critical" "$work/both.sql" \
  -D severity='{0}' -D label=gpu -D nums="$nums_both"
measure "search q=quantization" "$api?q=quantization" "$work/search.sql" -D q=quantization -D nums="$nums_search"
measure "known-bugs, head commit" "$known_api/revision/$head_sha/known-bugs" "$work/known.sql" \
  -D sha="$head_sha" -D statuses="$known_statuses" -D nums="$nums_head"
measure "known-bugs, middle commit" "$known_api/revision/$mid_sha/known-bugs" "$work/known.sql" \
  -D sha="$mid_sha" -D statuses="$known_statuses" -D nums="$nums_mid"
# shellcheck disable=SC2086 # two times, split on purpose
printf '  known-bugs first ask (cold cache, one call to repos per 1,000 named commits): %.2f s head, %.2f s middle\n' $cold
echo "  target: reads >= 0.5x the pgbench rate"
