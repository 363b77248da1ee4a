#!/usr/bin/env bash
# The bash completion (completion/xdp-router.bash, docs/operations.md):
# sourced after bash-completion's own functions (and once without them),
# `_xdp_router` called with COMP_WORDS, COMP_CWORD, COMP_LINE and
# COMP_POINT set as bash sets them, in the router's namespace, its
# COMPREPLY compared with the words expected: global options, objects and
# commands (those of `xdp-router help commands`), the attached links (one
# of the two veths attached), the routes' prefixes of both families, the
# permanent neighbours, handlers, the daemon's options, files.
source "$(dirname "$0")/lib.sh"
TOPO_ID=units$$
H1=xr-h1-$TOPO_ID; R=xr-r-$TOPO_ID; H2=xr-h2-$TOPO_ID
T=$(mktemp -d /tmp/xr-comp-units.XXXXXX)
trap 'topo_down; rm -rf "$T"' EXIT
trap 'exit 1' TERM INT
bash "$ROOT/scripts/bpffs.sh"
topo_up && topo6_up || { bad "topology"; finish; exit 1; }
check "link attach r-h1" xr link attach r-h1
check "a route of each family, a reject, neighbours" xr -batch - <<EOF2
route add 198.18.9.0/24 via 198.18.1.2
route add 2001:db8:9::/64 via 2001:db8:1::2
route add blackhole 198.18.200.0/24
route add 198.18.30.0/24 nexthop via 198.18.1.2 weight 1 nexthop via 198.18.1.3 weight 2
neigh add 198.18.1.7 lladdr 02:00:00:00:00:07 dev r-h1
neigh add 2001:db8:1::7 lladdr 02:00:00:00:00:07 dev r-h1
EOF2
check "a handler" xr proto add ipproto 253 obj "$ROOT/build/handlers/ipprobe.bpf.o"

