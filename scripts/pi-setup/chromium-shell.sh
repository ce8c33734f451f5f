# shellcheck shell=bash
# Sourced by pi-setup.sh for --shell chromium: a Node for the release, the release in
# /opt/luach/app, `luach` on PATH, and the systemd user unit that runs `luach start`.
# Uses pi-setup.sh's ROOT, DRY_RUN, RELEASE, NODE_PACKAGE, NODE_MIN, REGISTRY and helpers.

: "${NODE_MIN:?}" "${REGISTRY:?}"
APP_DIR=/opt/luach/app
NODE_DIR=/opt/luach/node

# The first string field FIELD of the JSON on stdin (package.json, release.json: flat string fields).
json_field() { { grep -o "\"$1\": *\"[^\"]*\"" || true; } | head -n 1 | sed 's/.*: *"\(.*\)"$/\1/'; }
release_field() { tar -xzOf "$RELEASE" release.json | json_field "$1"; }
# "VERSION ABI" of a Node binary, or nothing when it does not run here.
node_identity() { "$1" -p 'process.versions.node + " " + process.versions.modules' 2>/dev/null || true; }
newer_or_equal() { [ "$(printf '%s\n%s\n' "$2" "$1" | sort -V | head -n 1)" = "$2" ]; }

if [ -z "$RELEASE" ]; then
  say "would install the release given with --release into $APP_DIR, and a Node matching it"
  NODE_BIN="$NODE_DIR/bin/node"
