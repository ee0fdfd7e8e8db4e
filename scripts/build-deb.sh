#!/usr/bin/env bash
# Builds build/misp-agentx_<version>-1_all.deb from this checkout: the compiled daemon with its
# production dependencies (so that installing needs no registry), the unit, the snmpd lines, the
# tmpfiles rule, the example configuration as a conffile, the MIB, templates and docs.
# Needs node, npm (dependencies from the npm cache or registry) and dpkg-deb. Run: npm run package:deb
set -euo pipefail
cd "$(dirname "$0")/.."

version=$(node -p 'require("./package.json").version')
deb_version="$version-1"
out=build
root=$out/deb-root
lib=$root/usr/lib/misp-agentx
doc=$root/usr/share/doc/misp-agentx
rm -rf "$root" && mkdir -p "$lib" "$root/DEBIAN" "$doc" "$root/usr/bin" "$root/lib/systemd/system" "$root/usr/lib/tmpfiles.d" \
  "$root/etc/misp-agentx" "$root/etc/snmp/snmpd.conf.d" "$root/usr/share/snmp/mibs" "$root/usr/share/misp-agentx"

npm run build --silent
cp -r dist package.json package-lock.json "$lib/"
find "$lib/dist" -name '*.map' -delete
# Exactly the locked production tree; no install scripts run (none of them needs one).
(cd "$lib" && npm ci --omit=dev --ignore-scripts --no-audit --no-fund --loglevel=error)
chmod 0755 "$lib/dist/cli/entry.js"
ln -s ../lib/misp-agentx/dist/cli/entry.js "$root/usr/bin/misp-agentx"

install -m 0644 systemd/misp-agentx.service "$root/lib/systemd/system/misp-agentx.service"
install -m 0644 systemd/misp-agentx.tmpfiles "$root/usr/lib/tmpfiles.d/misp-agentx.conf"
install -m 0644 systemd/snmpd-agentx.conf "$root/etc/snmp/snmpd.conf.d/misp-agentx.conf"
install -m 0644 config/misp-agentx.example.yaml "$root/etc/misp-agentx/config.yaml"
install -m 0644 mibs/MISP-AGENTX-MIB.txt "$root/usr/share/snmp/mibs/MISP-AGENTX-MIB.txt"
cp -r nms "$root/usr/share/misp-agentx/nms"
cp -r README.md docs "$doc/"
cp config/misp-agentx.example.yaml "$doc/"

# copyright: ours, then each bundled package with the license it declares (its text is in its folder).
{
  printf 'Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/\nUpstream-Name: misp-agentx\nSource: https://github.com/misp-agentx/misp-agentx\n\n'
  printf 'Files: *\nCopyright: misp-agentx developers\nLicense: AGPL-3.0-only\n\n'
  node -e '
    const { readdirSync, readFileSync, existsSync } = require("node:fs");
    const base = process.argv[1];
    const dirs = readdirSync(base).flatMap((d) => (d.startsWith("@") ? readdirSync(`${base}/${d}`).map((s) => `${d}/${s}`) : d.startsWith(".") ? [] : [d]));
    for (const dir of dirs.sort()) {
      const manifest = JSON.parse(readFileSync(`${base}/${dir}/package.json`, "utf8"));
      const notice = readdirSync(`${base}/${dir}`).find((f) => /^(licen[cs]e|copying)/i.test(f));
      process.stdout.write(`Files: usr/lib/misp-agentx/node_modules/${dir}/*\nCopyright: see ${notice ? `usr/lib/misp-agentx/node_modules/${dir}/${notice}` : `the ${manifest.name} ${manifest.version} package`}\nLicense: ${manifest.license}\n\n`);
    }' "$lib/node_modules"
  printf 'License: AGPL-3.0-only\n'
  sed -e 's/^$/./' -e 's/^/ /' LICENSE
} >"$doc/copyright"

cp packaging/deb/conffiles packaging/deb/postinst packaging/deb/prerm packaging/deb/postrm "$root/DEBIAN/"
installed_size=$(du -sk --exclude=DEBIAN "$root" | cut -f1)
sed -e "s/@VERSION@/$deb_version/" -e "s/@INSTALLED_SIZE@/$installed_size/" packaging/deb/control >"$root/DEBIAN/control"
(cd "$root" && find . -path ./DEBIAN -prune -o -type f -printf '%P\0' | sort -z | xargs -0 md5sum >DEBIAN/md5sums)

deb="$out/misp-agentx_${deb_version}_all.deb"
dpkg-deb --root-owner-group -Zxz --build "$root" "$deb" >/dev/null
rm -rf "$root"
echo "$deb ($(du -h "$deb" | cut -f1), $installed_size KiB installed)"
