#!/usr/bin/env bash
# Captures real MISP 2.5.1 answers for the sharing-health group (issue 15) from the loopback kit
# (../shared/real-misp). Loopback only: the sync server and the feed it adds point at 127.0.0.1:9,
# where nothing listens. It removes the server and the feed it added at the end.
# Usage: scripts/real-misp-sharing-capture.sh [outdir]   (as root, kit running)
set -euo pipefail
OUT=${1:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/test/fixtures/real-misp-2.5.1/sharing}
BASE=${MISP_URL:-http://127.0.0.1:8080}
KEY=$(cat /root/misp-admin.key)
DUMMY_SYNC_KEY=agentxDummySyncKey0000000000000000000000   # 40 chars, never valid anywhere
mkdir -p "$OUT"; : > "$OUT/calls.log"

# call NAME METHOD PATH [JSON-BODY] [KEY]: saves NAME.json (body) and NAME.json.headers (status + type)
call() {
  local name=$1 method=$2 path=$3 body=${4:-} key=${5-$KEY}
  local args=(-s -S -X "$method" -D "$OUT/$name.raw-headers" -o "$OUT/$name.json"
              -H 'Accept: application/json' -w '%{http_code} %{time_total} %{size_download}\n')
  [ -n "$key" ] && args+=(-H "Authorization: $key")
  [ -n "$body" ] && args+=(-H 'Content-Type: application/json' -d "$body")
  local result; result=$(curl "${args[@]}" "$BASE$path")
  { head -1 "$OUT/$name.raw-headers" | tr -d '\r'; grep -i '^content-type:' "$OUT/$name.raw-headers" | tr -d '\r'; } > "$OUT/$name.json.headers"
  rm -f "$OUT/$name.raw-headers"
  if python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$OUT/$name.json" 2>/dev/null; then
    python3 - "$OUT/$name.json" <<'PY'
import json, sys
p = sys.argv[1]
d = json.load(open(p))
open(p, 'w').write(json.dumps(d, indent=4, ensure_ascii=False) + '\n')
PY
  fi
  echo "$name $method $path -> $result" | tee -a "$OUT/calls.log" >&2
}

# before: the kit as installed
JOB_ID_BEFORE=$(mysql -N misp -e 'SELECT COALESCE(MAX(id), 0) FROM jobs')
call before_servers_index GET /servers/index
call before_feeds_index GET /feeds/index
call before_jobs_index GET /jobs/index
call getSetting_Security_log_each_individual_auth_fail GET /servers/getSetting/Security.log_each_individual_auth_fail
call getSetting_SimpleBackgroundJobs_max_job_history_ttl GET /servers/getSetting/SimpleBackgroundJobs.max_job_history_ttl
call getSetting_no_such_setting GET /servers/getSetting/MISP.no_such_setting

# a sync server on loopback where nothing listens
call servers_add POST /servers/add "{\"name\":\"agentx sync test ÄÖ\",\"url\":\"http://127.0.0.1:9\",\"authkey\":\"$DUMMY_SYNC_KEY\",\"remote_org_id\":2,\"pull\":true,\"push\":true,\"caching_enabled\":true,\"self_signed\":false}"
SERVER_ID=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["Server"]["id"])' "$OUT/servers_add.json")
call servers_index GET /servers/index
call servers_testConnection POST /servers/testConnection/$SERVER_ID
call servers_pull_full POST /servers/pull/$SERVER_ID/full
call servers_push_full POST /servers/push/$SERVER_ID/full
call servers_cache POST /servers/cache/$SERVER_ID

sleep 8   # let the default workers run the pull, push and cache jobs
call jobs_index_after_pull_push GET /jobs/index
call jobs_index_limit_2 GET /jobs/index/limit:2
call jobs_index_limit_2_page_2 GET /jobs/index/limit:2/page:2
call jobs_index_queue_default_limit_3 GET /jobs/index/default/limit:3
call jobs_index_sort_id_asc_limit_2 GET /jobs/index/limit:2/sort:id/direction:asc
call jobs_index_job_type_filter_ignored GET /jobs/index/limit:2/job_type:pull
call logs_action_error_model_Server POST /admin/logs/index "{\"model\":\"Server\",\"model_id\":$SERVER_ID,\"action\":\"error\",\"limit\":10}"
call logs_action_pull_model_Server POST /admin/logs/index "{\"model\":\"Server\",\"model_id\":$SERVER_ID,\"action\":[\"pull\",\"push\"],\"limit\":10}"
call servers_index_after_pull GET /servers/index

