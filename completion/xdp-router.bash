# shellcheck shell=bash
# bash completion for xdp-router(8) (docs/operations.md, "Completion").
# Nothing here lists the router's commands or the daemon's options: the
# commands come from `xdp-router help commands`, options from the usage
# (`xdp-router -h`, `xdp-router daemon --help`), links, routes,
# neighbours and handlers from the running router, each time a word is
# completed, through the very binary being completed.

_xdp_router_run() { # ARGS: the binary being completed, errors unseen,
	# 2 s at most (a show waiting for the state's lock never hangs the shell)
	timeout 2 "${_xr_bin:-xdp-router}" "$@" 2>/dev/null
}

_xdp_router_reply() { # WORDS...: those that start with the current word
	local IFS=$' \t\n'
	# shellcheck disable=SC2207
	COMPREPLY=($(compgen -W "$*" -- "$cur"))
	declare -F __ltrim_colon_completions >/dev/null &&
		__ltrim_colon_completions "$cur"
	return 0
}

_xdp_router_files() { # [-d]: file (or directory) names
	if declare -F _filedir >/dev/null; then
		_filedir "$@"
	else
		compopt -o filenames 2>/dev/null
		local IFS=$'\n'
		# shellcheck disable=SC2207
		COMPREPLY=($(compgen "${1:--f}" -- "$cur"))
	fi
}

# the next words of `help commands` (read once a call, into _xr_cmds)
# after the typed command words ARGS
_xdp_router_next() {
	printf '%s\n' "$_xr_cmds" | awk -v typed="$*" '
		{ n = split(typed, t, " ")
		  for (i = 1; i <= n; i++) if ($i != t[i]) next
		  if (NF > n) print $(n + 1) }' | sort -u
}

_xdp_router_links() { # the attached links
	_xdp_router_run link show | sed -n 's/^[0-9]*: \([^:@]*\)[:@].*/\1/p'
}

_xdp_router_ifaces() { # every link of this namespace but lo
	local d
	for d in /sys/class/net/*; do
		[ "${d##*/}" != lo ] && echo "${d##*/}"
	done
}

_xdp_router_prefixes() { # the routes' prefixes, both families
	{ _xdp_router_run -4 route show; _xdp_router_run -6 route show; } |
		awk '/^[ \t]/ { next } # the member lines of a multipath route
		     $1 ~ /^(blackhole|unreachable|prohibit)$/ { print $2; next } { print $1 }'
}

_xdp_router_neighs() { _xdp_router_run neigh show | awk '{ print $1 }'; }

# the global options and their aliases: the head words of the usage's
# Options lines ("  -j, -json  JSON")
_xdp_router_gopts() {
	_xdp_router_run -h | sed -n '/^Options/,/^State/p' |
		sed -n 's/^  \(-[A-Za-z0-9]*\), \(-[A-Za-z0-9]*\).*/\1 \2/p'
}

_xdp_router_opts() { # CMD: the -x and --xx words of CMD's usage
	if [ "$1" = daemon ]; then
		_xdp_router_run daemon --help
	else
		_xdp_router_run -h | grep -E "^  $1( |$)"
	fi | grep -oE -- '(^|[[ |])--?[a-z][a-z0-9-]*' | tr -d '[ |' | sort -u
}

# the value after the option or keyword PREV, when it has a known set
_xdp_router_value() {
	case $1 in
	dev | iif) _xdp_router_reply "$(_xdp_router_links)" ;;
	hook) _xdp_router_reply xdp tc ;;
	mode) _xdp_router_reply native generic ;;
	redirects) _xdp_router_reply on off ;;
	hash-policy) _xdp_router_reply l3 l4 ;;
	-o) _xdp_router_reply prometheus json text ;;
	obj | -w | --config | -batch | -b | --batch) _xdp_router_files ;;
	--textfile) _xdp_router_files -d ;;
	ethertype | ipproto | ip6proto) # proto del: those registered
		[[ " ${words[*]} " == *" del "* ]] || { COMPREPLY=(); return 0; }
		_xdp_router_reply "$(_xdp_router_run proto show | awk -v k="$1" '$1 == k { print $2 }')" ;;
	via | lladdr | weight | prog | from | sport | \
		dport | len | -c | --snaplen | --filter | --table | --rcvbuf | --fpm | \
		--*-ratelimit | --icmp-* | --unres-* | --gc-thresh3 | --arp-locktime | \
		--textfile-interval) COMPREPLY=() ;;
	*) return 1 ;;
	esac
}

