# shellcheck shell=bash
# Sourced by pi-setup.sh for --shell electron: the luach .deb (the app in /opt/Luach, the user
# unit, the autostart templates), refused when its native SQLite addon cannot load in its Electron.
# Uses pi-setup.sh's ROOT, DRY_RUN, DEB and helpers.

# The ABI a Node addon is built for: NODE_MODULE_INIT exports node_register_module_v<ABI>.
addon_abi() { grep -ao 'node_register_module_v[0-9]*' "$1" | head -n 1 | sed 's/node_register_module_v//'; }

if [ -n "$DEB" ]; then
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  dpkg-deb --fsys-tarfile "$DEB" | tar -x -C "$work" --wildcards '*/better_sqlite3.node' '*/resources/electron-abi' '*/Luach/version' 2>/dev/null || true
  addon=$(find "$work" -name better_sqlite3.node -print -quit)
  electron_version=$(cat "$work/opt/Luach/version" 2>/dev/null || echo unknown)
  electron_abi=$(cat "$work/opt/Luach/resources/electron-abi" 2>/dev/null || true)
  module_abi=""
  if [ -n "$addon" ]; then module_abi=$(addon_abi "$addon"); fi
  if [ -z "$electron_abi" ] || [ -z "$module_abi" ]; then
    say "note: cannot compare the package's native module (ABI ${module_abi:-unknown}) with its Electron $electron_version (ABI ${electron_abi:-unknown}); npx tsx scripts/electron-check.ts does, where Electron runs"
  elif [ "$module_abi" != "$electron_abi" ]; then
    fail 1 "$DEB: its better-sqlite3 is built for NODE_MODULE_VERSION $module_abi, but its Electron $electron_version loads $electron_abi: the kiosk would fail at its first start. Rebuild and check it with npx tsx scripts/electron-check.ts on a machine with the Electron binary, or use --shell chromium"
  else
    say "ok: the package's native module matches its Electron $electron_version (ABI $electron_abi)"
  fi
  want=$(dpkg-deb -f "$DEB" Version)
  have=$(dpkg-query --admindir="$ROOT/var/lib/dpkg" -W -f='${Version}' luach 2>/dev/null || true)
  if [ "$want" = "$have" ]; then say "ok: luach $have installed"; else
    run env DEBIAN_FRONTEND=noninteractive apt-get install -y "$(realpath "$DEB")"
  fi
else
  say "skip: no --deb given; install the luach package before rebooting"
fi
