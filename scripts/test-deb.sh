#!/usr/bin/env bash
# The Debian package, end to end, as a MISP admin would use it on a stock Debian 12 (run as root;
# CI runs it from .ci/run). Builds the .deb, installs it with apt-get, points it at the simulated
# MISP over HTTPS with a CA installed by update-ca-certificates (no caFile), starts Debian's snmpd
# with its stock snmpd.conf plus the package's drop-in exactly as snmpd.service does, starts the
# daemon as its unit would, and walks MISP-AGENTX-MIB through the stock community and view; doctor
# must find 0 problems. Twice: with the machine's Node.js, then with /var/agentx pre-created as
# drwx------ root root and Debian's own Node.js 18 (unpacked, never installed). Then apt-get purge,
# and everything touched is compared with, and put back to, how it was.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD

[[ $(id -u) == 0 ]] || { echo "test-deb: run as root" >&2; exit 1; }
if dpkg-query -W -f='${Status}' misp-agentx 2>/dev/null | grep -q installed; then
  echo "test-deb: misp-agentx is installed on this machine; not touching it" >&2; exit 1
fi
for command in dpkg-deb apt-get setpriv unshare openssl update-ca-certificates snmpwalk systemd-analyze systemd-tmpfiles; do
  command -v "$command" >/dev/null || { echo "test-deb: $command is missing (scripts/setup.sh installs snmp and snmpd)" >&2; exit 1; }
done
# snmpd's stock agentaddress is 127.0.0.1:161 and [::1]:161: another agent there would answer
# instead. Port 161 is 00A1 in /proc/net/udp's local_address column, on any address.
if grep -qE '^ *[0-9]+: [0-9A-F]+:00A1 ' /proc/net/udp /proc/net/udp6; then
  echo "test-deb: UDP port 161 is in use on loopback; not starting a second snmpd" >&2; exit 1
fi
if getent group misp-agentx >/dev/null; then echo "test-deb: group misp-agentx exists already" >&2; exit 1; fi

work=$(mktemp -d /tmp/misp-agentx-deb-test.XXXXXX)
chmod 0755 "$work"
pids=()
installed=no
ca_installed=no
TRACKED=(/etc/snmp /etc/misp-agentx /etc/systemd/system /usr/share/snmp/mibs /var/agentx /var/lib/systemd/deb-systemd-helper-enabled /etc/ssl/certs /usr/local/share/ca-certificates)

# A listing of everything under the tracked paths (mode, owner, size, content hash, link target),
# plus the misp-agentx group: what "as found" means here.
machine_state() {
  for path in "${TRACKED[@]}"; do
    if [[ -e $path || -L $path ]]; then
      find "$path" -printf '%p %M %u:%g %s %l\n' | sort
      find "$path" -type f -print0 | sort -z | xargs -0r md5sum
    else
      echo "$path absent"
    fi
  done
  getent group misp-agentx || echo "group misp-agentx absent"
}

log() { printf '\n== %s (%s s)\n' "$*" "$SECONDS"; }

stop_started() {
  local pid
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
  done
  pids=()
}

restore() {
  local status=$?
  set +e
  stop_started
  if [[ $installed == yes ]]; then apt-get purge -y -qq misp-agentx >/dev/null 2>&1; fi
  if [[ $ca_installed == yes ]]; then
    rm -f /usr/local/share/ca-certificates/misp-agentx-test-ca.crt
    rm -rf /etc/ssl/certs && tar -C / -xpf "$work/before.tar" etc/ssl/certs
  fi
  # Whatever the package or this script left different goes back from the copies made at the start.
  rm -rf /etc/snmp && tar -C / -xpf "$work/before.tar" etc/snmp
  rm -rf /var/agentx
  if [[ -e $work/before-var-agentx ]]; then tar -C / -xpf "$work/before.tar" var/agentx; fi
  getent group misp-agentx >/dev/null && groupdel misp-agentx
  machine_state >"$work/after.state"
  if ! diff -u "$work/before.state" "$work/after.state"; then
    echo "test-deb: the machine differs from how it was found (above)" >&2
    status=1
  fi
  rm -rf "$work"
  exit "$status"
}

machine_state >"$work/before.state"
[[ -e /var/agentx ]] && touch "$work/before-var-agentx"
tar -C / -cpf "$work/before.tar" etc/snmp etc/ssl/certs $([[ -e /var/agentx ]] && echo var/agentx)
trap restore EXIT
trap "exit 130" INT TERM