_xdp_router_apply() { # its options, and files
	local IFS=$' \t\n' opts
	opts=$(_xdp_router_opts apply)
	[[ $cur == -* ]] && { _xdp_router_reply "$opts"; return 0; }
	_xdp_router_files
	# shellcheck disable=SC2207
	COMPREPLY+=($(compgen -W "$opts" -- "$cur"))
}

# ARGS (the command words): the first argument of that command
_xdp_router_first() {
	case "$*" in
	"link attach") _xdp_router_reply "$(_xdp_router_ifaces)" ;;
	"link "* | "addr show" | capture) _xdp_router_reply "$(_xdp_router_links)" ;;
	"route del" | "route get" | "route replace")
		_xdp_router_reply "$(_xdp_router_prefixes)" blackhole unreachable prohibit ;;
	"route add") _xdp_router_reply blackhole unreachable prohibit ;;
	"neigh del" | "neigh replace") _xdp_router_reply "$(_xdp_router_neighs)" ;;
	"proto add") _xdp_router_reply ethertype ipproto ip6proto ;;
	"proto del") _xdp_router_reply "$(_xdp_router_run proto show | awk '{ print $1 }')" ;;
	apply) _xdp_router_apply ;;
	*) return 1 ;;
	esac
}

# ARGS (the command words): the keywords that may follow its arguments
_xdp_router_keywords() {
	case "$*" in
	"link attach") _xdp_router_reply hook mode ;;
	"link set") _xdp_router_reply redirects ;;
	"route add" | "route replace") _xdp_router_reply via dev nexthop weight ;;
	"route get") _xdp_router_reply from iif ipproto sport dport len ;;
	"neigh add" | "neigh replace") _xdp_router_reply lladdr dev ;;
	"neigh del") _xdp_router_reply dev ;;
	"proto add") _xdp_router_reply obj prog ;;
	apply) _xdp_router_apply ;;
	*) _xdp_router_reply "$(_xdp_router_opts "$1")" ;;
	esac
}

_xdp_router() {
	local cur prev words cword _xr_bin _xr_cmds i=1 n
	if declare -F _init_completion >/dev/null; then
		_init_completion -n : || return
	else
		words=("${COMP_WORDS[@]}") cword=$COMP_CWORD
		cur=${words[cword]} prev=${words[cword - 1]}
	fi
	_xr_bin=${words[0]}
	_xr_cmds=$(_xdp_router_run help commands)
	while [ "$i" -lt "$cword" ] && [[ ${words[i]} == -* ]]; do
		case ${words[i]} in -b | -batch | --batch) i=$((i + 1)) ;; esac
		i=$((i + 1))
	done
	_xdp_router_value "$prev" && return 0
	if [ "$i" -ge "$cword" ]; then
		[[ $cur == -* ]] && { _xdp_router_reply "$(_xdp_router_gopts)"; return 0; }
		_xdp_router_reply "$(_xdp_router_next)" help
		return 0
	fi
	# the command's words as far as `help commands` knows them
	n=$i
	while [ "$n" -lt "$cword" ] &&
		_xdp_router_next "${words[@]:i:n-i}" | grep -qxF -- "${words[n]}"; do
		n=$((n + 1))
	done
	if [ "$n" -eq "$cword" ] && [[ $cur != -* ]] &&
		[ -n "$(_xdp_router_next "${words[@]:i:n-i}")" ]; then
		_xdp_router_reply "$(_xdp_router_next "${words[@]:i:n-i}")"
		return 0
	fi
	[ "$n" -eq "$cword" ] && _xdp_router_first "${words[@]:i:n-i}" && return 0
	[ "${words[i]}" = help ] && { _xdp_router_reply commands; return 0; }
	_xdp_router_keywords "${words[@]:i:n-i}"
}
complete -F _xdp_router xdp-router