# feeds: a MISP-format feed on a loopback URL where nothing listens (enabled, so fetch runs and fails),
# and a freetext feed read from a local file (caching only: caching fills redis, creates no event)
FEED_FILE=/var/tmp/misp-agentx-feed.txt
printf '198.51.100.7\n203.0.113.9\nexample.invalid\n' > "$FEED_FILE"; chmod 644 "$FEED_FILE"
call feeds_add_loopback_url POST /feeds/add '{"Feed":{"name":"agentx loopback feed","provider":"agentx ÅÉ","url":"http://127.0.0.1:9/feed","source_format":"misp","input_source":"network","enabled":true,"caching_enabled":true,"distribution":0}}'
LOOPBACK_FEED_ID=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["Feed"]["id"])' "$OUT/feeds_add_loopback_url.json")
call feeds_add_local_file POST /feeds/add "{\"Feed\":{\"name\":\"agentx local file feed\",\"provider\":\"agentx\",\"url\":\"$FEED_FILE\",\"source_format\":\"freetext\",\"input_source\":\"local\",\"enabled\":false,\"caching_enabled\":true,\"distribution\":0}}"
LOCAL_FEED_ID=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["Feed"]["id"])' "$OUT/feeds_add_local_file.json")
call feeds_fetchFromFeed_loopback GET /feeds/fetchFromFeed/$LOOPBACK_FEED_ID
call feeds_fetchFromFeed_disabled GET /feeds/fetchFromFeed/$LOCAL_FEED_ID
call feeds_cacheFeeds_loopback GET /feeds/cacheFeeds/$LOOPBACK_FEED_ID
call feeds_cacheFeeds_local GET /feeds/cacheFeeds/$LOCAL_FEED_ID
sleep 8
call feeds_index GET /feeds/index
call feeds_index_scope_enabled GET /feeds/index/scope:enabled
call jobs_index_after_feeds GET /jobs/index/limit:10
call logs_model_Feed POST /admin/logs/index '{"model":"Feed","limit":20}'

# failed API authentication: MISP logs one auth_fail per wrong key per hour (redis throttle
# misp:auth_fail_throttling:<masked key>) unless Security.log_each_individual_auth_fail is on
LOG_ID_BEFORE_AUTH=$(mysql -N misp -e 'SELECT MAX(id) FROM logs')
WRONG_KEY_A=agentxWrongKeyA0000000000000000000000000
WRONG_KEY_B=agentxWrongKeyB0000000000000000000000000
call auth_wrong_key_A_1 GET /servers/getVersion '' "$WRONG_KEY_A"
call auth_wrong_key_A_2 GET /servers/getVersion '' "$WRONG_KEY_A"
call auth_wrong_key_A_3 GET /servers/getVersion '' "$WRONG_KEY_A"
call auth_wrong_key_B_1 GET /servers/getVersion '' "$WRONG_KEY_B"
call auth_short_key GET /servers/getVersion '' shortkey
call auth_no_key GET /servers/getVersion '' ''

