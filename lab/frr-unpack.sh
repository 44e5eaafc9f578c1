#!/usr/bin/env bash
# Unpacks Debian 13's FRR (10.x) and the libraries it needs newer than Debian 12's under a root
# directory, for `CLOS_LAB_FRR=<root> clos lab ...` on a Debian 12 machine: the lab runs that
# FRR's programs through the root's own dynamic loader (lab/frr-install.ts). Nothing is installed:
# apt reads trixie's package lists into a scratch directory, downloads the packages there, and
# `dpkg -x` unpacks them. Needs the frr user and group, which Debian 12's own frr package creates.
#
#   lab/frr-unpack.sh /opt/frr10
#   CLOS_FRR_SUITE=forky lab/frr-unpack.sh /opt/frr107    # Debian testing's (FRR 10.7.1 in December 2026)
set -euo pipefail
root=${1:?usage: lab/frr-unpack.sh <root>}
suite=${CLOS_FRR_SUITE:-trixie}
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
mkdir -p "$scratch/lists/partial" "$scratch/cache/archives/partial" "$scratch/debs"
echo "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian $suite main" > "$scratch/sources.list"
apt=(apt-get -q -o "Dir::Etc::SourceList=$scratch/sources.list" -o Dir::Etc::SourceParts=/dev/null
  -o "Dir::State::Lists=$scratch/lists" -o "Dir::Cache=$scratch/cache" -o Dir::State::status=/dev/null
  -o APT::Sandbox::User=root)
"${apt[@]}" update >/dev/null
# FRR, the libraries it and libyang depend on, and the C and C++ runtimes: the root's own are
# found first, the machine's for everything else. And frr-pythontools: this FRR's frr-reload.py
# (the lab tests compare what FRR runs with frr.conf through it; it runs on the machine's python3).
libs() { apt-cache "${apt[@]:1}" depends --no-recommends --no-suggests "$1" | awk '$1 == "Depends:" && $2 ~ /^lib/ { print $2 }'; }
yang=$(libs frr | grep '^libyang' | head -1)
mapfile -t packages < <({ echo frr; echo frr-pythontools; libs frr; [ -n "$yang" ] && libs "$yang"; printf '%s\n' libc6 libgcc-s1 libstdc++6 libzstd1; } | sort -u)
(cd "$scratch/debs" && "${apt[@]}" download "${packages[@]}" >/dev/null)
rm -rf "$root.new"
mkdir -p "$root.new"
for deb in "$scratch"/debs/*.deb; do dpkg -x "$deb" "$root.new"; done
rm -rf "$root"
mv "$root.new" "$root"
lib=$root/usr/lib/x86_64-linux-gnu
version=$("$lib/ld-linux-x86-64.so.2" --library-path "$lib/frr:$lib:/lib/x86_64-linux-gnu" "$root/usr/lib/frr/zebra" --version | head -1)
echo "$root: $version"
