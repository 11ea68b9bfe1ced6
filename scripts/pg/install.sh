#!/usr/bin/env bash
# Install what the PostgreSQL tests need, with apt (Debian 12): the PostgreSQL 15 server when missing, pg_cron, and
# plpython3u pinned to the installed server's exact version (otherwise apt would upgrade the server with it).
# Extra Debian packages to install in the same apt run may be passed as arguments.
#
#   bash scripts/pg/install.sh [extra-package ...]
#
# Idempotent: installs only what is missing. Services are not started by the installation (a temporary
# policy-rc.d refuses it); tests start their own cluster with scripts/pg/start.sh. Needs root.
set -euo pipefail

if [[ "$(id -u)" != "0" ]]; then
  echo "install.sh: not root; skipping apt (install postgresql-15, postgresql-15-cron, postgresql-plpython3-15 yourself)" >&2
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive

installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }

apt_retry() {
  local i
  for i in 1 2 3; do
    if apt-get "$@"; then return 0; fi
    echo "install.sh: apt-get $1 failed (attempt $i), retrying" >&2
    sleep $((i * 5))
  done
  return 1
}

policy=/usr/sbin/policy-rc.d
made_policy=0
cleanup() { if [[ "$made_policy" == "1" ]]; then rm -f "$policy"; fi; }
trap cleanup EXIT
if [[ ! -e "$policy" ]]; then
  printf '#!/bin/sh\nexit 101\n' > "$policy"
  chmod +x "$policy"
  made_policy=1
fi

missing=()
for p in "$@"; do installed "$p" || missing+=("$p"); done
installed postgresql-15 || missing+=(postgresql-15)
installed postgresql-15-cron || missing+=(postgresql-15-cron)
installed postgresql-plpython3-15 || missing+=(postgresql-plpython3-15)

if [[ ${#missing[@]} -eq 0 ]]; then
  echo "install.sh: everything is installed" >&2
  exit 0
fi

apt_retry update -qq
if ! installed postgresql-15; then
  apt_retry install -y -qq --no-install-recommends postgresql-15
fi
version="$(dpkg-query -W -f='${Version}' postgresql-15)"
pkgs=()
for p in "${missing[@]}"; do
  case "$p" in
    postgresql-15) ;;
    postgresql-plpython3-15) pkgs+=("postgresql-plpython3-15=$version") ;;
    *) pkgs+=("$p") ;;
  esac
done
if [[ ${#pkgs[@]} -gt 0 ]]; then
  apt_retry install -y -qq --no-install-recommends "${pkgs[@]}"
fi
after="$(dpkg-query -W -f='${Version}' postgresql-15)"
if [[ "$after" != "$version" ]]; then
  echo "install.sh: postgresql-15 changed from $version to $after" >&2
  exit 1
fi
echo "install.sh: installed ${pkgs[*]:-} (postgresql-15 $version)" >&2