log "build the package"
npm run --silent package:deb
deb=$(ls "$repo"/build/misp-agentx_*_all.deb)
deb_size=$(stat -c %s "$deb")

# A CA the system trusts through update-ca-certificates, and a server certificate it signed.
log "a local CA, trusted the Debian way"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout "$work/ca.key" -out "$work/ca.crt" -days 2 \
  -subj '/CN=misp-agentx test CA' -addext 'basicConstraints=critical,CA:TRUE' -addext 'keyUsage=critical,keyCertSign,cRLSign' 2>/dev/null
openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout "$work/server.key" -out "$work/server.csr" -subj '/CN=localhost' 2>/dev/null
printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n' >"$work/server.ext"
openssl x509 -req -in "$work/server.csr" -CA "$work/ca.crt" -CAkey "$work/ca.key" -CAcreateserial -out "$work/server.crt" -days 2 -extfile "$work/server.ext" 2>/dev/null
ca_installed=yes
cp "$work/ca.crt" /usr/local/share/ca-certificates/misp-agentx-test-ca.crt
update-ca-certificates >/dev/null

KEY=DebTestKey0123456789abcdefghijABCDEFGHIJ
log "the simulated MISP over HTTPS"
node --input-type=module -e "
  import { readFileSync, writeFileSync } from 'node:fs';
  import { startSimulatedMisp } from '$repo/dist/sim/simulated-misp.js';
  const misp = await startSimulatedMisp({ keys: { '$KEY': 'siteAdmin' }, tls: { key: readFileSync('$work/server.key'), cert: readFileSync('$work/server.crt') } });
  writeFileSync('$work/misp-url', misp.url);
" &
pids+=($!)
for _ in $(seq 100); do [[ -s $work/misp-url ]] && break; sleep 0.1; done
misp_url=$(cat "$work/misp-url")
echo "$misp_url"

# The unit's own lines, so that the test follows the unit rather than a copy of it.
unit_value() { sed -n "s/^$1=//p" /lib/systemd/system/misp-agentx.service; }

# snmpd as Debian's snmpd.service starts it: its ExecStart, in the foreground.
start_snmpd() {
  local command
  command=$(sed -n 's/^ExecStart=//p' /lib/systemd/system/snmpd.service)
  echo "snmpd: $command"
  # shellcheck disable=SC2086 # the unit's command line, split as systemd splits it (no quotes in it)
  $command >"$work/snmpd.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 100); do [[ -S /var/agentx/master ]] && return; sleep 0.1; done
  cat "$work/snmpd.log"; echo "test-deb: snmpd made no AgentX socket" >&2; return 1
}

# A uid and gid with no passwd entry, from DynamicUser='s range, as systemd would allocate.
daemon_uid=61917
while getent passwd "$daemon_uid" >/dev/null || getent group "$daemon_uid" >/dev/null; do daemon_uid=$((daemon_uid + 1)); done

