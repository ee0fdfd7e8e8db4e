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
mkdir -p "$OUT"

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