# the completion run as bash runs it: LINE (what is typed, the cursor at
# its end) split into words, COMPREPLY printed sorted, one a line
cat >"$T/complete.sh" <<'EOF2'
[ "$1" = with ] && source /usr/share/bash-completion/bash_completion
source "$2"
COMP_LINE=$3 COMP_POINT=${#3}
# bash splits words at COMP_WORDBREAKS' ':' too (an IPv6 address: 2001 : db8 ...)
if [ "$1" = colons ]; then
	source /usr/share/bash-completion/bash_completion
	read -ra COMP_WORDS <<<"${3//:/ : }"
else
	read -ra COMP_WORDS <<<"$3"
fi
[[ $3 == *" " ]] && COMP_WORDS+=("")
COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
COMPREPLY=()
_xdp_router
printf '%s\n' "${COMPREPLY[@]}" | sort
EOF2
mkdir -p "$T/files/tf" && touch "$T/files/batch.conf" "$T/files/other"
complete_in_r() { # with|without LINE
	(cd "$T/files" && in_r bash "$T/complete.sh" "$1" "$ROOT/completion/xdp-router.bash" \
		"$XDP_ROUTER $2")
}
# gives LINE WORDS: completing LINE offers exactly WORDS
gives() {
	local want got
	want=$(tr ' ' '\n' <<<"$2" | sed '/^$/d' | sort)
	got=$(complete_in_r "${3:-with}" "$1")
	[ "$got" = "$want" ] && return 0
	echo "# \"$1\": got $(tr '\n' ' ' <<<"$got"), want $(tr '\n' ' ' <<<"$want")"
	return 1
}
offers() { # LINE WORD...: completing LINE offers (at least) each WORD
	local got w
	got=$(complete_in_r with "$1")
	shift
	for w in "$@"; do
		grep -qxF -- "$w" <<<"$got" || { echo "# missing $w in: $(tr '\n' ' ' <<<"$got")"; return 1; }
	done
}

cmds=$(xr help commands)
first=$(awk '{ print $1 }' <<<"$cmds" | sort -u | tr '\n' ' ')
check "help commands lists the commands" grep -qx "route add" <<<"$cmds"
check "first word: the commands' first words and help" gives "" "$first help"
check "... the objects and commands among them" offers "" link addr route neigh proto stats \
	daemon capture state upgrade reset
check "first word without bash-completion loaded" gives "" "$first help" without
gopts=$(xr -h | sed -n '/^Options/,/^State/p' | grep -oE '^  -[A-Za-z0-9]+, -[A-Za-z0-9]+' | tr -d ',')
check "the usage lists the global options with their aliases" \
	test "$(echo $gopts)" = "-4 -6 -j -json -b -batch -V -version -h -help"
check "global options: those of the usage" gives "-" "$gopts"
check "an object's commands: route" gives "route " \
	"$(awk '$1 == "route" { print $2 }' <<<"$cmds" | sort -u | tr '\n' ' ')"
check "route: add del ..." offers "route " add del replace show get flush multipath
check "a prefix of a command: li" gives "li" "link"
check "the commands of link" gives "link " "attach detach set show"
check "route multipath: hash-policy" offers "route multipath " hash-policy
check "hash-policy: l3 l4" gives "route multipath hash-policy " "l3 l4"
check "help: commands (help [commands])" gives "help " "commands"

check "link detach: the attached link only" gives "link detach " "r-h1"
check "link show: the attached link" gives "link show " "r-h1"
check "link set: the attached link" gives "link set " "r-h1"
check "link set DEV: redirects" gives "link set r-h1 " "redirects"
check "link set DEV redirects: on off" gives "link set r-h1 redirects " "on off"
check "link attach: every link of the namespace" gives "link attach " "r-h1 r-h2"
check "link attach DEV: hook mode" gives "link attach r-h2 " "hook mode"
check "hook: xdp tc" gives "link attach r-h2 hook " "xdp tc"
check "mode: native generic" gives "link attach r-h2 mode " "native generic"
check "capture: the attached link" gives "capture " "r-h1"
check "capture DEV -: its options" offers "capture r-h1 -" -w -c --filter
check "dev: the attached link" gives "route add 198.18.7.0/24 dev " "r-h1"

check "route del: every prefix and the rejects" gives "route del " \
	"198.18.1.0/24 198.18.9.0/24 198.18.30.0/24 198.18.200.0/24 2001:db8:1::/64 2001:db8:9::/64 blackhole unreachable prohibit"
check "route del 198.18.3: the ECMP route's prefix, never its member lines" gives "route del 198.18.3" "198.18.30.0/24"
check "route replace n: no nexthop word from the ECMP route's members" gives "route replace n" ""
check "route del 198.18.9: that prefix" gives "route del 198.18.9" "198.18.9.0/24"
check "-6 route replace 2001: the IPv6 prefixes" gives "-6 route replace 2001" \
	"2001:db8:1::/64 2001:db8:9::/64"
check "as bash splits an IPv6 prefix: the rest after the last colon" \
	gives "-6 route del 2001:db8:9" "9::/64" colons
check "neigh del 2001:db8:1: the rest of the neighbour" gives "neigh del 2001:db8:1:" ":7" colons
check "route get: the prefixes" offers "route get " 198.18.9.0/24 2001:db8:9::/64
check "route add PREFIX: its keywords" gives "route add 198.18.7.0/24 " "via dev nexthop weight"
check "neigh del: the neighbours" gives "neigh del " "198.18.1.7 2001:db8:1::7"
check "neigh del ADDR: dev" gives "neigh del 198.18.1.7 " "dev"
check "neigh del ADDR dev: the attached link" gives "neigh del 198.18.1.7 dev " "r-h1"
check "proto add: the kinds" gives "proto add " "ethertype ipproto ip6proto"
check "proto add ... obj: files" gives "proto add ipproto 200 obj b" "batch.conf"
check "proto del: the registered kind" gives "proto del " "ipproto"
check "proto del ipproto: its number" gives "proto del ipproto " "253"
check "-batch: files" gives "-batch " "batch.conf other tf"
check "apply: --dry-run and files" gives "apply " "--dry-run batch.conf other tf"
check "apply --dry-run: files" gives "apply --dry-run b" "batch.conf"
check "save and apply among the commands" offers "" save apply
check "stats: show reset" gives "stats " "show reset"
check "stats -: its options" gives "stats -" "-o --textfile"
check "stats -o: the formats" gives "stats show -o " "prometheus json text"
check "stats --textfile: directories" gives "stats -o prometheus --textfile " "tf"
check "daemon --textfile-interval: a number, nothing offered" gives "daemon --textfile-interval " ""
check "daemon: its options, from daemon --help" offers "daemon --" \
	--kernel-sync --fpm --table --icmp-ratelimit --arp-locktime
check "daemon --kernel-sync --: the options again" offers "daemon --kernel-sync --" --table --rcvbuf
check "every option in daemon --help is offered" gives "daemon --" \
	"$(xr daemon --help | grep -oE -- '--[a-z][a-z0-9-]*' | sort -u | tr '\n' ' ')"

# the binary seen through a wrapper that logs its calls (and can hang)
cat >"$T/wrap" <<EOF2
#!/bin/bash
echo "\$*" >>"$T/calls"
[ -e "$T/hang" ] && sleep 20
exec "$XDP_ROUTER" "\$@"
EOF2
chmod +x "$T/wrap"
wrapped() { # LINE: completed with the wrapper as the binary, calls counted
	: >"$T/calls"
	(cd "$T/files" && in_r bash "$T/complete.sh" with "$ROOT/completion/xdp-router.bash" \
		"$T/wrap $1") >"$T/wout"
}
check "route del through the wrapper: the prefixes" wrapped "route del 198.18.9"
check "... 198.18.9.0/24 offered" grep -qx 198.18.9.0/24 "$T/wout"
check "... help commands run once a TAB" test "$(grep -cx 'help commands' "$T/calls")" = 1
touch "$T/hang"
t0=$(date +%s)
check "a binary that hangs: the completion returns" wrapped "link show "
check "... within 2 s a call (timeout)" test $(($(date +%s) - t0)) -le 8
finish
