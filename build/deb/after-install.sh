#!/bin/sh
# postinst of the luach .deb (electron-builder's afterInstall, and the offline dpkg-deb path).
# It replaces electron-builder's default script, so it also does what that one did.
set -e

APP_DIR=/opt/Luach

# The `luach` command on PATH.
ln -sf "$APP_DIR/luach" /usr/bin/luach

# Chromium's setuid sandbox helper, needed where unprivileged user namespaces are off.
if [ -f "$APP_DIR/chrome-sandbox" ]; then
  chown root:root "$APP_DIR/chrome-sandbox"
  chmod 4755 "$APP_DIR/chrome-sandbox"
fi

# On an upgrade, restart the kiosk of the user pi-setup.sh configured, if that session runs.
if [ -r /etc/luach/kiosk-user ] && command -v systemctl >/dev/null 2>&1; then
  KIOSK_USER=$(head -n 1 /etc/luach/kiosk-user)
  if [ -n "$KIOSK_USER" ] && systemctl --quiet is-active "user@$(id -u "$KIOSK_USER" 2>/dev/null || echo none).service" 2>/dev/null; then
    systemctl --user --machine="$KIOSK_USER@" daemon-reload || true
    systemctl --user --machine="$KIOSK_USER@" try-restart luach.service || true
  fi
fi

exit 0
