#!/usr/bin/env bash
# Provision a fresh Raspberry Pi OS (Bookworm or later, Pi 4/5) as a Luach kiosk: the kiosk user,
# desktop autologin into a bare labwc session (or cage), the kiosk autostart, no screen blanking,
# and one of two shells:
#   chromium (default): a Node new enough for the release (the system's, else Node's official
#     build from the npm registry package node-linux-<arch>), the release bundle in
#     /opt/luach/app, `luach` on PATH and a systemd user unit running `luach start`, which serves
#     the wall and opens the system's Chromium as a hardened kiosk on it.
#   electron: the luach .deb (Electron and the app in /opt/Luach, with its unit), once its native
#     SQLite addon matches its Electron.
#
#   sudo scripts/pi-setup.sh --release luach-0.2.0-linux-arm64.tar.gz     # provision (again: it is idempotent)
#   sudo scripts/pi-setup.sh --shell electron --deb luach_0.1.0_arm64.deb
#   scripts/pi-setup.sh --dry-run                                          # print what it would do, change nothing
#   scripts/pi-setup.sh --root /mnt/sd --release FILE --node-package FILE  # write the files into a tree standing in for /
#
# Every step looks before it acts, so a second run changes nothing and says "ok" for each step.
set -euo pipefail

DRY_RUN=0
KIOSK_USER=luach
COMPOSITOR=labwc
SHELL_KIND=chromium
DEB=""
RELEASE=""
NODE_PACKAGE=""
ROOT=""
# The oldest Node the runtime supports (package.json "engines").
NODE_MIN=20.19.0
REGISTRY=https://registry.npmjs.org

usage() {
  cat <<'USAGE'
usage: pi-setup.sh [--shell chromium|electron] [--dry-run] [--root DIR] [--user NAME] [--compositor labwc|cage]
                   [--release FILE.tar.gz] [--node-package FILE.tgz] [--deb FILE.deb]
  --shell          chromium (default): the runtime under Node, the system's Chromium as the kiosk window;
                   electron: the luach .deb
  --dry-run        print every change it would make, make none (no root needed)
  --root DIR       write every file under DIR, standing in for / (an image being prepared, or a test);
                   commands that act on the running system (apt-get, useradd, systemctl) are listed, not run
  --user NAME      the kiosk user to create and log in automatically (default: luach)
  --compositor     labwc (default; the Raspberry Pi OS Wayland compositor) or cage (a single-app kiosk compositor)
  --release FILE   chromium: the release bundle (npm run release -- pack --arch arm64) to install in /opt/luach/app
  --node-package FILE  chromium: the node-linux-<arch> npm tarball to use when the system's Node does not fit
                   (default: downloaded from the npm registry and checked against its published sha512)
  --deb FILE       electron: the luach package to install or upgrade (skipped when the same version is installed)
USAGE
}

while [ $# -gt 0 ]; do
  case "$1" in
    --dry-run) DRY_RUN=1 ;;
    --root) ROOT="${2:?--root needs a directory}"; shift ;;
    --shell) SHELL_KIND="${2:?--shell needs chromium or electron}"; shift ;;
    --user) KIOSK_USER="${2:?--user needs a name}"; shift ;;
    --deb) DEB="${2:?--deb needs a file}"; shift ;;
    --release) RELEASE="${2:?--release needs a file}"; shift ;;
    --node-package) NODE_PACKAGE="${2:?--node-package needs a file}"; shift ;;
    --compositor) COMPOSITOR="${2:?--compositor needs labwc or cage}"; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "pi-setup: unknown option \"$1\"" >&2; usage >&2; exit 2 ;;
  esac
  shift
done

fail() { echo "pi-setup: $2" >&2; exit "$1"; }
case "$SHELL_KIND" in chromium|electron) ;; *) fail 2 "--shell must be chromium or electron, got \"$SHELL_KIND\"" ;; esac
case "$COMPOSITOR" in labwc|cage) ;; *) fail 2 "--compositor must be labwc or cage, got \"$COMPOSITOR\"" ;; esac
[[ "$KIOSK_USER" =~ ^[a-z_][a-z0-9_-]*$ ]] || fail 2 "--user \"$KIOSK_USER\" is not a valid user name"
for given in "--deb:$DEB" "--release:$RELEASE" "--node-package:$NODE_PACKAGE"; do
  file="${given#*:}"
  if [ -n "$file" ] && [ ! -f "$file" ]; then fail 2 "${given%%:*} $file: no such file"; fi
