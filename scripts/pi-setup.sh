#!/usr/bin/env bash
# Provision a fresh Raspberry Pi OS (Bookworm or later, Pi 4/5) as a Luach kiosk:
# apt dependencies, the kiosk user, desktop autologin into a bare labwc session (or cage),
# the kiosk autostart, no screen blanking, a hidden cursor, and the luach .deb with its unit.
#
#   sudo scripts/pi-setup.sh --deb luach_0.1.0_arm64.deb          # provision (again: it is idempotent)
#   scripts/pi-setup.sh --dry-run                                  # print what it would do, change nothing
#
# Every step looks before it acts, so a second run changes nothing and says "ok" for each step.
set -euo pipefail

DRY_RUN=0
KIOSK_USER=luach
COMPOSITOR=labwc
DEB=""

usage() {
  cat <<'USAGE'
usage: pi-setup.sh [--dry-run] [--user NAME] [--deb FILE.deb] [--compositor labwc|cage]
  --dry-run      print every change it would make, make none (no root needed)
  --user NAME    the kiosk user to create and log in automatically (default: luach)
  --deb FILE     the luach package to install or upgrade (skipped when the same version is installed)
  --compositor   labwc (default; the Raspberry Pi OS Wayland compositor) or cage (a single-app kiosk compositor)
USAGE
}

while [ $# -gt 0 ]; do
  case "$1" in
    --dry-run) DRY_RUN=1 ;;
    --user) KIOSK_USER="${2:?--user needs a name}"; shift ;;
    --deb) DEB="${2:?--deb needs a file}"; shift ;;
    --compositor) COMPOSITOR="${2:?--compositor needs labwc or cage}"; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "pi-setup: unknown option \"$1\"" >&2; usage >&2; exit 2 ;;
  esac
  shift
done

case "$COMPOSITOR" in labwc|cage) ;; *) echo "pi-setup: --compositor must be labwc or cage, got \"$COMPOSITOR\"" >&2; exit 2 ;; esac
if ! [[ "$KIOSK_USER" =~ ^[a-z_][a-z0-9_-]*$ ]]; then echo "pi-setup: --user \"$KIOSK_USER\" is not a valid user name" >&2; exit 2; fi
if [ -n "$DEB" ] && [ ! -f "$DEB" ]; then echo "pi-setup: --deb $DEB: no such file" >&2; exit 2; fi
if [ "$DRY_RUN" = 0 ] && [ "$(id -u)" != 0 ]; then echo "pi-setup: run as root (sudo), or with --dry-run" >&2; exit 1; fi

say() { printf '%s\n' "$*"; }
# Run a command, or in a dry run print it.
run() {
  if [ "$DRY_RUN" = 1 ]; then say "would run: $*"; else say "run: $*"; "$@"; fi
}
# Write FILE with CONTENT (mode MODE, owner OWNER) unless it already holds exactly that.
put_file() {
  local file="$1" mode="$2" owner="$3" content="$4"
  if [ -f "$file" ] && [ "$(cat "$file")" = "$content" ]; then say "ok: $file"; return; fi
  if [ "$DRY_RUN" = 1 ]; then
    say "would write $file (mode $mode, owner $owner):"
    printf '%s\n' "$content" | sed 's/^/    | /'
    return
  fi
  say "write: $file"
  # Directories a user owns (~/.config/...) must not be created as root, or the session breaks.
  local dir
  dir=$(dirname "$file")
  if [ "$owner" = root:root ]; then install -d -m 755 "$dir"; else
    local sub="" part
    IFS=/ read -r -a parts <<< "${dir#"$HOME_DIR"/}"
    for part in "${parts[@]}"; do
      sub="$sub/$part"
      install -d -m 755 -o "${owner%%:*}" -g "${owner##*:}" "$HOME_DIR$sub"
    done
  fi
  printf '%s\n' "$content" > "$file"
  chmod "$mode" "$file"
  chown "$owner" "$file"
}
installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }

# 1. Packages: the compositor, the screen power tools the kiosk tries in order, Electron's libraries.
PACKAGES=(wlr-randr x11-xserver-utils v4l-utils libgbm1 libnss3 libgtk-3-0 libxss1 libsecret-1-0 lightdm dbus-user-session)
PACKAGES+=("$COMPOSITOR")
missing=()
for p in "${PACKAGES[@]}"; do installed "$p" || missing+=("$p"); done
if [ ${#missing[@]} -eq 0 ]; then say "ok: packages ${PACKAGES[*]}"; else
  run apt-get update
  run env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}"
fi

# 2. The kiosk user: no password, in the groups that own the GPU, input and HDMI-CEC devices.
if id -u "$KIOSK_USER" >/dev/null 2>&1; then say "ok: user $KIOSK_USER"; else
  run useradd --create-home --shell /bin/bash --comment "Luach kiosk" "$KIOSK_USER"
fi
for group in video render input; do
  if id -nG "$KIOSK_USER" 2>/dev/null | tr ' ' '\n' | grep -qx "$group"; then say "ok: $KIOSK_USER in $group"; else
    run usermod -aG "$group" "$KIOSK_USER"
  fi
done
HOME_DIR=$(getent passwd "$KIOSK_USER" | cut -d: -f6 || true)
HOME_DIR=${HOME_DIR:-/home/$KIOSK_USER}

# 3. The luach package (the app in /opt/Luach, the user unit, the autostart templates).
if [ -n "$DEB" ]; then
  want=$(dpkg-deb -f "$DEB" Version)
  have=$(dpkg-query -W -f='${Version}' luach 2>/dev/null || true)
  if [ "$want" = "$have" ]; then say "ok: luach $have installed"; else
    run env DEBIAN_FRONTEND=noninteractive apt-get install -y "$(realpath "$DEB")"
  fi
else
  say "skip: no --deb given; install the luach package before rebooting"
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
  # The autostart ships in the package; a checkout's build/ has the same file for a dry run.
  # Only the kiosk starts: no panel, no desktop, and no swayidle to blank the screen.
  TEMPLATE=""
  for candidate in /usr/share/luach/labwc-autostart "$(dirname "$0")/../build/labwc-autostart"; do
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
  if systemctl is-enabled --quiet luach-cage.service 2>/dev/null; then say "ok: luach-cage.service enabled"; else
    run systemctl enable luach-cage.service
  fi
fi
if [ "$(systemctl get-default 2>/dev/null || true)" = graphical.target ]; then say "ok: boots to graphical.target"; else
  run systemctl set-default graphical.target
fi

# 5. No screen blanking from the console or the firmware; the kiosk decides when the screen is off.
if command -v raspi-config >/dev/null 2>&1; then
  if [ "$(raspi-config nonint get_blanking 2>/dev/null || echo 0)" = 1 ]; then say "ok: screen blanking disabled"; else
    run raspi-config nonint do_blanking 1
  fi
else
  say "skip: raspi-config not found (not Raspberry Pi OS); disable screen blanking in the session by hand"
fi

say "done: reboot to start the kiosk (sudo reboot)"