# The daemon's environment under its unit: Environment= lines, and the key as a credential that
# only the service's user may read (what LoadCredential= hands over). Replaces the calling
# (sub)shell, so that the pid of a background run is the daemon's. $WRAP runs first, as root;
# $NODE, if set, runs the command's script instead of its #! line.
as_daemon() {
  local credentials=$work/credentials
  rm -rf "$credentials" && mkdir -m 0700 "$credentials"
  local credential=${LOAD_CREDENTIAL%%:*} source=${LOAD_CREDENTIAL#*:}
  install -m 0400 -o "$daemon_uid" -g "$daemon_uid" "$source" "$credentials/$credential"
  chown "$daemon_uid:$daemon_uid" "$credentials" && chmod 0500 "$credentials"
  # shellcheck disable=SC2086 # WRAP and NODE are word lists
  exec $WRAP setpriv --reuid="$daemon_uid" --regid="$daemon_uid" --groups="$(getent group "$SUPPLEMENTARY_GROUP" | cut -d: -f3)" --inh-caps=-all --no-new-privs \
    env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin "$ENVIRONMENT" CREDENTIALS_DIRECTORY="$credentials" $NODE "$@"
}

walk() { snmpwalk -v2c -c public -t 1 -r 1 127.0.0.1 MISP-AGENTX-MIB::mispAgentxObjects 2>&1; }

# One full run against the installed package, named $1, with $WRAP and $NODE (see as_daemon).
serve_and_walk() {
  local name=$1
  log "$name: snmpd with the stock snmpd.conf and the package's drop-in"
  start_snmpd
  ls -ld /var/agentx /var/agentx/master
  log "$name: the daemon as its unit runs it"
  LOAD_CREDENTIAL=$(unit_value LoadCredential)
  SUPPLEMENTARY_GROUP=$(unit_value SupplementaryGroups)
  ENVIRONMENT=$(unit_value Environment)
  local exec_start reload_check
  exec_start=$(unit_value ExecStart)
  reload_check=$(unit_value ExecReload | head -n 1)
  echo "ExecStart=$exec_start (uid $daemon_uid, groups $SUPPLEMENTARY_GROUP, $ENVIRONMENT${NODE:+, with $NODE})"
  # shellcheck disable=SC2086 # the unit's command lines, split as systemd splits them (no quotes in them)
  (as_daemon $exec_start) >"$work/daemon-$name.log" 2>&1 &
  pids+=($!)
  # Until every default group (version, workers, statistics; the probe sets the status) has answered.
  local polled='mispInstanceVersion\.1 = STRING: 2|mispWorkersAlive\.1 = Gauge32: [1-9]|mispStatEvents\.1 = Gauge32: [1-9]'
  for _ in $(seq 150); do (($(walk | grep -cE "$polled") == 3)) && break; sleep 0.2; done
  walk >"$work/walk-$name.txt"
  head -n 12 "$work/walk-$name.txt"
  grep -E "$polled" "$work/walk-$name.txt" || true
  echo "... $(wc -l <"$work/walk-$name.txt") lines"
  (($(grep -cE "$polled" "$work/walk-$name.txt") == 3)) || { cat "$work/daemon-$name.log"; echo "test-deb: $name: not every group's values are served" >&2; return 1; }
  grep -q 'mispInstanceName.1 = STRING: misp$' "$work/walk-$name.txt" || { cat "$work/daemon-$name.log"; echo "test-deb: $name: the walk shows no MISP values" >&2; return 1; }
  grep -q 'mispInstanceStatus.1 = INTEGER: ok(1)' "$work/walk-$name.txt" || { grep -i status "$work/walk-$name.txt"; echo "test-deb: $name: instance not ok (TLS through the system store?)" >&2; return 1; }

  log "$name: doctor as the daemon's user"
  (as_daemon /usr/bin/misp-agentx doctor --config /etc/misp-agentx/config.yaml) | tee "$work/doctor-$name.txt"
  grep -q '^0 problem(s)' "$work/doctor-$name.txt"
  log "$name: the reload check (ExecReload's first command) passes, and refuses a broken file"
  # shellcheck disable=SC2086
  (as_daemon $reload_check)
  cp /etc/misp-agentx/config.yaml "$work/good.yaml" && echo 'instances: [ {' >/etc/misp-agentx/config.yaml
  # shellcheck disable=SC2086
  if (as_daemon $reload_check) 2>/dev/null; then echo "test-deb: a broken file passed the reload check" >&2; return 1; fi
  cp "$work/good.yaml" /etc/misp-agentx/config.yaml
  stop_started_daemon_and_snmpd
}

# Stops snmpd and the daemon (the last two started), keeping the simulated MISP.
stop_started_daemon_and_snmpd() {
  local keep=("${pids[0]}")
  pids=("${pids[@]:1}")
  stop_started
  pids=("${keep[@]}")
}

install_and_configure() {
  log "apt-get install ./$(basename "$deb")"
  local started
  started=$(date +%s%N)
  installed=yes
  apt-get install -y -qq "$deb" 2>&1 | grep -v '^debconf' || true
  dpkg-query -W -f='${Status}\n' misp-agentx | grep -q 'install ok installed'
  install_seconds=$(awk -v ns=$(($(date +%s%N) - started)) 'BEGIN { printf "%.1f", ns / 1e9 }')
  sed -i "s|^    url: https://misp.example.org$|    url: $misp_url|" /etc/misp-agentx/config.yaml
  grep -q "url: $misp_url" /etc/misp-agentx/config.yaml
  (umask 077 && echo "$KEY" >/etc/misp-agentx/misp-api-key)
}

purge() {
  log "apt-get purge misp-agentx"
  apt-get purge -y -qq misp-agentx >/dev/null
  installed=no
  [[ ! -e /etc/misp-agentx && ! -e /etc/snmp/snmpd.conf.d/misp-agentx.conf && ! -e /usr/bin/misp-agentx ]]
  ! getent group misp-agentx >/dev/null
}

# --- 1: the machine's Node.js, /var/agentx as found ---
install_and_configure
echo "installed in $install_seconds s"
log "the installed unit"
systemd-analyze verify /lib/systemd/system/misp-agentx.service
score=$(systemd-analyze security --offline=yes /lib/systemd/system/misp-agentx.service | sed -n 's/.*Overall exposure level for misp-agentx.service: \([0-9.]*\).*/\1/p')
echo "systemd-analyze security: $score"
awk -v s="$score" 'BEGIN { exit !(s <= 1.3) }'
WRAP= NODE= serve_and_walk "node-$(node -v)"

log "upgrade to a newer version: the edited configuration and the key stay"
dpkg-deb -R "$deb" "$work/upgrade-root"
sed -i 's/^Version: .*/&+test1/' "$work/upgrade-root/DEBIAN/control"
dpkg-deb --root-owner-group -b "$work/upgrade-root" "$work/misp-agentx_upgrade_all.deb" >/dev/null
apt-get install -y -qq "$work/misp-agentx_upgrade_all.deb" 2>&1 | grep -v -e '^debconf' -e 'Reading database' || true
upgraded=$(dpkg-query -W -f='${Version}' misp-agentx)
echo "now $upgraded"
[[ $upgraded == *+test1 ]]
grep -q "url: $misp_url" /etc/misp-agentx/config.yaml && [[ -s /etc/misp-agentx/misp-api-key ]]
purge

# --- 2: /var/agentx left drwx------ root root by an earlier snmpd, and Debian's Node.js 18 ---
log "Debian's nodejs 18, unpacked into $work/node18"
version=$(apt-cache madison nodejs | awk '$3 ~ /^18\./ && !v { v = $3 } END { print v }')
[[ -n $version ]] || { apt-get update -qq && version=$(apt-cache madison nodejs | awk '$3 ~ /^18\./ && !v { v = $3 } END { print v }'); }
mkdir -p "$work/debs" && chmod 0777 "$work/debs"
# libnode108 loads acorn, cjs-module-lexer and undici from /usr/share/nodejs, which these provide.
(cd "$work/debs" && apt-get download -qq "nodejs=$version" "libnode108=$version" libc-ares2 node-acorn node-cjs-module-lexer node-undici node-busboy node-xtend)
for file in "$work"/debs/*.deb; do dpkg -x "$file" "$work/node18"; done
node18=$work/node18/usr/bin/node
cat >"$work/node18.sh" <<EOF
#!/bin/sh
# Debian's node 18 with its /usr/share/nodejs over the machine's /usr/share, in this mount namespace only.
mount --make-rprivate / && mount -t overlay overlay -o lowerdir=$work/node18/usr/share:/usr/share /usr/share || exit 1
exec "\$@"
EOF
chmod 0755 "$work/node18.sh"
node18_version=$(unshare -m "$work/node18.sh" env LD_LIBRARY_PATH="$work/node18/usr/lib/x86_64-linux-gnu" "$node18" --version)
echo "$node18_version"

mkdir -m 0700 /var/agentx 2>/dev/null || chmod 0700 /var/agentx
chown root:root /var/agentx
ls -ld /var/agentx
install_and_configure
ls -ld /var/agentx
[[ $(stat -c '%a %G' /var/agentx) == '750 misp-agentx' ]] || { echo "test-deb: the tmpfiles rule did not open /var/agentx" >&2; exit 1; }
# The namespace is entered first (as root); the unit's user and groups are taken inside it.
WRAP="unshare -m $work/node18.sh" NODE="env LD_LIBRARY_PATH=$work/node18/usr/lib/x86_64-linux-gnu $node18" serve_and_walk "node-$node18_version"

log "apt-get remove: the program goes; configuration, key, snmpd lines and group stay"
apt-get remove -y -qq misp-agentx >/dev/null
[[ ! -e /usr/bin/misp-agentx && ! -e /usr/lib/misp-agentx && ! -L /usr/share/snmp/mibs/SNMPv2-SMI.txt ]]
[[ -s /etc/misp-agentx/misp-api-key && -e /etc/misp-agentx/config.yaml && -e /etc/snmp/snmpd.conf.d/misp-agentx.conf ]]
getent group misp-agentx >/dev/null
purge

log "summary"
echo "package: $(basename "$deb"), $deb_size bytes; apt-get install took $install_seconds s"
echo "systemd-analyze security: $score"
echo "Node.js versions run: $(node -v) (the machine's), $node18_version (Debian's nodejs $version)"