# failed logins through the login form: GET the form for the session cookie and the CSRF token
# (data[_Token][key], data[_Token][fields]), then POST a wrong password. MISP answers 200 (form again).
JAR=$(mktemp)
login_fail() {
  local name=$1 email=$2 form token_key token_fields
  form=$(curl -s -c "$JAR" -b "$JAR" "$BASE/users/login")
  token_key=$(grep -o 'name="data\[_Token\]\[key\]" value="[^"]*"' <<<"$form" | sed 's/.*value="//;s/"$//')
  token_fields=$(grep -o 'name="data\[_Token\]\[fields\]" value="[^"]*"' <<<"$form" | sed 's/.*value="//;s/"$//')
  local code; code=$(curl -s -o /dev/null -w '%{http_code} %{redirect_url}' -c "$JAR" -b "$JAR" "$BASE/users/login" \
    --data-urlencode '_method=POST' --data-urlencode "data[_Token][key]=$token_key" \
    --data-urlencode "data[User][email]=$email" --data-urlencode 'data[User][password]=wrong-password-agentx' \
    --data "data%5B_Token%5D%5Bfields%5D=$token_fields" --data-urlencode 'data[_Token][unlocked]=')
  echo "$name POST /users/login ($email, wrong password) -> $code" | tee -a "$OUT/calls.log" >&2
}
login_fail login_fail_known_user admin@admin.test
login_fail login_fail_unknown_user nobody@agentx.invalid
login_fail login_fail_unknown_user_2 nobody@agentx.invalid
rm -f "$JAR"
call logs_action_auth_fail POST /admin/logs/index '{"action":"auth_fail","limit":20}'
call logs_action_login_fail POST /admin/logs/index '{"action":"login_fail","limit":20}'
call logs_action_auth_fail_login_fail_since_id POST /admin/logs/index "{\"action\":[\"auth_fail\",\"login_fail\"],\"id\":[$(seq -s, $((LOG_ID_BEFORE_AUTH+1)) $((LOG_ID_BEFORE_AUTH+50)))]}"
call logs_id_greater_than_named_param GET "/admin/logs/index/action:auth_fail/id:>$LOG_ID_BEFORE_AUTH/limit:5"
call logs_id_operator_in_body POST /admin/logs/index "{\"action\":\"auth_fail\",\"id\":\">$LOG_ID_BEFORE_AUTH\",\"limit\":5}"
call logs_created_filter POST /admin/logs/index '{"action":"auth_fail","created":"1h","limit":20}'
call logs_limit_1_no_filter POST /admin/logs/index '{"limit":1}'
call logs_limit_1_page_2 POST /admin/logs/index '{"limit":1,"page":2}'

# cost of the cheap endpoints: 5 timed runs each (seconds, bytes)
timed() {
  local label=$1 method=$2 path=$3 body=${4:-}
  for i in 1 2 3 4 5; do
    local args=(-s -o /dev/null -X "$method" -H "Authorization: $KEY" -H 'Accept: application/json' -w '%{http_code} %{time_total} %{size_download}')
    [ -n "$body" ] && args+=(-H 'Content-Type: application/json' -d "$body")
    echo "$label $(curl "${args[@]}" "$BASE$path")"
  done | tee -a "$OUT/timings.txt" >&2
}
: > "$OUT/timings.txt"
timed servers_getVersion GET /servers/getVersion
timed servers_index GET /servers/index
timed feeds_index GET /feeds/index
timed feeds_index_scope_enabled GET /feeds/index/scope:enabled
timed jobs_index_limit_50 GET /jobs/index/limit:50
timed jobs_index_limit_20 GET /jobs/index
timed servers_getSetting_MISP_live GET /servers/getSetting/MISP.live
timed servers_serverSettings GET /servers/serverSettings
timed servers_serverSettings_diagnostics GET /servers/serverSettings/diagnostics
timed logs_failures_window_1000 POST /admin/logs/index "{\"action\":[\"auth_fail\",\"login_fail\"],\"id\":[$(seq -s, 1 1000)]}"
timed logs_action_filter_full_scan POST /admin/logs/index '{"action":["auth_fail","login_fail"],"limit":20}'

# diagnostics: serverSettings as the kit runs (modules off), then with the Enrichment and Import
# services enabled and pointing at 127.0.0.1:6666 where nothing listens; put back at once
extract_diagnostics() {   # keeps the fields the diagnostics group reads (the full answer is ~210 kB)
  python3 - "$1" "$2" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
keep = {k: d[k] for k in ('gpgStatus', 'proxyStatus', 'zmqStatus', 'stix', 'moduleStatus', 'writeableDirs',
                          'writeableFiles', 'readableFiles', 'backgroundJobsStatus', 'version')}
keep['finalSettings(level 0 with error, and MISP.live)'] = [s for s in d['finalSettings']
    if (s.get('error') and s['level'] == 0) or s['setting'] == 'MISP.live']
keep['finalSettings counts by level, with error'] = {str(l): sum(1 for s in d['finalSettings'] if s.get('error') and s['level'] == l) for l in range(4)}
open(sys.argv[2], 'w').write(json.dumps(keep, indent=4, ensure_ascii=False) + '\n')
PY
}
CAKE="runuser -u www-data -- /var/www/MISP/app/Console/cake"
call serverSettings_full GET /servers/serverSettings
extract_diagnostics "$OUT/serverSettings_full.json" "$OUT/serverSettings_diagnostics_modules_off.json"
mv "$OUT/serverSettings_full.json.headers" "$OUT/serverSettings_diagnostics_modules_off.json.headers"; rm "$OUT/serverSettings_full.json"
$CAKE Admin setSetting Plugin.Enrichment_services_enable true --force >/dev/null
$CAKE Admin setSetting Plugin.Import_services_enable true --force >/dev/null
sleep 3   # PHP's opcache revalidates config.php every 2 s
call serverSettings_full GET /servers/serverSettings
$CAKE Admin setSetting Plugin.Enrichment_services_enable false --force >/dev/null
$CAKE Admin setSetting Plugin.Import_services_enable false --force >/dev/null
sleep 3
extract_diagnostics "$OUT/serverSettings_full.json" "$OUT/serverSettings_diagnostics_modules_unreachable.json"
mv "$OUT/serverSettings_full.json.headers" "$OUT/serverSettings_diagnostics_modules_unreachable.json.headers"; rm "$OUT/serverSettings_full.json"
call getSetting_Plugin_Enrichment_services_enable GET /servers/getSetting/Plugin.Enrichment_services_enable

