#!/usr/bin/env bash
# Protocol handlers with real traffic: h1 - r - h2, r's links attached
# (XDP), kernel forwarding off in r. The VRR handler (ethertype 0x88b5)
# forwards frames by destination id; the probe handler (IP protocol 253)
# answers probes to r in XDP and filters transit ones. Bad objects are
# refused with one line and change nothing; handlers come and go under
# traffic without a lost ping.
source "$(dirname "$0")/lib.sh"
RAW=$ROOT/build/tests/tools/rawsock
VRR=$ROOT/build/handlers/vrr.bpf.o
PROBE=$ROOT/build/handlers/ipprobe.bpf.o
TMP=$(mktemp -d)
trap 'topo_down; rm -rf "$TMP"' EXIT
bash "$ROOT/scripts/bpffs.sh"
topo_up || { bad "topology"; finish; exit 1; }
ok "topology up ($H1 $R $H2)"

MAC_H1=$(topo_mac "$H1" eth0); MAC_H2=$(topo_mac "$H2" eth0)
MAC_R1=$(topo_mac "$R" r-h1); MAC_R2=$(topo_mac "$R" r-h2)
hex() { tr -d ':' <<<"$1"; }
le32() { printf '0x%02x 0x%02x 0x%02x 0x%02x' $(($1 & 255)) $(($1 >> 8 & 255)) \
	$(($1 >> 16 & 255)) $(($1 >> 24 & 255)); }
