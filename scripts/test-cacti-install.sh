#!/bin/bash
# Installs Debian's Cacti (1.2.24 on Debian 12) for scripts/test-cacti.sh, with no web GUI and on
# loopback only, and disables Cacti's automation network before anything can poll. Idempotent.
# Run as root. Prints "MARIADB_PID=<pid>" when it started mariadbd, so the caller can stop it.
# Facts and pitfalls: ../shared/reference/cacti.md (the safety section first).
set -euo pipefail

export DEBIAN_FRONTEND=noninteractive
say() { echo "test-cacti: $*" >&2; }

missing=()
for pkg in mariadb-server apache2 libapache2-mod-php php-cli php-mysql php-snmp rrdtool dbconfig-mysql snmp; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'ok installed' || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  say "installing ${missing[*]}"
  apt-get install -y -q "${missing[@]}" >/dev/null
fi

# Apache is never started by the test, but if someone starts it, it must listen on loopback only.
sed -i -E 's/^Listen (80|443)$/Listen 127.0.0.1:\1/' /etc/apache2/ports.conf
grep -qE '^Listen (0\.0\.0\.0:)?[0-9]+$' /etc/apache2/ports.conf && { say "apache2 still listens on every address"; exit 1; }

# MariaDB: no systemd here and policy-rc.d refuses service starts, so start it by hand, on 127.0.0.1.
if ! mariadb-admin --protocol=socket ping >/dev/null 2>&1; then
  install -d -o mysql -g mysql /run/mysqld
  mariadbd --user=mysql --bind-address=127.0.0.1 --skip-networking=0 >/var/log/mysql-test-cacti.log 2>&1 &
  echo "MARIADB_PID=$!"
  for _ in $(seq 1 60); do mariadb-admin --protocol=socket ping >/dev/null 2>&1 && break; sleep 0.5; done
  mariadb-admin --protocol=socket ping >/dev/null || { say "mariadbd did not start"; exit 1; }
fi

if ! dpkg-query -W -f='${Status}' cacti 2>/dev/null | grep -q 'ok installed'; then
  debconf-set-selections <<'EOF'
cacti cacti/webserver select apache2
cacti cacti/dbconfig-install boolean true
cacti cacti/database-type select mysql
cacti cacti/mysql/method select Unix socket
cacti cacti/mysql/admin-user string root
cacti cacti/mysql/admin-pass password
cacti cacti/mysql/app-pass password
cacti cacti/app-password-confirm password
EOF
  say "installing cacti cacti-spine"
  apt-get install -y -q cacti cacti-spine >/dev/null
fi

# SAFETY: Cacti ships an enabled automation network (192.168.1.0/24) that the first poller run
# scans. Disable every automation network and point it at loopback, then prove it.
mariadb cacti -e "UPDATE automation_networks SET enabled='', subnet_range='127.0.0.1/32'"
unsafe=$(mariadb -N cacti -e "SELECT COUNT(*) FROM automation_networks WHERE enabled='on' OR subnet_range<>'127.0.0.1/32'")
[ "$unsafe" = 0 ] || { say "an automation network is still enabled or not on loopback"; exit 1; }
say "cacti $(dpkg-query -W -f='${Version}' cacti) installed; automation networks disabled and on 127.0.0.1/32"
