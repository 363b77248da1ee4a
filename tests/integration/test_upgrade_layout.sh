#!/usr/bin/env bash
# Upgrades over layout changes (docs/state.md "Upgrades"), made generic:
# the state of a configured router (a link, a neighbour, a route, a
# handler) gets maps of another build's layout forged in place of its
# own (smaller values, fewer entries, other flags, a missing map), with
# their entries. `upgrade` converts each (values zero-extended), keeps
# every table, reloads the handler on the replaced shared map, and
# replaces the program. Layouts it cannot convert (key size or type
# changed, value shrunk) are refused with one line naming the map, and
# nothing changes.
source "$(dirname "$0")/lib.sh"
BASE=/run/xr-test-upgl-$$          # a bpffs of its own
NS=xr-upgl-$$
PROBE=$ROOT/build/handlers/ipprobe.bpf.o
VRR=$ROOT/build/handlers/vrr.bpf.o
cleanup() {
	XDP_ROUTER_BPFFS=$BASE ip netns exec "$NS" "$XDP_ROUTER" reset >/dev/null 2>&1
	ip netns del "$NS" 2>/dev/null
	umount "$BASE" 2>/dev/null && rmdir "$BASE"
}
trap cleanup EXIT
xl() { XDP_ROUTER_BPFFS=$BASE ip netns exec "$NS" "$XDP_ROUTER" "$@"; }

mkdir -p "$BASE" && mount -t bpf -o mode=0700 bpf "$BASE" || { bad "bpffs"; finish; exit 1; }
ip netns add "$NS" &&       # no IPv6 chatter on the link: counters hold still
	ip netns exec "$NS" sysctl -qw net.ipv6.conf.default.disable_ipv6=1 &&
	ip netns exec "$NS" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 &&
	ip -n "$NS" link add up0 type veth peer name up1 &&
	ip -n "$NS" addr add 198.18.90.1/24 dev up0 && ip -n "$NS" link set up0 up &&
	ip -n "$NS" link set up1 up || { bad "namespace"; finish; exit 1; }
check "link attach up0 (xdp generic)" xl link attach up0 mode generic
check "neigh add" xl neigh add 198.18.90.2 lladdr 02:00:00:00:90:02 dev up0
check "route add" xl route add 10.90.0.0/16 via 198.18.90.2
check "proto add ipproto 253" xl proto add ipproto 253 obj "$PROBE"
check "proto add ethertype 0x88b5 (uses xr_ifaces)" xl proto add ethertype 0x88b5 obj "$VRR"
dir=$(echo "$BASE"/netns-*)
IFX=$(ip -n "$NS" -o link show up0 | cut -d: -f1)

noid() { sed 's/ id [0-9]*//'; }
tables() { xl route show; xl neigh show; xl addr show; xl proto show | noid; }
id_of() { bpftool map show pinned "$dir/$1" -j | jq .id; }
layout() { bpftool map show pinned "$dir/$1" -j | jq -c '[.type, .bytes_key, .bytes_value, .max_entries, .flags]'; }
all_ids() { for f in "$dir"/xr_*; do echo "$f $(bpftool map show pinned "$f" -j | jq .id)"; done; }
le64() { local v=$1 i; for i in 0 1 2 3 4 5 6 7; do printf '%d ' $((v >> (8 * i) & 255)); done; }

