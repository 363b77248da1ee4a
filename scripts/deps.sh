#!/usr/bin/env bash
# Install what xdp-router needs to build, test, demo and benchmark
# (Debian 12), then mount the bpffs instances. Idempotent: installs only
# what is missing, and runs apt-get update only then.
set -eu
PKGS="make gcc clang llvm pkg-config libbpf-dev libxdp-dev libelf-dev zlib1g-dev
bpftool libcriterion-dev iproute2 ethtool tcpdump iputils-ping netcat-openbsd jq
util-linux procps bc traceroute strace"
missing=""
for p in $PKGS; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
		missing="$missing $p"
done
if [ -n "$missing" ]; then
	if [ "$(id -u)" -ne 0 ]; then
		echo "deps: missing packages:$missing (run as root to install them)" >&2
		exit 1
	fi
	echo "deps: installing$missing"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq
	# shellcheck disable=SC2086
	apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi
[ "$(id -u)" -eq 0 ] && bash "$(dirname "$0")/bpffs.sh"
exit 0
