#!/usr/bin/env bash
# Bulk TCP at the tc hook (issue 17): the hosts keep TSO and checksum
# offload on, so what crosses r are GSO packets of up to 64 KiB with
# CHECKSUM_PARTIAL sums. The tc program pulls only their headers into
# the linear part (tc_main.h, tc_pull_len): the bytes arrive intact, in
# both families, the packets are forwarded whole (not cut, not punted),
# and h2's socket can merge them into its receive queue (TCPRcvCoalesce),
# which it could not while the payload's first bytes were pulled into a
# copied head. Each transfer: 16 MiB of random bytes h1 -> h2 with nc.
source "$(dirname "$0")/lib.sh"
trap topo_down EXIT
bash "$ROOT/scripts/bpffs.sh"
if ! topo_up || ! topo6_up; then bad "topology"; finish; exit 1; fi
ok "topology up ($H1 $R $H2)"

SIZE=16777216
# h2_counters: h2's coalesced and received TCP segments (absolute),
# "COALESCED SEGMENTS"
h2_counters() {
	in_h2 nstat -az TcpExtTCPRcvCoalesce TcpInSegs 2>/dev/null |
		awk '{ v[$1] = $2 } END { print v["TcpExtTCPRcvCoalesce"] + 0, v["TcpInSegs"] + 0 }'
}
# the router's forwarded datagrams and octets of a family (Ip or Ip6),
# "N OCTETS"
fwd_counts() {
	xr -j stats | jq -r --arg f "$1" '
		if $f == "Ip" then "\(.Ip.ForwDatagrams) \(.Ip.OutOctets)"
		else "\(.Ip6.Ip6OutForwDatagrams) \(.Ip6.Ip6OutOctets)" end'
}
# transfer DST: SIZE random bytes h1 -> h2 at DST; succeeds when what
# arrived has the same SHA-256
transfer() {
	local data recv rc
	data=$(mktemp); recv=$(mktemp)
	head -c "$SIZE" /dev/urandom >"$data"
	topo_tcp "$1" "$data" "$recv"
	[ "$(sha256sum <"$data" | cut -d' ' -f1)" = "$(sha256sum <"$recv" | cut -d' ' -f1)" ]
	rc=$?
	rm -f "$data" "$recv"
	return $rc
}

check "hosts send with TSO and tx checksum offload" \
	bash -c "ip netns exec $H1 ethtool -k eth0 | grep -q '^tcp-segmentation-offload: on' &&
		 ip netns exec $H1 ethtool -k eth0 | grep -q '^tx-checksumming: on'"
check "link attach r-h1 hook tc" xr link attach r-h1 hook tc
check "link attach r-h2 hook tc" xr link attach r-h2 hook tc
for a in 198.18.1.2:r-h1:H1 198.18.2.2:r-h2:H2 2001:db8:1::2:r-h1:H1 2001:db8:2::2:r-h2:H2; do
	host=${a##*:}; rest=${a%:*}; dev=${rest##*:}; ip=${rest%:*}
	ns=$H1; [ "$host" = H2 ] && ns=$H2
	check "neigh add $ip" xr neigh add "$ip" lladdr "$(topo_mac "$ns" eth0)" dev "$dev"
done

# one_family DST FAMILY (Ip, Ip6): a transfer to DST and its figures
one_family() {
	local dst=$1 fam=$2 c0 c1 f0 f1 n oct k0 k1 s0 s1
	c0=$(h2_counters)
	f0=$(fwd_counts "$fam")
	check "$fam: 16 MiB TCP h1 -> h2 through tc, same SHA-256" transfer "$dst"
	c1=$(h2_counters)
	f1=$(fwd_counts "$fam")
	n=$((${f1% *} - ${f0% *})) oct=$((${f1#* } - ${f0#* }))
	# over the MTU on average: GSO packets went through whole (a
	# punted one would not have been forwarded: kernel forwarding off)
	check "$fam: forwarded as GSO packets ($oct octets in $n datagrams)" \
		test "$n" -gt 0 -a "$oct" -gt $((n * 3000)) -a "$oct" -ge "$SIZE"
	read -r k0 s0 <<<"$c0"
	read -r k1 s1 <<<"$c1"
	# h2's receive queue merged some of them (with the payload pulled,
	# none: 0 or 1 of hundreds)
	check "$fam: h2 coalesced $((k1 - k0)) of $((s1 - s0)) segments (>= 5%)" \
		test $(((k1 - k0) * 20)) -ge $((s1 - s0)) -a $((k1 - k0)) -gt 1
}
one_family 198.18.2.2 Ip
one_family 2001:db8:2::2 Ip6
check "no exception on the way" \
	bash -c "$XDP_ROUTER_NS -j stats | jq -e '[.Exceptions[]] | add == 0' >/dev/null"
finish