# forge NAME TYPE KEY VALUE ENTRIES FLAGS [empty]: the pin replaced by a
# map of that layout holding the old entries (values cut to VALUE bytes;
# per-CPU ones from CPU 0, which bpftool writes to every CPU; a program
# array's by program id). Made beside, then renamed over the pin: a
# program array whose last pin goes is emptied.
forge() {
	local name=$1 type=$2 key=$3 val=$4 n=$5 flags=$6 lines=
	[ "${7:-}" = empty ] || lines=$(bpftool map dump pinned "$dir/$name" -j |
		jq -r --argjson v "$val" --arg t "$type" '
		.[] | {k: .key, v: (.value // .values[0].value), f: .formatted.value}
		| select((.v | type) == "array" and any(.v[]; . != "0x00"))
		| "\(.k | join(" ")) " + (if $t == "prog_array" then "id \(.f)"
					  else (.v[:$v] | join(" ")) end)')
	rm -f "$dir/$name-forged"
	bpftool map create "$dir/$name-forged" type "$type" key "$key" value "$val" \
		entries "$n" name "$name" flags "$flags" || return 1
	while read -r line; do
		[ -n "$line" ] || continue
		set -- $line
		bpftool map update pinned "$dir/$name-forged" key "${@:1:$key}" \
			value "${@:$((key + 1))}" 2>/dev/null || return 1
	done <<<"$lines"
	mv -f "$dir/$name-forged" "$dir/$name"
}

before=$(tables)
if_stats_layout=$(layout xr_if_stats); counters_layout=$(layout xr_counters)
ifaces_layout=$(layout xr_ifaces); neigh_layout=$(layout xr_neigh4)
addrs_layout=$(layout xr_addrs4); routes_layout=$(layout xr_routes4)
progs_layout=$(layout xr_proto_progs); tx_layout=$(layout xr_tx_ports)
slots() { bpftool map dump pinned "$dir/xr_proto_progs" -j | jq -c '[.[].key[0]]'; }
slots_before=$(slots)
prog_before=$(xl -j link show | jq '.[0].prog_id')

# ---- another build's layout ------------------------------------------
# (sizes and flags from this build's own, so that the test holds as they change)
fl() { jq ".[$2]" <<<"$1"; }
IFL=$(fl "$ifaces_layout" 4); NFL=$(fl "$neigh_layout" 4)
forge xr_if_stats percpu_array 4 16 "$(fl "$if_stats_layout" 3)" 0 &&  # rx only: tx added since
bpftool map update pinned "$dir/xr_if_stats" key $(printf '%d 0 0 0' "$IFX") \
	value $(le64 7) $(le64 700) &&
forge xr_counters percpu_array 4 16 1 0 &&          # two counters then
bpftool map update pinned "$dir/xr_counters" key 0 0 0 0 value $(le64 5) $(le64 420) &&
forge xr_ifaces array 4 "$(fl "$ifaces_layout" 2)" "$(fl "$ifaces_layout" 3)" \
	$((IFL ^ 0x80)) &&                          # BPF_F_RDONLY_PROG the other way
forge xr_neigh4 hash "$(fl "$neigh_layout" 1)" "$(fl "$neigh_layout" 2)" \
	"$(fl "$neigh_layout" 3)" $((NFL ^ 1)) &&   # BPF_F_NO_PREALLOC the other way
forge xr_addrs4 hash "$(fl "$addrs_layout" 1)" "$(fl "$addrs_layout" 2)" 1024 \
	"$(fl "$addrs_layout" 4)" &&                # fewer entries
forge xr_routes4 lpm_trie "$(fl "$routes_layout" 1)" "$(fl "$routes_layout" 2)" \
	65536 "$(fl "$routes_layout" 4)" &&         # the route table, fewer entries
forge xr_tx_ports devmap 4 4 8192 0 &&              # the devmap, fewer entries
forge xr_proto_progs prog_array 4 4 16 0 &&         # the program array, fewer slots
rm -f "$dir/xr_state_info" || bad "forging the old layout"
check "forged: xr_neigh4's value size is the build's" [ "$(layout xr_neigh4 | jq '.[2]')" = "$(jq '.[2]' <<<"$neigh_layout")" ]
check "forged: xr_addrs4's value size is the build's" [ "$(layout xr_addrs4 | jq '.[2]')" = "$(jq '.[2]' <<<"$addrs_layout")" ]
ifaces_old=$(id_of xr_ifaces)
vrr_own=$(bpftool map show pinned "$dir/proto/eth-88b5/vrr_routes" -j | jq .id)

err=$(xl route show 2>&1 >/dev/null); rc=$?
if [ $rc -ne 0 ] && [ "$(wc -l <<<"$err")" -eq 1 ] && grep -q "'xdp-router upgrade' converts it" <<<"$err"
then ok "commands on it say to upgrade ($err)"; else bad "commands on it say to upgrade (rc $rc: $err)"; fi

out=$(xl upgrade 2>&1); rc=$?
echo "$out" | sed 's/^/# /'
check "upgrade converts it" [ $rc -eq 0 ]
for m in "xr_if_stats (value size 16 -> $(fl "$if_stats_layout" 2))" \
	 "xr_ifaces (flags $(printf '0x%x -> 0x%x' $((IFL ^ 0x80)) "$IFL"))" \
	 "xr_neigh4 (flags $(printf '0x%x -> 0x%x' $((NFL ^ 1)) "$NFL"))" \
	 "xr_addrs4 (max_entries 1024 -> $(fl "$addrs_layout" 3))" \
	 "xr_routes4 (max_entries 65536 -> $(fl "$routes_layout" 3))" \
	 "xr_tx_ports (max_entries 8192 -> $(fl "$tx_layout" 3))" \
	 "xr_proto_progs (max_entries 16 -> $(fl "$progs_layout" 3))"; do
	check "upgrade says: converted map $m" grep -qF "/$m" <<<"$out"
done
check "upgrade says: created map xr_state_info" grep -q "created map .*/xr_state_info$" <<<"$out"
check "xr_if_stats has this build's layout" [ "$(layout xr_if_stats)" = "$if_stats_layout" ]
check "xr_counters has this build's layout" [ "$(layout xr_counters)" = "$counters_layout" ]
check "xr_ifaces has this build's layout" [ "$(layout xr_ifaces)" = "$ifaces_layout" ]
check "xr_neigh4 has this build's layout" [ "$(layout xr_neigh4)" = "$neigh_layout" ]
check "xr_addrs4 has this build's layout" [ "$(layout xr_addrs4)" = "$addrs_layout" ]
check "xr_routes4 has this build's layout" [ "$(layout xr_routes4)" = "$routes_layout" ]
check "xr_tx_ports has this build's layout" [ "$(layout xr_tx_ports)" = "$tx_layout" ]
check "xr_proto_progs has this build's layout" [ "$(layout xr_proto_progs)" = "$progs_layout" ]
check "xr_proto_progs: the same slots hold programs ($slots_before)" [ "$(slots)" = "$slots_before" ]
check "xr_tx_ports: the link's port kept" \
	bpftool map lookup pinned "$dir/xr_tx_ports" key $(printf '%d 0 0 0' "$IFX")
check "routes, neighbours, addresses, handlers kept" [ "$(tables)" = "$before" ]

ncpu=$(bpftool map dump pinned "$dir/xr_if_stats" -j | jq '.[0].values | length')
stats=$(xl -j link show | jq -c '.[0] | [.rx_packets, .rx_bytes, .tx_packets, .tx_bytes]')
check "link counters: kept, new ones zero ($stats, $ncpu CPUs)" \
	[ "$stats" = "[$((7 * ncpu)),$((700 * ncpu)),0,0]" ]
ip4=$(xl -j stats | jq -c '.Ip | [.InReceives, .InOctets, .InHdrErrors, .ForwDatagrams]')
check "counters: kept, new ones zero ($ip4)" [ "$ip4" = "[$((5 * ncpu)),$((420 * ncpu)),0,0]" ]
prog_after=$(xl -j link show | jq '.[0].prog_id')
check "the link runs a new program ($prog_before -> $prog_after)" \
	[ -n "$prog_after" ] && [ "$prog_after" != "$prog_before" ]
ifaces_new=$(id_of xr_ifaces)
check "... still in generic mode" bash -c "ip -n $NS link show up0 | grep -q xdpgeneric"
prog_maps() { bpftool prog show id "$1" -j | jq -c '.map_ids'; }
check "the link's program uses the new xr_ifaces" \
	jq -e --argjson m "$ifaces_new" 'index($m) != null' <<<"$(prog_maps "$(xl -j link show | jq '.[0].prog_id')")" >/dev/null
hid=$(xl -j proto show | jq '.[] | select(.ethertype == "0x88b5") | .id')
check "the handler was loaded again on the new xr_ifaces" \
	jq -e --argjson m "$ifaces_new" --argjson o "$ifaces_old" \
	'index($m) != null and index($o) == null' <<<"$(prog_maps "$hid")" >/dev/null
check "... keeping its own pinned maps" \
	jq -e --argjson m "$vrr_own" 'index($m) != null' <<<"$(prog_maps "$hid")" >/dev/null
check "-V: layout 3, this build" bash -c "XDP_ROUTER_BPFFS=$BASE ip netns exec $NS $XDP_ROUTER -V | grep -q 'layout 3 (maps'"

# ---- what cannot be converted: one line, nothing changed ---------------
refused() { # NAME WHY: upgrade refuses naming the map, every pin as it was
	local ids err rc
	ids=$(all_ids)
	err=$(xl upgrade 2>&1 >/dev/null); rc=$?
	if [ $rc -ne 0 ] && [ "$(wc -l <<<"$err")" -eq 1 ] &&
	   grep -q "map $dir/$1 .*$2" <<<"$err" && [ "$(all_ids)" = "$ids" ]
	then ok "refused: $1 $2 ($err)"; else bad "refused: $1 $2 (rc $rc: $err)"; fi
}
forge xr_counters percpu_array 4 16 1 0 || bad "forge xr_counters"   # convertible, stays
eth_layout=$(layout xr_proto_eth)
forge xr_proto_eth hash 4 4 63 0 empty || bad "forge xr_proto_eth"
refused xr_proto_eth "key size changed (4 -> 2 bytes)"
forge xr_proto_eth hash 2 64 63 0 empty || bad "forge xr_proto_eth"
refused xr_proto_eth "value shrank (64 -> 4 bytes)"
forge xr_proto_eth array 4 4 63 0 empty || bad "forge xr_proto_eth"
refused xr_proto_eth "type changed (array -> hash)"
check "the convertible map was left as it was" [ "$(layout xr_counters | jq '.[2]')" = 16 ]
check "reset clears what cannot be converted" xl reset
check "no state left" [ ! -e "$dir" ]
check "attach anew" xl link attach up0
check "xr_proto_eth was that build's layout" [ "$(layout xr_proto_eth)" = "$eth_layout" ]
finish
