#!/bin/bash
# npm run test:cacti: proves the shipped Cacti templates (nms/cacti/) in Debian's real Cacti.
# Installs Cacti (scripts/test-cacti-install.sh), runs `misp-agentx demo` (simulated MISP with a sync
# server, feeds and jobs, private snmpd on loopback, the daemon), imports the templates, adds the
# snmpd as a device, checks that every data query indexes rows, creates every graph of every data
# query, runs the poller several times and checks that every RRD holds the agent's numbers.
# Root only; loopback only; each poll bounded by a timeout (the demo ends itself after 30 minutes);
# stops what it started. Expects `npm run build` first.
set -euo pipefail
cd "$(dirname "$0")/.."

POLLS=${POLLS:-6}
POLL_GAP_SECONDS=${POLL_GAP_SECONDS:-15}
# The data collector: spine (cacti-spine) or cmd.php (Cacti's default).
POLLER=${POLLER:-spine}
CACTI=/usr/share/cacti
DEVICE=misp-agentx-test
started=$(date +%s)
work=$(mktemp -d /tmp/misp-agentx-cacti.XXXXXX)
say() { echo "test-cacti: $*"; }
fail() { echo "test-cacti: FAIL: $*" >&2; exit 1; }
sql() { mariadb -N -B cacti -e "$1"; }
trap 'echo "test-cacti: FAIL: line $LINENO: $BASH_COMMAND" >&2' ERR

[ "$(id -u)" = 0 ] || fail "run as root (it installs Debian's cacti)"
[ -f dist/cli/main.js ] || fail "run npm run build first"

mariadb_pid=''
demo_pid=''
cleanup() {
  if [ -n "$demo_pid" ] && kill -0 "$demo_pid" 2>/dev/null; then
    kill -TERM "$demo_pid"
    wait "$demo_pid" 2>/dev/null || true
  fi
  if [ -n "$mariadb_pid" ] && kill -0 "$mariadb_pid" 2>/dev/null; then
    kill -TERM "$mariadb_pid"
    while kill -0 "$mariadb_pid" 2>/dev/null; do sleep 0.2; done
  fi
  rm -rf "$work"
}
trap cleanup EXIT

# 1. Cacti, on loopback, automation disabled before any poller run.
bash scripts/test-cacti-install.sh | tee "$work/install.out"
mariadb_pid=$(sed -n 's/^MARIADB_PID=//p' "$work/install.out")

# 2. The daemon between a simulated MISP and a private snmpd (the demo machinery).
node dist/cli/main.js demo --duration 1800 >"$work/demo.log" 2>&1 &
demo_pid=$!
for _ in $(seq 1 120); do
  grep -q 'The demo keeps running' "$work/demo.log" && break
  kill -0 "$demo_pid" 2>/dev/null || { cat "$work/demo.log"; fail "the demo exited"; }
  sleep 0.5
done
grep -q 'The demo keeps running' "$work/demo.log" || { cat "$work/demo.log"; fail "the demo did not serve data within 60 s"; }
port=$(sed -n 's/^snmpd on udp:127\.0\.0\.1:\([0-9]*\),.*/\1/p' "$work/demo.log")
[ -n "$port" ] || fail "no snmpd port in the demo output"
say "demo: snmpd on udp:127.0.0.1:$port (demo pid $demo_pid)"

# 3. The templates, as docs/cacti.md tells users to install them. The 30-second profile lets a
#    few forced polls fill the RRDs; users keep their default profile.
query_files=$(ls nms/cacti/misp-agentx-*.xml | grep -v misp-agentx-templates.xml)
# shellcheck disable=SC2086 # one word per file
install -m 0644 $query_files "$CACTI/site/resource/snmp_queries/"
profile=$(sql "SELECT id FROM data_source_profiles WHERE step=30 LIMIT 1")
php "$CACTI/cli/import_template.php" --filename=nms/cacti/misp-agentx-templates.xml --profile-id="$profile" >"$work/import.out"
cat "$work/import.out"
# Graph and table names say "failed" too: only lines other than [success] and the changes an update
# lists ("Table: ... New Value: ...", "New Graph Items ...", "New Data Query: ...") count.
grep -v '^\[success\]\|^Table: \|^New ' "$work/import.out" | grep -qi 'fail\|error' && fail "import_template.php reported a failure"
imported=$(grep -c '^\[success\]' "$work/import.out" || true)
expected=$(grep -c $'^\t<hash_' nms/cacti/misp-agentx-templates.xml)
[ "$imported" = "$expected" ] || fail "import_template.php imported $imported items, the file has $expected"