# more connection outcomes, all on loopback: a listener that accepts and never answers (the pull job
# is seen running), a plain HTTP server that answers 404 pages (testConnection 3), and the kit itself
# with a wrong sync key (testConnection 4, pull "Not authorised")
SILENT_PORT_FILE=$(mktemp); HTML_DIR=$(mktemp -d)
python3 -c '
import socket, sys, time
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); s.bind(("127.0.0.1", 0)); s.listen(8)
open(sys.argv[1], "w").write(str(s.getsockname()[1])); held = []
while True: held.append(s.accept()[0])' "$SILENT_PORT_FILE" & SILENT_PID=$!
python3 -m http.server --bind 127.0.0.1 --directory "$HTML_DIR" 0 > "$HTML_DIR.log" 2>&1 & HTML_PID=$!
sleep 1
SILENT_PORT=$(cat "$SILENT_PORT_FILE"); HTML_PORT=$(grep -o 'port [0-9]*' "$HTML_DIR.log" | head -1 | cut -d' ' -f2)
add_server() {   # name url -> id
  call "$1" POST /servers/add "{\"name\":\"$1\",\"url\":\"$2\",\"authkey\":\"$DUMMY_SYNC_KEY\",\"remote_org_id\":2,\"pull\":true,\"push\":false}"
  python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["Server"]["id"])' "$OUT/$1.json"
}
SILENT_ID=$(add_server servers_add_silent "http://127.0.0.1:$SILENT_PORT")
HTML_ID=$(add_server servers_add_html404 "http://127.0.0.1:$HTML_PORT")
KIT_ID=$(add_server servers_add_kit_wrong_key "http://127.0.0.1:8080")
call servers_testConnection_html404 POST /servers/testConnection/$HTML_ID
call servers_testConnection_kit_wrong_key POST /servers/testConnection/$KIT_ID
call servers_pull_silent POST /servers/pull/$SILENT_ID/full
call servers_pull_kit_wrong_key POST /servers/pull/$KIT_ID/full
sleep 5
call jobs_index_pull_running GET /jobs/index/limit:3
kill "$SILENT_PID"; wait "$SILENT_PID" 2>/dev/null || true   # the held connections close: the pull fails
sleep 5
call jobs_index_pull_after_listener_closed GET /jobs/index/limit:3
kill "$HTML_PID"; wait "$HTML_PID" 2>/dev/null || true
rm -rf "$SILENT_PORT_FILE" "$HTML_DIR" "$HTML_DIR.log"
for id in $SILENT_ID $HTML_ID $KIT_ID; do
  curl -s -o /dev/null -X POST -H "Authorization: $KEY" -H 'Accept: application/json' -H 'Content-Type: application/json' -d '{}' "$BASE/servers/delete/$id"
  redis-cli -n 13 del misp:server_cache_timestamp:$id >/dev/null
done
mysql misp -e "DELETE FROM jobs WHERE id > $JOB_ID_BEFORE AND job_type = 'pull' AND job_input IN ('Server: $SILENT_ID','Server: $KIT_ID')"

# jobs/index page size: 150 synthetic finished jobs (job_type 'agentx-bench'), ask for 200, delete them
mysql misp -e "INSERT INTO jobs (worker, job_type, job_input, status, retries, message, progress, org_id, process_id, date_created, date_modified)
  WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 150)
  SELECT 'default', 'agentx-bench', CONCAT('Server: ', i), 4, 0, 'misp-agentx benchmark row, safe to delete', 100, 1, NULL, NOW(), NOW() FROM n"
