#!/bin/bash
# Installs Debian's Zabbix 6.0 server and frontend for test/zabbix/ (npm run test:zabbix), on
# loopback only, in its own database of the local MariaDB (the real-MISP kit's server: nothing of
# it is dropped or changed). Idempotent: packages and the database stay for the next run.
# Root only. Prints "MARIADB_STARTED=1" when it started MariaDB, so the caller can stop it.
set -euo pipefail

export DEBIAN_FRONTEND=noninteractive
DB=${ZABBIX_TEST_DB:-zabbix_misp_test}
say() { echo "test-zabbix: $*" >&2; }

[ "$(id -u)" = 0 ] || { say "run as root (it installs Debian's zabbix-server-mysql)"; exit 1; }
missing=()
for pkg in mariadb-server zabbix-server-mysql zabbix-frontend-php php-cli php-mysql snmp; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'ok installed' || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  say "installing ${missing[*]}"
  apt-get install -y -q "${missing[@]}" >/dev/null
fi

# MariaDB: the same server the real-MISP kit starts (service mariadb start: no systemd here).
if ! mariadb-admin --protocol=socket ping >/dev/null 2>&1; then
  service mariadb start >/dev/null
  echo "MARIADB_STARTED=1"
  for _ in $(seq 1 60); do mariadb-admin --protocol=socket ping >/dev/null 2>&1 && break; sleep 0.5; done
  mariadb-admin --protocol=socket ping >/dev/null || { say "mariadb did not start"; exit 1; }
fi

# Our own database and user; the schema is imported once (about a minute).
mariadb -e "CREATE DATABASE IF NOT EXISTS \`$DB\` CHARACTER SET utf8mb4 COLLATE utf8mb4_bin"
tables=$(mariadb -N -B -e "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema='$DB' AND table_name='dbversion'")
if [ "$tables" = 0 ] || [ "$(mariadb -N -B "$DB" -e 'SELECT COUNT(*) FROM users')" = 0 ]; then
  say "importing the Zabbix schema into $DB"
  for part in schema images data; do
    zcat "/usr/share/zabbix-server-mysql/$part.sql.gz" | mariadb "$DB"
  done
fi

# SAFETY: the server polls nothing but our test host. Stock data has a network discovery rule
# (192.168.0.1-254) and the "Zabbix server" host; disable them, and every action and media type.
mariadb "$DB" -e "UPDATE drules SET status=1; UPDATE hosts SET status=1 WHERE host='Zabbix server'; UPDATE actions SET status=1; UPDATE media_type SET status=1"
unsafe=$(mariadb -N -B "$DB" -e "SELECT (SELECT COUNT(*) FROM drules WHERE status=0) + (SELECT COUNT(*) FROM actions WHERE status=0) + (SELECT COUNT(*) FROM media_type WHERE status=0)")
[ "$unsafe" = 0 ] || { say "a discovery rule, action or media type is still enabled"; exit 1; }
say "zabbix $(dpkg-query -W -f='${Version}' zabbix-server-mysql) installed; database $DB ready; discovery rules, actions and media types disabled"