else
  tar -tzf "$RELEASE" release.json >/dev/null 2>&1 || fail 2 "--release $RELEASE: not a Luach release bundle (no release.json inside)"
  WANT_ARCH=$(release_field arch)
  WANT_ABI=$(release_field abi)
  RUNTIME=$(release_field runtime)
  WANT_VERSION=$(tar -xzOf "$RELEASE" package.json | json_field version)
  case "$RUNTIME" in
    "node "*) WANT_NODE=${RUNTIME#node } ;;
    *) fail 2 "--release $RELEASE is built for \"$RUNTIME\", not Node: the chromium shell runs the release under Node (npm run release -- pack --arch $WANT_ARCH)" ;;
  esac
  # Under --root the tree is another machine's (an SD card, a test): the release says what CPU it is for.
  if [ -z "$ROOT" ] && [ "$WANT_ARCH" != "$(machine_arch)" ]; then
    fail 2 "--release $RELEASE is built for $WANT_ARCH, but this machine is $(machine_arch)"
  fi

  # 3a. Node: the system's when it runs this release's native addon (same ABI) and is new enough.
  SYSTEM_NODE="$ROOT/usr/bin/node"
  if [ -z "$ROOT" ]; then SYSTEM_NODE=$(command -v node || echo /usr/bin/node); fi
  read -r have_node have_abi <<< "$(node_identity "$SYSTEM_NODE")" || true
  if [ -n "${have_node:-}" ] && [ "$have_abi" = "$WANT_ABI" ] && newer_or_equal "$have_node" "$NODE_MIN"; then
    say "ok: the system's Node $have_node runs the release (ABI $WANT_ABI)"
    NODE_BIN=${SYSTEM_NODE#"$ROOT"}
  else
    if [ -n "${have_node:-}" ]; then why="the system's Node is $have_node (ABI $have_abi)"; else why="there is no system Node"; fi
    say "note: $why; the release needs Node >= $NODE_MIN with ABI $WANT_ABI: using node-linux-$WANT_ARCH $WANT_NODE in $NODE_DIR"
    NODE_BIN="$NODE_DIR/bin/node"
    have_package=$( (json_field version < "$ROOT$NODE_DIR/package.json") 2>/dev/null || true)
    if [ "$have_package" = "$WANT_NODE" ] && [ -x "$ROOT$NODE_BIN" ]; then say "ok: node-linux-$WANT_ARCH $WANT_NODE in $NODE_DIR"
    elif [ "$DRY_RUN" = 1 ]; then say "would unpack node-linux-$WANT_ARCH $WANT_NODE (${NODE_PACKAGE:-from $REGISTRY}) into $NODE_DIR"
    else
      work=$(mktemp -d)
      trap 'rm -rf "$work"' EXIT
      package="$NODE_PACKAGE"
      if [ -z "$package" ]; then
        # The registry publishes each version's sha512; the tarball must match it.
        meta=$(curl -fsSL "$REGISTRY/node-linux-$WANT_ARCH/$WANT_NODE") || fail 1 "could not read node-linux-$WANT_ARCH $WANT_NODE from $REGISTRY"
        integrity=$(printf '%s' "$meta" | grep -o '"integrity":"sha512-[^"]*"' | head -n 1 | sed 's/.*sha512-\(.*\)"/\1/')
        [ -n "$integrity" ] || fail 1 "$REGISTRY has no sha512 for node-linux-$WANT_ARCH $WANT_NODE"
        package="$work/node.tgz"
        say "download: $REGISTRY/node-linux-$WANT_ARCH/-/node-linux-$WANT_ARCH-$WANT_NODE.tgz"
        curl -fsSL -o "$package" "$REGISTRY/node-linux-$WANT_ARCH/-/node-linux-$WANT_ARCH-$WANT_NODE.tgz"
        [ "$(sha512sum "$package" | cut -d' ' -f1 | xxd -r -p | base64 -w0)" = "$integrity" ] || fail 1 "the downloaded node-linux-$WANT_ARCH $WANT_NODE does not match the registry's sha512"
      fi
      name=$(tar -xzOf "$package" package/package.json 2>/dev/null | json_field name)
      version=$(tar -xzOf "$package" package/package.json 2>/dev/null | json_field version)
      if [ "$name $version" != "node-linux-$WANT_ARCH $WANT_NODE" ]; then
        fail 2 "--node-package $package is ${name:-not an npm package} ${version}, the release needs node-linux-$WANT_ARCH $WANT_NODE"
      fi
      say "write: $NODE_DIR (node-linux-$WANT_ARCH $WANT_NODE)"
      mkdir -p "$work/node" "$ROOT$(dirname "$NODE_DIR")"
      tar -xzf "$package" -C "$work/node" --strip-components=1 package/bin package/LICENSE package/package.json
      rm -rf "$ROOT$NODE_DIR"
      mv "$work/node" "$ROOT$NODE_DIR"
      chmod 755 "$ROOT$NODE_DIR" "$ROOT$NODE_BIN"
    fi
  fi

  # 3b. The release, unpacked whole beside the old one and renamed into place.
  if [ -f "$ROOT$APP_DIR/release.json" ] && [ "$(cat "$ROOT$APP_DIR/release.json")" = "$(tar -xzOf "$RELEASE" release.json)" ]; then
    say "ok: luach $WANT_VERSION in $APP_DIR"
  elif [ "$DRY_RUN" = 1 ]; then say "would unpack luach $WANT_VERSION ($WANT_ARCH, $RUNTIME) into $APP_DIR"
  else
    say "write: $APP_DIR (luach $WANT_VERSION, $WANT_ARCH, $RUNTIME)"
    mkdir -p "$ROOT$APP_DIR.new"
    tar -xzf "$RELEASE" -C "$ROOT$APP_DIR.new" --no-same-owner
    chmod -R u+rwX,go+rX,go-w "$ROOT$APP_DIR.new"
    rm -rf "$ROOT$APP_DIR"
    mv "$ROOT$APP_DIR.new" "$ROOT$APP_DIR"
  fi
fi

# 3c. `luach` on PATH, under the Node chosen above.
put_file /usr/local/bin/luach 755 root:root "#!/bin/sh
# The Luach runtime (pi-setup.sh --shell chromium): the release in $APP_DIR under $NODE_BIN.
exec $NODE_BIN $APP_DIR/bin/luach.js \"\$@\""

# 3d. The unit: systemd keeps \`luach start\` running; the runtime opens Chromium on the wall it serves.
put_file /etc/systemd/user/luach.service 644 root:root "# The Luach kiosk (Chromium shell) as a systemd user service of the kiosk user; the session's
# autostart hands it the display variables and starts it. Written by scripts/pi-setup.sh.
[Unit]
Description=Luach synagogue display (Chromium kiosk)
PartOf=graphical-session.target
After=graphical-session.target
StartLimitIntervalSec=0

[Service]
# READY=1 once the wall is served, then a ping at half WatchdogSec while the main loop runs;
# if the pings stop, systemd kills and restarts it. The pings come from systemd-notify.
Type=notify
NotifyAccess=all
WatchdogSec=60
TimeoutStartSec=120
ExecStart=/usr/local/bin/luach start
Restart=always
RestartSec=1
StandardOutput=journal
StandardError=journal

[Install]
WantedBy=graphical-session.target"