call jobs_index_limit_200_capped GET /jobs/index/limit:200
timed jobs_index_limit_100_full_page GET /jobs/index/limit:100
mysql misp -e "DELETE FROM jobs WHERE job_type = 'agentx-bench'"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(len(d), "jobs in the answer to limit:200")' "$OUT/jobs_index_limit_200_capped.json" | tee -a "$OUT/calls.log" >&2
python3 - "$OUT/jobs_index_limit_200_capped.json" <<'PY'   # keep 2 rows of the 100 in the fixture
import json, sys
d = json.load(open(sys.argv[1]))
open(sys.argv[1], 'w').write(json.dumps(d[:2], indent=4) + '\n')
PY

# clean up what this script added: server, feeds, redis cache keys, and the jobs rows it caused.
# Log rows stay: they are MISP's audit history, and other sessions may hold cursors into them.
call servers_delete POST /servers/delete/$SERVER_ID '{}'
call feeds_delete_loopback POST /feeds/delete/$LOOPBACK_FEED_ID '{}'
call feeds_delete_local POST /feeds/delete/$LOCAL_FEED_ID '{}'
rm -f "$FEED_FILE"
mysql misp -e "DELETE FROM jobs WHERE id > $JOB_ID_BEFORE AND job_type IN ('pull','push','cache_servers','fetch_feeds','cache_feeds') AND (job_input IN ('Server: $SERVER_ID','$SERVER_ID','Feed: $LOOPBACK_FEED_ID','Feed: $LOCAL_FEED_ID','$LOOPBACK_FEED_ID','$LOCAL_FEED_ID'))"
REDIS="redis-cli -n 13"
$REDIS del misp:feed_cache:$LOCAL_FEED_ID misp:feed_cache_timestamp:$LOCAL_FEED_ID misp:feed_cache:$LOOPBACK_FEED_ID \
  misp:feed_cache_timestamp:$LOOPBACK_FEED_ID misp:server_cache_timestamp:$SERVER_ID misp:server_cache:$SERVER_ID >/dev/null
