#!/bin/sh
# The one install list: every Debian package netlearn needs to build, run and test.
# Called by `make deps` (and so by `make run` and `make check`); installs only what
# is missing, so a machine that has everything pays one dpkg query per package.
set -e
BUILD="gcc make pkg-config liblua5.4-dev libnl-3-dev libnl-route-3-dev libreadline-dev libmnl-dev libnftnl-dev libpcap-dev"
# Real tools: never used by netlearn itself, only by the tests as independent oracles
# (apparmor: its parser checks packaging/apparmor/netlearn in tests/04; graphviz: topo --svg
# uses it when installed, and tests/80 tests that and the built-in renderer;
# libxml2-utils: xmllint checks the SVG, in tests/80).
TEST="clang libclang-rt-14-dev valgrind perl iproute2 nftables iptables tcpdump socat iputils-ping traceroute curl tmux jq util-linux procps man-db apparmor graphviz libxml2-utils"
# The stock-kernel suite (tests/90): Debian's kernel with ipip/ipvlan modules, under QEMU.
VM="qemu-system-x86 linux-image-amd64 busybox-static cpio kmod"
case "$1" in
  build) PKGS="$BUILD" ;;
  *) PKGS="$BUILD $TEST $VM" ;;
esac
missing=""
for p in $PKGS; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" != 0 ]; then
  echo "netlearn: missing packages:$missing; run 'make deps' as root (or apt-get install them)" >&2
  exit 1
fi
echo "netlearn: installing$missing" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends $missing >/dev/null
