#!/bin/sh
# postrm of the luach .deb: undo what after-install.sh added outside the package's files.
set -e

case "$1" in
  remove|purge)
    if [ "$(readlink /usr/bin/luach 2>/dev/null)" = /opt/Luach/luach ]; then
      rm -f /usr/bin/luach
    fi
    ;;
esac

if [ "$1" = purge ]; then
  rm -rf /etc/luach
fi

exit 0