# the combined feed cache held only our feed's values when no other feed caches
if [ "$(mysql -N misp -e 'SELECT COUNT(*) FROM feeds WHERE caching_enabled = 1')" = 0 ]; then $REDIS del misp:feed_cache:combined >/dev/null; fi
$REDIS del 'misp:auth_fail_throttling:agen********************************0000' >/dev/null
call after_servers_index GET /servers/index
call after_feeds_index GET /feeds/index
grep -l -F "$KEY" "$OUT"/* && { echo "the admin key leaked into a capture" >&2; exit 1; }
echo "captures in $OUT" >&2

# --bench: the cost of counting failed logins on a logs table of a million rows. Inserts 1,024,000
# synthetic rows (model 'misp-agentx-bench', actions add/edit/publish/delete, never a failure action),
# times MISP's REST queries and the SQL behind them, then deletes them, resets AUTO_INCREMENT when no
# other row arrived meanwhile, and rebuilds the table (OPTIMIZE) so it is as found.
[ "${BENCH:-}" = 1 ] || exit 0
BENCH_OUT=$OUT/logs-bench.txt; : > "$BENCH_OUT"
ROWS_BEFORE=$(mysql -N misp -e 'SELECT COUNT(*) FROM logs'); MAX_BEFORE=$(mysql -N misp -e 'SELECT MAX(id) FROM logs')
cleanup_bench() {
  local first last a
  first=$(mysql -N misp -e "SELECT MIN(id) FROM logs WHERE model='misp-agentx-bench'")
  last=$(mysql -N misp -e "SELECT MAX(id) FROM logs WHERE model='misp-agentx-bench'")
  if [ "$first" != NULL ]; then   # in slices, so that MISP's own log inserts are never held up for long
    for ((a=first; a<=last; a+=50000)); do
      mysql misp -e "DELETE FROM logs WHERE model='misp-agentx-bench' AND id BETWEEN $a AND $((a+49999))"
    done
  fi
  mysql misp -e "ALTER TABLE logs AUTO_INCREMENT = $(( $(mysql -N misp -e 'SELECT MAX(id) FROM logs') + 1 )); OPTIMIZE TABLE logs" >/dev/null
  echo "logs rows before $ROWS_BEFORE, after $(mysql -N misp -e 'SELECT COUNT(*) FROM logs')" | tee -a "$BENCH_OUT" >&2
}
trap cleanup_bench EXIT
mysql misp <<'SQL'
INSERT INTO logs (title, created, model, model_id, action, user_id, `change`, email, org, description, ip)
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1000)
SELECT CONCAT('Attribute (', 100000 + i, '): misp-agentx benchmark row, safe to delete'),
       NOW() - INTERVAL (1000 - i) MINUTE, 'misp-agentx-bench', i, ELT(1 + i % 4, 'add', 'edit', 'publish', 'delete'), 1,
       CONCAT('value (', REPEAT('x', 40), ') => (', REPEAT('y', 40), '), comment () => (benchmark), to_ids (0) => (1), distribution (5) => (3), timestamp (', UNIX_TIMESTAMP(), ') => (', UNIX_TIMESTAMP() + i, '), category () => (Network activity), type () => (ip-dst)'),
       'admin@admin.test', 'ORGNAME', '', ''
FROM n;
SQL
for _ in $(seq 1 10); do   # doubling, bounded: 1000 * 2^10 rows
  mysql misp -e "INSERT INTO logs (title, created, model, model_id, action, user_id, \`change\`, email, org, description, ip) SELECT title, created, model, model_id, action, user_id, \`change\`, email, org, description, ip FROM logs WHERE model='misp-agentx-bench'"
done
TIP=$(mysql -N misp -e 'SELECT MAX(id) FROM logs')
echo "logs rows $(mysql -N misp -e 'SELECT COUNT(*) FROM logs'), table file $(stat -c %s /var/lib/mysql/misp/logs.ibd) bytes, innodb_buffer_pool_size $(mysql -N -e 'SELECT @@innodb_buffer_pool_size')" | tee -a "$BENCH_OUT" >&2
sql_timed() {   # label, SQL: wall time and InnoDB physical page reads
  local r0 r1 s e
  r0=$(mysql -N -e "SHOW GLOBAL STATUS LIKE 'Innodb_buffer_pool_reads'" | cut -f2); s=$(date +%s.%N)
  mysql -N misp -e "$2" >/dev/null
  e=$(date +%s.%N); r1=$(mysql -N -e "SHOW GLOBAL STATUS LIKE 'Innodb_buffer_pool_reads'" | cut -f2)
  printf 'SQL  %-48s %6.3f s  %6d page reads\n' "$1" "$(echo "$e - $s" | bc)" $((r1 - r0)) | tee -a "$BENCH_OUT" >&2
}
rest_timed() {
  printf 'REST %-48s %s\n' "$1" "$(curl -s -o /dev/null -w '%{http_code} %{time_total} s %{size_download} B' -H "Authorization: $KEY" -H 'Accept: application/json' -H 'Content-Type: application/json' -d "$2" "$BASE/admin/logs/index")" | tee -a "$BENCH_OUT" >&2
}
WINDOW=$(seq -s, $((TIP - 999)) "$TIP")
for _ in 1 2 3; do
  rest_timed 'action auth_fail, limit 20 (full scan)' '{"action":"auth_fail","limit":20}'
  rest_timed 'action auth_fail+login_fail, created 10m' '{"action":["auth_fail","login_fail"],"created":"10m"}'
  rest_timed 'action auth_fail+login_fail, id IN 1000 ids' "{\"action\":[\"auth_fail\",\"login_fail\"],\"id\":[$WINDOW]}"
  rest_timed 'tip probe: id IN 1000 ids, limit 1' "{\"id\":[$WINDOW],\"limit\":1}"
  sql_timed "action IN ('auth_fail') LIMIT 20" "SELECT * FROM logs WHERE action IN ('auth_fail') LIMIT 20"
  sql_timed 'COUNT(*) action IN (auth_fail, login_fail)' "SELECT COUNT(*) FROM logs WHERE action IN ('auth_fail','login_fail')"
  sql_timed 'action IN (..) AND id IN (1000 ids)' "SELECT * FROM logs WHERE action IN ('auth_fail','login_fail') AND id IN ($WINDOW)"
  sql_timed 'action IN (..) AND id > tip-1000' "SELECT * FROM logs WHERE action IN ('auth_fail','login_fail') AND id > $((TIP - 1000))"
done
mysql misp -e "EXPLAIN SELECT * FROM logs WHERE action IN ('auth_fail') LIMIT 20; EXPLAIN SELECT * FROM logs WHERE action IN ('auth_fail','login_fail') AND id IN ($((TIP-1)),$TIP)" | tee -a "$BENCH_OUT" >&2
