#!/usr/bin/env bash
# Debian packages Kakehashi uses outside Python, installed with apt-get where that works
# (root, as in CI); elsewhere it says what is missing and carries on.
#   scripts/system-packages.sh fonts       Japanese fonts for PDFs (IPAex, embedded by ReportLab)
#   scripts/system-packages.sh browser     Chromium and Noto CJK for browser tests and screenshots
#   scripts/system-packages.sh postgresql  a PostgreSQL server for the second test run
set -uo pipefail

can_apt() { [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; }
apt_updated=""
apt_install() {
  if ! can_apt; then
    echo "(not root or no apt-get: please install $* yourself)" >&2
    return 1
  fi
  if [ -z "$apt_updated" ]; then apt-get update -qq >/dev/null && apt_updated=1; fi
  echo "installing $*"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

status=0
for want in "$@"; do
  case "$want" in
    fonts)
      [ -f /usr/share/fonts/opentype/ipaexfont-gothic/ipaexg.ttf ] ||
        apt_install fonts-ipaexfont-gothic fonts-ipaexfont-mincho || status=1 ;;
    browser)
      { command -v chromium >/dev/null 2>&1 && fc-list 2>/dev/null | grep -qi "Noto Sans CJK"; } ||
        apt_install chromium fonts-noto-cjk || status=1 ;;
    postgresql)
      ls -d /usr/lib/postgresql/*/bin >/dev/null 2>&1 || apt_install postgresql || status=1 ;;
    *) echo "unknown: $want (fonts, browser, postgresql)" >&2; status=2 ;;
  esac
done
exit $status