done
if [ "$SHELL_KIND" = chromium ] && [ -n "$DEB" ]; then fail 2 "--deb is the Electron package; give it with --shell electron (the chromium shell installs --release)"; fi
if [ "$SHELL_KIND" = electron ] && [ -n "$RELEASE$NODE_PACKAGE" ]; then fail 2 "--release and --node-package are for --shell chromium; the electron shell installs --deb"; fi
if [ -n "$ROOT" ]; then
  [ -d "$ROOT" ] || fail 2 "--root $ROOT: no such directory"
  ROOT=$(cd "$ROOT" && pwd)
  [ "$ROOT" != / ] || ROOT=""
fi
if [ "$DRY_RUN" = 0 ] && [ -z "$ROOT" ] && [ "$(id -u)" != 0 ]; then fail 1 "run as root (sudo), or with --dry-run"; fi
if [ "$DRY_RUN" = 0 ] && [ "$SHELL_KIND" = chromium ] && [ -z "$RELEASE" ]; then fail 2 "--release is required for the chromium shell (npm run release -- pack --arch arm64 builds one)"; fi

say() { printf '%s\n' "$*"; }
# Run a command that acts on the running system; in a dry run print it, under --root list it.
run() {
  if [ "$DRY_RUN" = 1 ]; then say "would run: $*"
  elif [ -n "$ROOT" ]; then say "skip (--root): $*"
  else say "run: $*"; "$@"; fi
}
# Write FILE (a path on the target) with CONTENT (mode MODE, owner OWNER) unless it already holds exactly that.
put_file() {
  local file="$ROOT$1" mode="$2" owner="$3" content="$4"
  if [ -f "$file" ] && [ "$(cat "$file")" = "$content" ] && [ "$(stat -c %a "$file")" = "$mode" ]; then say "ok: $1"; return; fi
  if [ "$DRY_RUN" = 1 ]; then
    say "would write $1 (mode $mode, owner $owner):"
    printf '%s\n' "$content" | sed 's/^/    | /'
    return
  fi
  say "write: $1"
  # Directories a user owns (~/.config/...) must not be created as root, or the session breaks.
  # Under --root there are no such users yet: ownership is left to whoever boots the tree.
  local dir
  dir=$(dirname "$1")
  if [ "$owner" = root:root ] || [ -n "$ROOT" ]; then install -d -m 755 "$ROOT$dir"; else
    local sub="" part
    IFS=/ read -r -a parts <<< "${dir#"$HOME_DIR"/}"
    for part in "${parts[@]}"; do
      sub="$sub/$part"
      install -d -m 755 -o "${owner%%:*}" -g "${owner##*:}" "$HOME_DIR$sub"
    done
  fi
  printf '%s\n' "$content" > "$file"
  chmod "$mode" "$file"
  if [ -z "$ROOT" ]; then chown "$owner" "$file"; fi
}
installed() { dpkg-query --admindir="$ROOT/var/lib/dpkg" -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }
user_entry() { if [ -n "$ROOT" ]; then grep "^$1:" "$ROOT/etc/passwd" 2>/dev/null || true; else getent passwd "$1" || true; fi; }
in_group() {
  if [ -n "$ROOT" ]; then grep -Eq "^$2:[^:]*:[^:]*:(.*,)?$1(,|$)" "$ROOT/etc/group" 2>/dev/null
  else id -nG "$1" 2>/dev/null | tr ' ' '\n' | grep -qx "$2"; fi
}
# The CPU in Node's names (process.arch), as release bundles and node-linux-* packages are named.
machine_arch() { case "$(uname -m)" in aarch64|arm64) echo arm64 ;; x86_64) echo x64 ;; armv7l) echo armv7l ;; *) uname -m ;; esac; }

