#!/usr/bin/env bash
# Pull requests at size (Release build, the throwaway stack of ./hub bench), through the gateway
# with a session, each figure the median and max of HUB_BENCH_RUNS runs (every run printed):
#  (a) the model-aware diff of a pull request touching every shard of a sharded model: 50 shards
#      of 2 GiB a side (HUB_BENCH_SHARDS, HUB_BENCH_SHARD_GIB), sparse files whose header is real
#      and whose data is holes but for a few bytes a tensor, imported with `hub-repos admin
#      import-lfs` so they stay sparse (hashed whole and per tensor as an upload is: the seeding
#      time is printed, and the disk used against the apparent size). The head side changes a
#      dtype or renames a tensor in two shards of three, and some tensor's bytes in every shard.
#      Timed: the first page of the files (it carries the model diff), and the bytes the repos and
#      pulls processes read meanwhile (/proc/<pid>/io) next to the headers' total size;
#  (b) the text diff of a pull request changing 1,000 small files: the first page of files
#      (limit=100), and one file's diff;
#  (c) mergeability on a main protected by a required status check and a metric gate, with 1,000
#      statuses on the pull request's head and the gate's on the base.
# Figures, not pass/fail. The issue's bound: what a model diff reads stays at the headers' size.
set -euo pipefail
: "${HUB_TEST_GATEWAY:?run through ./hub bench}" "${HUB_TEST_PG_ADMIN_URL:?run through ./hub bench}"
: "${HUB_TEST_DATA_DIR:?run through ./hub bench}" "${HUB_BIN:?run through ./hub bench}"
GW="http://$HUB_TEST_GATEWAY"
RUNS=${HUB_BENCH_RUNS:-5}
SHARDS=${HUB_BENCH_SHARDS:-50}
SHARD_GIB=${HUB_BENCH_SHARD_GIB:-2}
FILES=${HUB_BENCH_FILES:-1000}
STATUSES=${HUB_BENCH_STATUSES:-1000}
DB="${HUB_TEST_PG_ADMIN_URL%/*}/hub"
work=$(mktemp -d /tmp/hub-bench-pulls.XXXXXX)
trap 'rm -rf "$work"' EXIT
trap 'echo "pulls.sh: failed at line $LINENO" >&2' ERR
# shellcheck source=lib/bench.sh
. "$(dirname "$0")/lib/bench.sh"
json() { python3 -c "import json,sys; d=json.load(sys.stdin); print(eval('d' + sys.argv[1]))" "$1"; }
pid_of() { awk -v n="$1" '$1 == n {print $2}' "${HUB_TEST_PIDFILE:?}"; }
now() { date +%s.%N; }
since() { awk -v s="$1" -v e="$(now)" 'BEGIN {printf "%.1f", e - s}'; }
mib() { awk -v b="$1" 'BEGIN {printf "%.1f MiB", b / 1048576}'; }
gib() { awk -v b="$1" 'BEGIN {printf "%.2f GiB", b / 1073741824}'; }

bench_account "$GW" weights
repos_pid=$(pid_of repos)
pulls_pid=$(pid_of pulls)

# commit <repo> <revision, with ?create_pr=1 for a pull request> <NDJSON file>: the answer.
commit() {
  curl -sf "$GW/api/models/$1/commit/$2" "${auth[@]}" -H 'Content-Type: application/x-ndjson' --data-binary "@$3"
}
# pull_number <commit answer>
pull_number() { json "['pullRequestUrl']" | sed 's|.*/||'; }