# csum16 HEX: the Internet checksum of the bytes, 4 hex digits
# bg_recv OUT CMD...: a receiver in the background (pid in RP), once it
# listens (rawsock says so through $RAWSOCK_READY; 5 s at most)
bg_recv() {
	local out=$1 i
	shift
	rm -f "$TMP/ready"
	RAWSOCK_READY=$TMP/ready "$@" >"$out" &
	RP=$!
	for i in $(seq 100); do
		[ -e "$TMP/ready" ] && return 0
		sleep 0.05
	done
	return 1
}
csum16() {
	local h=$1 s=0 i
	for ((i = 0; i < ${#h}; i += 4)); do s=$((s + 16#${h:i:4})); done
	while ((s >> 16)); do s=$(((s & 0xffff) + (s >> 16))); done
	printf '%04x' $((~s & 0xffff))
}

check "link attach r-h1" xr link attach r-h1
check "link attach r-h2" xr link attach r-h2
check "neigh add h1" xr neigh add 198.18.1.2 lladdr "$MAC_H1" dev r-h1
check "neigh add h2" xr neigh add 198.18.2.2 lladdr "$MAC_H2" dev r-h2

# ---- registration ----------------------------------------------------
check "proto add ethertype 0x88b5 (VRR)" xr proto add ethertype 0x88b5 obj "$VRR"
check "proto add ipproto 253 (probe)" xr proto add ipproto 253 obj "$PROBE"
show=$(xr proto show)
check "proto show: VRR" grep -q "^ethertype 0x88b5 prog vrr_rcv id [1-9][0-9]* slot [0-9]* obj $VRR maps " <<<"$show"
check "proto show: probe, transit (asked by the object)" \
	grep -q "^ipproto 253 prog probe_rcv id [1-9][0-9]* transit slot" <<<"$show"
json=$(xr -j proto show)
check "proto show -j" jq -e 'length == 2 and .[0].ethertype == "0x88b5" and
	.[1].ipproto == 253 and .[1].transit == true' <<<"$json" >/dev/null
D_VRR=$(jq -r '.[0].maps' <<<"$json"); D_PROBE=$(jq -r '.[1].maps' <<<"$json")
check "the handlers' own maps are pinned" \
	test -e "$D_VRR/vrr_routes" -a -e "$D_VRR/vrr_self" -a -e "$D_PROBE/probe_deny"
id=$(jq -r '.[0].id' <<<"$json")
check "the program is in the kernel (bpftool)" \
	bash -c "bpftool prog show id $id | grep -q 'xdp.*name vrr_rcv'"

# ---- VRR: forwarded by destination id ----------------------------------
IF_R2=$(ip -n "$R" -o link show r-h2 | cut -d: -f1)
bpftool map update pinned "$D_VRR/vrr_self" key 0 0 0 0 value $(le32 7)
# dest id 42 -> r-h2, h2's MAC
bpftool map update pinned "$D_VRR/vrr_routes" key $(le32 42) \
	value $(le32 "$IF_R2") $(sed 's/:/ /g; s/\([0-9a-f][0-9a-f]\)/0x\1/g' <<<"$MAC_H2") 0 0
PAYLOAD=000102030405060708090a0b0c0d0e0f
vrr_hdr() { # TYPE DEST: version 1, protocol 0x0800, data_len 16, src id 5
	printf '01%02x08000010000000000005%08x' "$1" "$2"; }
frame="$(hex "$MAC_R1")$(hex "$MAC_H1")88b5$(vrr_hdr 0 42)$PAYLOAD"
bg_recv "$TMP/vrr" in_h2 "$RAW" recv eth0 0x88b5 3000
in_h1 "$RAW" send eth0 "$frame"
wait "$RP"
want="$(hex "$MAC_H2")$(hex "$MAC_R2")88b5$(vrr_hdr 0 42)$PAYLOAD"
check "VRR data for id 42 reaches h2: MACs rewritten, header and data intact" \
	test "$(head -1 "$TMP/vrr")" = "$want"

# the capture tap sees the frame go to its handler
timeout 10 ip netns exec "$R" "$XDP_ROUTER" capture r-h1 -c 1 --filter handler \
	>"$TMP/cap" 2>/dev/null &
cp=$!
for _ in $(seq 30); do
	$XDP_ROUTER_NS link show r-h1 | grep -q " capture" && break
	sleep 0.1
done
in_h1 "$RAW" send eth0 "$frame"
wait "$cp"
check "capture --filter handler: the VRR frame, verdict handler" \
	grep -q " r-h1 handler ethertype 0x88b5 len 46$" "$TMP/cap"

bg_recv "$TMP/vrr2" in_h2 "$RAW" recv eth0 0x88b5 1000
in_h1 "$RAW" send eth0 "$(hex "$MAC_R1")$(hex "$MAC_H1")88b5$(vrr_hdr 0 43)$PAYLOAD"
in_h1 "$RAW" send eth0 "$(hex "$MAC_R1")$(hex "$MAC_H1")88b5$(sed 's/^01/02/' <<<"$(vrr_hdr 0 42)")$PAYLOAD"
wait "$RP"
check "unknown id and bad version: nothing reaches h2" test ! -s "$TMP/vrr2"
stats=$(bpftool -j map dump pinned "$D_VRR/vrr_stats")
vstat() { jq "[.[].formatted | select(.key == $1) | .values[].value] | add" <<<"$stats"; }
check "vrr_stats: 4 received, 2 forwarded, 1 no route, 1 bad header" \
	test "$(vstat 0) $(vstat 1) $(vstat 4) $(vstat 3)" = "4 2 1 1"

# ---- probe: answered by r in XDP ----------------------------------------
probe() { # TYPE ID SEQ
	local h
	h=$(printf '%02x000000%08x%08x' "$1" "$2" "$3")
	printf '%s' "${h:0:4}$(csum16 "$h")${h:8}"
}
bg_recv "$TMP/reply" in_h1 "$RAW" iprecv 253 3000
in_h1 "$RAW" ipsend 198.18.1.1 253 "$(probe 1 48879 1)$PAYLOAD"
wait "$RP"
r=$(head -1 "$TMP/reply")
check "a probe to r is answered" test -n "$r"
check "reply: from 198.18.1.1 to 198.18.1.2, TTL 64, protocol 253" \
	test "${r:16:4}.${r:24:16}" = "40fd.c6120101c6120102"
check "reply: IP header checksum good (recomputed here)" test "$(csum16 "${r:0:40}")" = 0000
check "reply: type 2, probe checksum good, id/seq/data as sent" \
	test "${r:40:2} $(csum16 "${r:40:24}") ${r:48}" = "02 0000 0000beef00000001$PAYLOAD"
check "InDelivers counted it" bash -c "$XDP_ROUTER_NS stats | awk '\$1 == \"InDelivers\" && \$2 >= 1' | grep -q ."

# ---- probe: transit, handed back to the router --------------------------
bg_recv "$TMP/transit" in_h2 "$RAW" iprecv 253 3000
in_h1 "$RAW" ipsend 198.18.2.2 253 "$(probe 1 1 2)$PAYLOAD"
wait "$RP"
t=$(head -1 "$TMP/transit")
check "a transit probe reaches h2 (handed back, forwarded)" test -n "$t"
check "transit: TTL 63, checksum good, untouched otherwise" \
	test "${t:16:2} $(csum16 "${t:0:40}") ${t:40}" = "3f 0000 $(probe 1 1 2)$PAYLOAD"
bpftool map update pinned "$D_PROBE/probe_deny" key 198 18 1 2 value 1
bg_recv "$TMP/denied" in_h2 "$RAW" iprecv 253 1000
in_h1 "$RAW" ipsend 198.18.2.2 253 "$(probe 1 1 3)$PAYLOAD"
wait "$RP"
pstats=$(bpftool -j map dump pinned "$D_PROBE/probe_stats")
pstat() { jq "[.[].formatted | select(.key == $1) | .values[].value] | add" <<<"$pstats"; }
check "a denied source's transit probe is dropped (probe_stats: 1 denied of 2)" \
	test ! -s "$TMP/denied" -a "$(pstat 3) $(pstat 2)" = "1 2"
out=$(in_h1 ping -c 2 -i 0.2 -W 1 198.18.2.2)
check "ICMP from the same source still forwarded" grep -q "2 received" <<<"$out"

# ---- bad objects: one line, non-zero, nothing registered ----------------
before=$(xr proto show)
echo "not an object" >"$TMP/text.o"
bad_obj() { # NAME PATTERN ARGS...: refused with one line matching PATTERN
	local name=$1 pat=$2 rc
	shift 2
	xr proto add ipproto 17 "$@" 2>"$TMP/err"; rc=$?
	if [ $rc -ne 0 ] && [ "$(wc -l <"$TMP/err")" -eq 1 ] &&
	   grep -q "$pat" "$TMP/err" && [ "$(xr proto show)" = "$before" ]; then
		ok "$name: $(cat "$TMP/err")"
	else
		bad "$name (rc $rc): $(cat "$TMP/err")"
	fi
}
bad_obj "not a BPF object" "is not a BPF object file" obj "$TMP/text.o"
bad_obj "no such file" "No such file" obj "$TMP/nonexistent.o"
bad_obj "wrong program type (the tc entry)" "is a sched_cls program" obj "$ROOT/build/xdp_router_tc.bpf.o"
bad_obj "no such program" 'has no program "nosuch"' obj "$ROOT/build/tests/handlers/meta_pass.bpf.o" prog nosuch
bad_obj "two programs, none named" "name one with prog NAME" obj "$ROOT/build/tests/handlers/meta_pass.bpf.o"
bad_obj "verifier refuses: its last lines" \
	"rejected by the verifier: invalid access to packet.*outside of the packet" \
	obj "$ROOT/build/tests/handlers/bad_verifier.bpf.o"
bad_obj "the router's private maps" "is the router's own" obj "$ROOT/build/xdp_router.bpf.o"
bad_obj "missing obj" 'missing "obj FILE"'
# xr_ifaces is read-only to BPF programs: a handler writing it is refused
# by the verifier; one that only reads it registers
bad_obj "writes the router's xr_ifaces" \
	"write into map forbidden.*(the router's xr_ifaces is read-only to handlers)$" \
	obj "$ROOT/build/tests/handlers/ifaces_rw.bpf.o" prog ifaces_write
check "a handler that only reads xr_ifaces registers" \
	xr proto add ipproto 17 obj "$ROOT/build/tests/handlers/ifaces_rw.bpf.o" prog ifaces_read
check "... and goes" xr proto del ipproto 17
check "nothing pinned for ipproto 17" test ! -e "$(dirname "$D_PROBE")/ip-17"
refused() { # NAME PATTERN ARGS...: exit 1 and one line matching PATTERN
	local name=$1 pat=$2 rc
	shift 2
	xr "$@" 2>"$TMP/err"; rc=$?
	if [ $rc -eq 1 ] && [ "$(wc -l <"$TMP/err")" -eq 1 ] && grep -q "$pat" "$TMP/err"; then
		ok "$name"
	else
		bad "$name (rc $rc): $(cat "$TMP/err")"
	fi
}
refused "registered twice" "ipproto 253 is registered already" proto add ipproto 253 obj "$PROBE"
refused "ethertype 0x0800" "router's own IPv4 path" proto add ethertype 0x0800 obj "$VRR"
refused "ethertype 0x05ff" "802.3 length" proto add ethertype 0x05ff obj "$VRR"
refused "ipproto 256" 'invalid IP protocol "256"' proto add ipproto 256 obj "$PROBE"
refused "del of nothing" "ipproto 99 is not registered" proto del ipproto 99
# a batch's proto add is loaded through the verifier by its check: a bad
# handler on the last line fails the batch before its first line runs
printf 'proto add ipproto 17 obj %s\nproto add ipproto 18 obj %s\n' "$PROBE" \
	"$ROOT/build/tests/handlers/bad_verifier.bpf.o" >"$TMP/batch"
refused "a batch with a handler the verifier refuses" \
	"^xdp-router: line 2: .*rejected by the verifier" -batch "$TMP/batch"
check "the registry is as it was" test "$(xr proto show)" = "$before"

# ---- unregistering under traffic loses nothing of other protocols -------
# ICMP (never dispatched) and transit probes (dispatched while the probe
# handler is there, forwarded by the router when it is not) must all
# arrive while both handlers are removed and added again and again: a
# packet that found a slot about to be freed and given to the other
# handler would be lost.
bpftool map delete pinned "$D_PROBE/probe_deny" key 198 18 1 2
bg_recv "$TMP/churn" in_h2 "$RAW" iprecv 253 15000 300
in_h1 ping -c 300 -i 0.01 -W 1 198.18.2.2 >"$TMP/ping" &
pp=$!
in_h1 "$RAW" ipsend 198.18.2.2 253 "$(probe 1 7 7)$PAYLOAD" 300 10000 &
sp=$!
errs=0 rounds=0
for i in $(seq 60); do           # as long as the traffic lasts
	kill -0 "$pp" 2>/dev/null || break
	rounds=$((rounds + 1))
	xr proto del ipproto 253 || errs=$((errs + 1))
	xr proto del ethertype 0x88b5 || errs=$((errs + 1))
	xr proto add ipproto 253 obj "$PROBE" || errs=$((errs + 1))
	xr proto add ethertype 0x88b5 obj "$VRR" || errs=$((errs + 1))
done
wait "$pp"; wait "$sp"; wait "$RP"
check "$((rounds * 2)) del and as many add under traffic, no error" \
	test "$errs" -eq 0 -a "$rounds" -ge 4
check "300 pings across them, none lost" grep -q "300 packets transmitted, 300 received" "$TMP/ping"
check "300 transit probes across them, all at h2 with TTL 63" \
	test "$(cut -c17-18 "$TMP/churn" | grep -c '^3f$')" -eq 300
check "proto show after: both, dispatched" \
	test "$(xr -j proto show | jq '[.[] | select(.dispatched)] | length')" -eq 2

# ---- by IPv6 next header (inet6_add_protocol): ICMPv6 to r's address
# goes through the handler, which hands it back; the kernel answers
ip -n "$H1" addr add 2001:db8:1::2/64 dev eth0 nodad
ip -n "$R" addr add 2001:db8:1::1/64 dev r-h1 nodad
check "link attach again: r-h1's IPv6 address" xr link attach r-h1
# the neighbours known both ways: no solicitation races the pings
in_h1 ip -6 neigh replace 2001:db8:1::1 lladdr "$MAC_R1" dev eth0 nud permanent
in_r ip -6 neigh replace 2001:db8:1::2 lladdr "$MAC_H1" dev r-h1 nud permanent
check "proto add ip6proto 58" xr proto add ip6proto 58 obj "$ROOT/build/tests/handlers/meta_pass.bpf.o" prog meta_forward
check "proto show: ip6proto 58" bash -c "$XDP_ROUTER_NS proto show | grep -q '^ip6proto 58 prog meta_forward id [1-9][0-9]* slot [0-9]* obj .* maps .*/proto/ip6-58\$'"
d0=$(xr -j stats | jq .Other.ProtoDispatched)
out=$(in_h1 ping -6 -c 3 -i 0.2 -W 2 2001:db8:1::1)
d1=$(xr -j stats | jq .Other.ProtoDispatched)
check "ping6 to r through the handler answered" grep -q "3 received" <<<"$out"
check "... each request dispatched to it ($d0 -> $d1)" test "$((d1 - d0))" -ge 3
check "proto del ip6proto 58" xr proto del ip6proto 58
check "... not registered any more" bash -c "! $XDP_ROUTER_NS proto show | grep -q ip6proto"
d0=$(xr -j stats | jq .Other.ProtoDispatched)
in_h1 ping -6 -c 2 -i 0.2 -W 1 2001:db8:1::1 >/dev/null
check "... and not dispatched" test "$(xr -j stats | jq .Other.ProtoDispatched)" -eq "$d0"

check "proto del ipproto 253" xr proto del ipproto 253
check "its maps are unpinned" test ! -e "$D_PROBE"
check "reset removes every handler's pins" xr reset
check "nothing left" test ! -e "$(dirname "$(dirname "$D_VRR")")"
finish