# 1. Packages: the compositor, the screen power tools the kiosk tries in order, and the shell's own.
PACKAGES=(wlr-randr x11-xserver-utils v4l-utils lightdm dbus-user-session systemd "$COMPOSITOR")
if [ "$SHELL_KIND" = chromium ]; then PACKAGES+=(chromium ca-certificates curl); else PACKAGES+=(libgbm1 libnss3 libgtk-3-0 libxss1 libsecret-1-0); fi
missing=()
for p in "${PACKAGES[@]}"; do installed "$p" || missing+=("$p"); done
if [ ${#missing[@]} -eq 0 ]; then say "ok: packages ${PACKAGES[*]}"; else
  run apt-get update
  run env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}"
fi

# 2. The kiosk user: no password, in the groups that own the GPU, input and HDMI-CEC devices.
if [ -n "$(user_entry "$KIOSK_USER")" ]; then say "ok: user $KIOSK_USER"; else
  run useradd --create-home --shell /bin/bash --comment "Luach kiosk" "$KIOSK_USER"
fi
for group in video render input; do
  if in_group "$KIOSK_USER" "$group"; then say "ok: $KIOSK_USER in $group"; else
    run usermod -aG "$group" "$KIOSK_USER"
  fi
done
HOME_DIR=$(user_entry "$KIOSK_USER" | cut -d: -f6)
HOME_DIR=${HOME_DIR:-/home/$KIOSK_USER}

# 3. The shell.
SCRIPT_DIR=$(dirname "$0")
if [ "$SHELL_KIND" = chromium ]; then
  # shellcheck source=scripts/pi-setup/chromium-shell.sh
  . "$SCRIPT_DIR/pi-setup/chromium-shell.sh"
else
  # shellcheck source=scripts/pi-setup/electron-shell.sh
  . "$SCRIPT_DIR/pi-setup/electron-shell.sh"
fi
put_file /etc/luach/kiosk-user 644 root:root "$KIOSK_USER"

# 4. Session: autologin into a bare compositor that starts only the kiosk.
#    X11 (if someone switches back): no cursor, no blanking, no DPMS from the X server itself.
if [ "$COMPOSITOR" = labwc ]; then
  put_file /etc/lightdm/lightdm.conf.d/50-luach-kiosk.conf 644 root:root "[Seat:*]
autologin-user=$KIOSK_USER
autologin-session=labwc
user-session=labwc
xserver-command=X -s 0 -dpms -nocursor"
  # The autostart ships in the .deb; a checkout's build/ has the same file (the chromium shell's source).
  # Only the kiosk starts: no panel, no desktop, and no swayidle to blank the screen.
  TEMPLATE=""
  for candidate in "$ROOT/usr/share/luach/labwc-autostart" "$SCRIPT_DIR/../build/labwc-autostart"; do
    if [ -f "$candidate" ]; then TEMPLATE="$candidate"; break; fi
  done
  if [ -n "$TEMPLATE" ]; then
    put_file "$HOME_DIR/.config/labwc/autostart" 644 "$KIOSK_USER:$KIOSK_USER" "$(cat "$TEMPLATE")"
  else
    say "would copy /usr/share/luach/labwc-autostart to $HOME_DIR/.config/labwc/autostart once the package is installed"
  fi
else
  put_file /etc/systemd/system/luach-cage.service 644 root:root "[Unit]
Description=Luach kiosk in cage on tty1
After=systemd-user-sessions.service
Conflicts=getty@tty1.service

[Service]
User=$KIOSK_USER
PAMName=login
TTYPath=/dev/tty1
Environment=XDG_SESSION_TYPE=wayland
ExecStart=/usr/bin/cage -d -- /bin/sh -c 'dbus-update-activation-environment --systemd WAYLAND_DISPLAY XDG_SESSION_TYPE; exec systemctl --user start --wait luach.service'
Restart=always

[Install]
WantedBy=graphical.target"
  if [ -z "$ROOT" ] && systemctl is-enabled --quiet luach-cage.service 2>/dev/null; then say "ok: luach-cage.service enabled"; else
    run systemctl enable luach-cage.service
  fi
fi
if [ -z "$ROOT" ] && [ "$(systemctl get-default 2>/dev/null || true)" = graphical.target ]; then say "ok: boots to graphical.target"; else
  run systemctl set-default graphical.target
fi

# 5. No screen blanking from the console or the firmware; the kiosk decides when the screen is off.
if [ -z "$ROOT" ] && command -v raspi-config >/dev/null 2>&1; then
  if [ "$(raspi-config nonint get_blanking 2>/dev/null || echo 0)" = 1 ]; then say "ok: screen blanking disabled"; else
    run raspi-config nonint do_blanking 1
  fi
else
  say "skip: raspi-config not found (not Raspberry Pi OS, or --root); disable screen blanking in the session by hand"
fi

say "done: reboot to start the kiosk (sudo reboot)"