# timed <label> <url> [io]: RUNS runs, the first one cold; prints the times in order (and, with
# io, what the repos and pulls processes read during each run).
timed() {
  local label=$1 url=$2 io=${3:-} t times=() reads=() before after
  for _ in $(seq 1 "$RUNS"); do
    [ -n "$io" ] && before=$(io_now)
    t=$(curl -sf -o "$work/answer.json" -w '%{time_total}' "$url" "${auth[@]}")
    [ -n "$io" ] && { after=$(io_now); reads+=("$(echo "$before $after" | awk '{printf "%.0f %.0f %.0f %.0f\n", $5 - $1, $6 - $2, $7 - $3, $8 - $4}')"); }
    times+=("$(awk -v t="$t" 'BEGIN {printf "%.1f", t * 1000}')")
  done
  printf '  %-34s median %8s ms   max %8s ms   (runs: %s ms)\n' "$label" \
    "$(printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')" \
    "$(printf '%s\n' "${times[@]}" | sort -n | tail -1)" "${times[*]}"
  if [ -n "$io" ]; then
    printf '%s\n' "${reads[@]}" | awk '{printf "    run %d read: repos rchar %.0f B, read_bytes %.0f B; pulls rchar %.0f B, read_bytes %.0f B\n", NR, $1, $2, $3, $4}'
    most_read=$(printf '%s\n' "${reads[@]}" | awk '{r = $1 + $3; b = $2 + $4; if (r > mr) mr = r; if (b > mb) mb = b}
      END {printf "%.0f %.0f", mr, mb}')
    printf '    most read in a run (repos + pulls): rchar %s B, read_bytes %s B\n' "${most_read% *}" "${most_read#* }"
  fi
}
# rchar and read_bytes of repos, then of pulls. rchar counts read() and pread() of files and pipes
# (not socket receives); read_bytes what reached the block device.
io_now() {
  awk '/^rchar/ {r=$2} /^read_bytes/ {b=$2} END {printf "%s %s ", r, b}' "/proc/$repos_pid/io"
  awk '/^rchar/ {r=$2} /^read_bytes/ {b=$2} END {printf "%s %s\n", r, b}' "/proc/$pulls_pid/io"
}

# ---- (a) the model-aware diff of a pull request touching every shard ----
cat >"$work/shards.py" <<'PY'
# shards.py <base|head> <shards> <bytes a shard> <folder>: the shards and their index. Each shard is
# a header of 4096 bytes (JSON padded with spaces) naming 8 BF16 tensors of [rows, 4096] that fill
# the data section; each tensor's first block holds its own name (so no two hash alike and a
# renamed tensor is found by its bytes), the rest is a hole. The head side: in shard i, for i % 3
# == 0 the first tensor is F16, for i % 3 == 1 the second is renamed, and in every shard the
# seventh has a few bytes more.
import json, os, struct, sys
side, shards, size, folder = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
HEADER, COLS, KINDS = 4096, 4096, ["self_attn.q_proj", "self_attn.k_proj", "self_attn.v_proj", "self_attn.o_proj",
                                   "mlp.gate_proj", "mlp.up_proj", "mlp.down_proj", "mlp.extra_proj"]
rows = (size - HEADER) // len(KINDS) // (COLS * 2)
assert rows > 0, "a shard this small holds no tensor"
tensor_bytes = rows * COLS * 2
os.makedirs(folder, exist_ok=True)
weight_map, total = {}, 0
for i in range(1, shards + 1):
    file = "model-%05d-of-%05d.safetensors" % (i, shards)
    header, marks = {"__metadata__": {"format": "pt"}}, []
    for j, kind in enumerate(KINDS):
        name = "model.layers.%d.%s.weight" % (i, kind)
        begin = j * tensor_bytes
        marks.append((HEADER + begin, ("tensor %s of the benchmark" % name).encode()))
        dtype = "BF16"
        if side == "head":
            if i % 3 == 0 and j == 0:
                dtype = "F16"
            if i % 3 == 1 and j == 1:
                name = name.replace("k_proj", "key_proj")
            if j == 6:
                marks.append((HEADER + begin + tensor_bytes // 2 // 4096 * 4096, b"changed on the head side"))
        header[name] = {"dtype": dtype, "shape": [rows, COLS], "data_offsets": [begin, begin + tensor_bytes]}
        weight_map[name] = file
        total += tensor_bytes
    text = json.dumps(header, separators=(",", ":")).encode()
    assert len(text) <= HEADER - 8
    with open(os.path.join(folder, file), "wb") as f:
        f.write(struct.pack("<Q", HEADER - 8) + text.ljust(HEADER - 8, b" "))
        for offset, mark in marks:
            f.seek(offset)
            f.write(mark)
        f.truncate(size)
with open(os.path.join(folder, "model.safetensors.index.json"), "w") as f:
    json.dump({"metadata": {"total_size": total}, "weight_map": weight_map}, f, indent=2, sort_keys=True)
PY
cat >"$work/lfs_commit.py" <<'PY'
# lfs_commit.py <summary> <import-lfs output> <index file>: the NDJSON commit of the imported files
# (by their names) and the index.
import base64, json, os, sys
summary, imported, index = sys.argv[1:4]
print(json.dumps({"key": "header", "value": {"summary": summary}}))
for line in open(imported):
    words = line.split(" ")
    if words[0] == "imported" and len(words[1]) == 64:
        path = os.path.basename(words[3].rstrip(":"))
        print(json.dumps({"key": "lfsFile", "value": {"path": path, "algo": "sha256", "oid": words[1], "size": int(words[2])}}))
content = base64.b64encode(open(index, "rb").read()).decode()
print(json.dumps({"key": "file", "value": {"path": "model.safetensors.index.json", "content": content, "encoding": "base64"}}))
PY
# (awk's %d stops at 2^31 - 1 in mawk: %.0f for byte counts.)
shard_bytes=$(awk -v g="$SHARD_GIB" 'BEGIN {printf "%.0f", g * 1073741824}')
import_lfs() {  # import_lfs <repo> <file>...
  HUB_PG_URL="$DB" HUB_DATA_DIR="$HUB_TEST_DATA_DIR" "$HUB_BIN/hub-repos" admin import-lfs "$@"
}
model="$name/weights"
start=$(now)
python3 "$work/shards.py" base "$SHARDS" "$shard_bytes" "$work/base"
python3 "$work/shards.py" head "$SHARDS" "$shard_bytes" "$work/head"
made=$(since "$start")
lfs_before=$(du -s --block-size=1 "$HUB_TEST_DATA_DIR/lfs" | cut -f1)
start=$(now)
import_lfs "$model" "$work"/base/*.safetensors >"$work/base.imported"
import_lfs "$model" "$work"/head/*.safetensors >"$work/head.imported"
seeded=$(since "$start")
python3 "$work/lfs_commit.py" "$SHARDS shards" "$work/base.imported" "$work/base/model.safetensors.index.json" >"$work/base.ndjson"
python3 "$work/lfs_commit.py" "Every shard touched" "$work/head.imported" "$work/head/model.safetensors.index.json" >"$work/head.ndjson"
commit "$model" main "$work/base.ndjson" >/dev/null
model_pull=$(commit "$model" "main?create_pr=1" "$work/head.ndjson" | pull_number)

apparent=$(du -s --apparent-size --block-size=1 "$HUB_TEST_DATA_DIR/lfs" | cut -f1)
disk=$(du -s --block-size=1 "$HUB_TEST_DATA_DIR/lfs" | cut -f1)
sources_apparent=$(du -s --apparent-size --block-size=1 "$work/base" "$work/head" | awk '{s += $1} END {print s}')
sources_disk=$(du -s --block-size=1 "$work/base" "$work/head" | awk '{s += $1} END {print s}')
headers=$((2 * SHARDS * 4096))
files=$((2 * SHARDS))
printf 'pull requests at size: %s runs each (the first one cold), through the gateway\n' "$RUNS"
printf '(a) model-aware diff: %s shards of %s a side (%s apparent in all), %s tensors a shard\n' \
  "$SHARDS" "$(gib "$shard_bytes")" "$(gib $((files * shard_bytes)))" 8
printf '  made the sparse shards in %s s; imported %s files in %s s (%s/s hashed whole and per tensor; %s s a file)\n' \
  "$made" "$files" "$seeded" "$(gib "$(awk -v b=$((files * shard_bytes)) -v s="$seeded" 'BEGIN {printf "%.0f", b / s}')")" \
  "$(awk -v s="$seeded" -v n="$files" 'BEGIN {printf "%.2f", s / n}')"
printf '  LFS store: %s on disk for %s apparent (%s on disk before); the shards made here: %s on disk for %s apparent\n' \
  "$(mib "$disk")" "$(gib "$apparent")" "$(mib "$lfs_before")" "$(mib "$sources_disk")" "$(gib "$sources_apparent")"
printf '  du -sh of the LFS store: %s; with --apparent-size: %s\n' \
  "$(du -sh "$HUB_TEST_DATA_DIR/lfs" | cut -f1)" "$(du -sh --apparent-size "$HUB_TEST_DATA_DIR/lfs" | cut -f1)"
timed "files, first page (model diff)" "$GW/api/models/$model/discussions/$model_pull/files" io
python3 - "$work/answer.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
m = d["model"]["models"][0]
counts = ", ".join("%s %d" % (k, len(m[k])) for k in ("dtypeChanged", "renamed", "bytesChanged", "added", "removed", "moved", "shapeChanged"))
print("    the diff: %d files; %s; complete %s; errors %d" % (len(d["files"]), counts, m["complete"], len(m.get("errors", []))))
PY
printf '    the headers of the %s shards compared: %s B; the most read in a run is %s times that (one shard: %s B)\n' \
  "$files" "$headers" "$(awk -v r="${most_read%% *}" -v h="$headers" 'BEGIN {printf "%.2f", r / h}')" "$shard_bytes"

# ---- (b) the text diff of a pull request changing 1,000 files ----
curl -sf "$GW/api/repos/create" "${auth[@]}" -H 'Content-Type: application/json' -d '{"name":"texts","type":"model"}' >/dev/null
cat >"$work/texts.py" <<'PY'
# texts.py <files> <base|head>: one commit of that many small text files; the head changes a line
# of each.
import base64, json, sys
files, side = int(sys.argv[1]), sys.argv[2]
print(json.dumps({"key": "header", "value": {"summary": "%d files (%s)" % (files, side)}}))
for n in range(files):
    lines = ["line %d of file %d: some prose about the model\n" % (k, n) for k in range(40)]
    if side == "head":
        lines[20] = "line 20 of file %d: changed by the pull request\n" % n
    content = base64.b64encode("".join(lines).encode()).decode()
    print(json.dumps({"key": "file", "value": {"path": "docs/d%02d/file%04d.md" % (n // 100, n), "content": content,
                                               "encoding": "base64"}}))
PY
python3 "$work/texts.py" "$FILES" base >"$work/texts-base.ndjson"
python3 "$work/texts.py" "$FILES" head >"$work/texts-head.ndjson"
commit "$name/texts" main "$work/texts-base.ndjson" >/dev/null
text_pull=$(commit "$name/texts" "main?create_pr=1" "$work/texts-head.ndjson" | pull_number)
one=$(printf 'docs/d%02d/file%04d.md' $((FILES / 2 / 100)) $((FILES / 2)))
printf '(b) text diff: a pull request changing %s files of 40 lines\n' "$FILES"
timed "files, first page (limit=100)" "$GW/api/models/$name/texts/discussions/$text_pull/files?limit=100"
printf '    the page: %s files\n' "$(json "['files'].__len__()" <"$work/answer.json")"
timed "one file's diff" "$GW/api/models/$name/texts/discussions/$text_pull/diff?path=$one"

# ---- (c) mergeability with 1,000 statuses ----
gates="$name/gates"
curl -sf "$GW/api/repos/create" "${auth[@]}" -H 'Content-Type: application/json' -d '{"name":"gates","type":"model"}' >/dev/null
printf '{"key":"header","value":{"summary":"base"}}\n{"key":"file","value":{"path":"eval.txt","content":"YmFzZQo=","encoding":"base64"}}\n' >"$work/gates-base.ndjson"
printf '{"key":"header","value":{"summary":"head"}}\n{"key":"file","value":{"path":"eval.txt","content":"aGVhZAo=","encoding":"base64"}}\n' >"$work/gates-head.ndjson"
base_sha=$(commit "$gates" main "$work/gates-base.ndjson" | json "['commitOid']")
answer=$(commit "$gates" "main?create_pr=1" "$work/gates-head.ndjson")
gates_pull=$(echo "$answer" | pull_number)
head_sha=$(echo "$answer" | json "['commitOid']")
curl -sf -X PUT "$GW/api/models/$gates/settings/protection" "${auth[@]}" -H 'Content-Type: application/json' \
  -d '{"rules":[{"pattern":"main","requiredStatusChecks":["ci/test"],"metricGates":[{"context":"ci/eval","metric":"accuracy","direction":"higherIsBetter","maxRegression":0.01}]}]}' >/dev/null
# The statuses over one keep-alive connection: on the head, ci/test, ci/eval and the rest of the
# 1,000 in contexts of their own (one in ten reported twice, pending then success); ci/eval on the
# base.
start=$(now)
python3 - "$HUB_TEST_GATEWAY" "$token" "$gates" "$base_sha" "$head_sha" "$STATUSES" <<'PY'
import http.client, json, sys
gateway, token, repo, base, head, count = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5], int(sys.argv[6])
conn = http.client.HTTPConnection(gateway)
def post(sha, body):
    conn.request("POST", "/api/models/%s/statuses/%s" % (repo, sha), json.dumps(body),
                 {"Authorization": "Bearer " + token, "Content-Type": "application/json"})
    res = conn.getresponse()
    res.read()
    if res.status >= 300:
        sys.exit("posting a status: %d" % res.status)
post(base, {"state": "success", "context": "ci/eval", "metrics": {"accuracy": 0.81}})
post(head, {"state": "success", "context": "ci/eval", "metrics": {"accuracy": 0.805}})
post(head, {"state": "success", "context": "ci/test"})
n = 2
k = 0
while n < count:
    context = "ci/shard-%04d" % k
    if k % 10 == 0 and n + 1 < count:
        post(head, {"state": "pending", "context": context, "description": "running"})
        n += 1
    post(head, {"state": "success", "context": context, "description": "passed", "targetUrl": "http://127.0.0.1/ci/%d" % k})
    n += 1
    k += 1
PY
posted=$(since "$start")
printf '(c) mergeability: main protected by a required check and a metric gate; %s statuses on the head (posted in %s s)\n' \
  "$STATUSES" "$posted"
timed "mergeability" "$GW/api/models/$gates/discussions/$gates_pull/mergeability"
python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print('    the answer: mergeable %s, unmet gates %s' % (d['mergeable'], [u['gate'] for u in d['unmet']]))" "$work/answer.json"
