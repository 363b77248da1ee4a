#!/usr/bin/env bash
# Install what xdp-router needs to build, test, demo and benchmark
# (Debian 12), then mount the bpffs instances. Idempotent: installs only
# what is missing, and runs apt-get update only then.
set -eu
PKGS="make gcc clang llvm pkg-config libbpf-dev libxdp-dev libelf-dev zlib1g-dev
bpftool libcriterion-dev iproute2 ethtool tcpdump iputils-ping netcat-openbsd jq
util-linux procps bc traceroute strace libmnl-dev bird2 frr
mandoc man-db groff-base prometheus prometheus-node-exporter bash-completion
systemd curl iperf3"
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
	# bird2 and frr start their daemons from postinst: not on this
	# machine (the tests start them in namespaces). A policy-rc.d of
	# our own, only while installing, and only when there is none.
	rcd=/usr/sbin/policy-rc.d
	own_rcd=""
	if [ ! -e "$rcd" ]; then
		printf '#!/bin/sh\nexit 101\n' >"$rcd" && chmod +x "$rcd" && own_rcd=1
	fi
	# shellcheck disable=SC2086
	apt-get install -y -qq --no-install-recommends $missing >/dev/null || {
		[ -n "$own_rcd" ] && rm -f "$rcd"
		exit 1
	}
	[ -n "$own_rcd" ] && rm -f "$rcd"
fi
[ "$(id -u)" -eq 0 ] && bash "$(dirname "$0")/bpffs.sh"
exit 0