# 4. The device (a leftover from an earlier run goes first), its data queries indexed by the template.
old=$(sql "SELECT id FROM host WHERE description='$DEVICE'")
[ -z "$old" ] || php "$CACTI/cli/remove_device.php" --description="$DEVICE" --confirm >/dev/null
host_template=$(sql "SELECT id FROM host_template WHERE name='MISP AgentX Device'")
php "$CACTI/cli/add_device.php" --description="$DEVICE" --ip=127.0.0.1 --port="$port" --version=2 --community=public \
  --template="$host_template" --avail=snmp >"$work/device.out"
host=$(sed -n 's/.*new device-id: (\([0-9]*\)).*/\1/p' "$work/device.out")
[ -n "$host" ] || { cat "$work/device.out"; fail "add_device.php did not create the device"; }
php "$CACTI/cli/poller_reindex_hosts.php" --id="$host" >/dev/null
say "device $host: 127.0.0.1:$port; rows indexed per data query:"
# Every data query of the file indexes rows; the demo's MISP has 1 instance, 5 queues, 1 sync server,
# 1 enabled feed, the job types of its jobs (addSharingActivity in src/sim/scenario.ts) and the 4
# misp-modules service types; the demo's daemon polls the opt-in groups too (src/demo/demo.ts).
unindexed=0
while IFS=$'\t' read -r name rows; do
  say "  $name: $rows rows"
  [ "$rows" -gt 0 ] || unindexed=$((unindexed + 1))
done < <(sql "SELECT q.name, COUNT(DISTINCT c.snmp_index) FROM snmp_query q LEFT JOIN host_snmp_cache c ON c.snmp_query_id=q.id AND c.host_id=$host
  WHERE q.name LIKE 'MISP AgentX - %' GROUP BY q.id ORDER BY q.id")
queries=$(sql "SELECT COUNT(*) FROM snmp_query WHERE name LIKE 'MISP AgentX - %'")
[ "$queries" = "$(echo "$query_files" | wc -l)" ] || fail "$queries MISP data queries imported, the package has $(echo "$query_files" | wc -l)"
[ "$unindexed" = 0 ] || fail "$unindexed data queries indexed no row"

# 5. Every graph of every row of every data query, selected by its first input field (the whole index).
while read -r query query_graph graph_template file; do
  index_field=$(sed -n '/<fields>/{n;s/^[[:space:]]*<\([A-Za-z]*\)>$/\1/p;q}' "nms/cacti/$file")
  php "$CACTI/cli/add_graphs.php" --host-id="$host" --graph-type=ds --graph-template-id="$graph_template" --snmp-query-id="$query" \
    --snmp-query-type-id="$query_graph" --snmp-field="$index_field" --snmp-value-regex='.*' >>"$work/graphs.out" 2>&1
done < <(sql "SELECT q.id, g.id, g.graph_template_id, SUBSTRING_INDEX(q.xml_path, '/', -1)
  FROM snmp_query q JOIN snmp_query_graph g ON g.snmp_query_id=q.id WHERE q.name LIKE 'MISP AgentX - %'")
graphs=$(sql "SELECT COUNT(*) FROM graph_local WHERE host_id=$host")
[ "$graphs" -gt 0 ] || { cat "$work/graphs.out"; fail "no graph created"; }
say "$graphs graphs created; titles:"
sql "SELECT title_cache FROM graph_templates_graph gtg JOIN graph_local gl ON gl.id=gtg.local_graph_id WHERE gl.host_id=$host ORDER BY title_cache" | sed 's/^/  /'
no_graph=$(sql "SELECT GROUP_CONCAT(gt.name SEPARATOR ', ') FROM graph_templates gt WHERE gt.name LIKE 'MISP - %'
  AND NOT EXISTS (SELECT 1 FROM graph_local gl WHERE gl.graph_template_id=gt.id AND gl.host_id=$host)")
[ "$no_graph" = NULL ] || [ -z "$no_graph" ] || { cat "$work/graphs.out"; fail "graph templates without a graph: $no_graph"; }

# 6. Poll with the chosen collector. cmd.php skips an item whose RRD step is shorter than the poller interval until rrd_next_step is 0.
case "$POLLER" in spine) poller_type=2 ;; cmd.php) poller_type=1 ;; *) fail "POLLER must be spine or cmd.php" ;; esac
sql "REPLACE INTO settings (name, value) VALUES ('poller_type', '$poller_type')"
# Values an earlier run left for data sources removed with its device would be reported by the first poll.
sql "DELETE FROM poller_output"
log_lines=$(wc -l </var/log/cacti/cacti.log)
first_poll=$(date +%s)
for i in $(seq 1 "$POLLS"); do
  sql "UPDATE poller_item SET rrd_next_step=0"
  timeout 120 runuser -u www-data -- php "$CACTI/site/poller.php" --force >"$work/poll-$i.out" 2>&1 || { cat "$work/poll-$i.out"; fail "poller run $i failed or took over 120 s"; }
  [ "$i" = "$POLLS" ] || sleep "$POLL_GAP_SECONDS"
done
say "$POLLS poller runs with $POLLER, $POLL_GAP_SECONDS s apart; Cacti logged:"
tail -n +"$((log_lines + 1))" /var/log/cacti/cacti.log | grep -E 'WARNING|ERROR' | grep -v 'Admin account notifications' | sed 's/^/  /' | tee "$work/warnings.out" || true
# Only our device is polled: any left-over poller output or incomplete data source is ours.
if grep -E "MISP|not returning all data|Poller Output Table not Empty|Device\[$host\]" "$work/warnings.out"; then
  fail "the poller logged warnings about the MISP templates"
fi

# 7. Every data source of every RRD holds a number, and the numbers are the agent's.
bad=0
checked=0
while read -r rrd; do
  rrd=${rrd/<path_rra>//var/lib/cacti/rra}
  [ -f "$rrd" ] || { say "missing RRD $rrd"; bad=$((bad + 1)); continue; }
  names=$(rrdtool lastupdate "$rrd" | head -1)
  values=$(rrdtool lastupdate "$rrd" | tail -1 | cut -d: -f2-)
  read -ra name_list <<<"$names"
  read -ra value_list <<<"$values"
  for j in "${!name_list[@]}"; do
    value=${value_list[$j]:-U}
    numeric_rows=$(rrdtool fetch "$rrd" AVERAGE -s -10min | awk -v col=$((j + 2)) 'NR > 2 && $col != "-nan" && $col != "nan" { n++ } END { print n + 0 }')
    printf '  %-60s %-16s last=%-12s averaged rows with a number: %s\n' "${rrd##*/}" "${name_list[$j]}" "$value" "$numeric_rows"
    checked=$((checked + 1))
    if [ "$value" = U ] || [ "$numeric_rows" = 0 ]; then bad=$((bad + 1)); fi
  done
done < <(sql "SELECT DISTINCT dtd.data_source_path FROM data_template_data dtd JOIN data_local dl ON dl.id=dtd.local_data_id WHERE dl.host_id=$host")
[ "$checked" -gt 0 ] || fail "no RRD data source to check"
[ "$bad" = 0 ] || fail "$bad of $checked RRD data sources hold no number"

# The polled values are the agent's: each stable item's last value equals a fresh snmpget of its OID.
mismatch=0
compared=0
while read -r rrd ds oid; do
  rrd=${rrd/<path_rra>//var/lib/cacti/rra}
  want=$(snmpget -v2c -c public -Oqv -On "127.0.0.1:$port" "$oid")
  names=$(rrdtool lastupdate "$rrd" | head -1)
  read -ra name_list <<<"$names"
  read -ra value_list <<<"$(rrdtool lastupdate "$rrd" | tail -1 | cut -d: -f2-)"
  for j in "${!name_list[@]}"; do
    [ "${name_list[$j]}" = "$ds" ] || continue
    got=$(printf '%.0f' "${value_list[$j]}")
    compared=$((compared + 1))
    [ "$got" = "$want" ] || { say "$ds in ${rrd##*/}: RRD $got, snmpget $oid $want"; mismatch=$((mismatch + 1)); }
  done
done < <(sql "SELECT pi.rrd_path, pi.rrd_name, pi.arg1 FROM poller_item pi WHERE pi.host_id=$host
  AND pi.rrd_name IN ('users', 'orgs', 'local_orgs', 'alive', 'completed', 'failed', 'count', 'enabled_count', 'last_pushed_id', 'pull_outcome', 'push_outcome', 'fetch_outcome',
    'auth_log_lag', 'test_status', 'status')")
[ "$compared" -gt 0 ] || fail "no stable value to compare with snmpget"
[ "$mismatch" = 0 ] || fail "$mismatch of $compared values differ from what the agent serves"

# With RENDER_DIR set, Cacti renders the first graph of each graph template to a PNG there (docs/images/).
if [ -n "${RENDER_DIR:-}" ]; then
  mkdir -p "$RENDER_DIR"
  while IFS=$'\t' read -r graph name; do
    file="$RENDER_DIR/cacti-$(echo "$name" | tr 'A-Z ' 'a-z-' | tr -cd 'a-z0-9-').png"
    runuser -u www-data -- php scripts/test-cacti-render.php "$graph" "$((first_poll - 60))" >"$file"
    say "rendered $file"
  done < <(sql "SELECT MIN(gl.id), gt.name FROM graph_local gl JOIN graph_templates gt ON gt.id=gl.graph_template_id
    WHERE gl.host_id=$host GROUP BY gt.id ORDER BY gt.name")
fi

say "PASS: $queries data queries index rows; $checked RRD data sources in $graphs graphs hold numbers after $POLLS polls; $compared stable values equal snmpget; $(($(date +%s) - started)) s"
