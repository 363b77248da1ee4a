// SPDX-License-Identifier: GPL-2.0
/*
 * xdp-router [OPTIONS] OBJECT COMMAND [ARGS]
 * Global options, batches, and the run of a command or a batch: parse
 * (cmds.c), check under the shared lock, apply under the exclusive one.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <xdp/libxdp.h>
#include "cli/batch.h"
#include "cli/cli.h"
#include "cli/daemon_opts.h"
#include "lib/err.h"

/* The global options, with their aliases: main's parser and the
 * usage's Options lines (which the completion reads) use this list. */
enum { GO_FAMILY, GO_JSON, GO_BATCH, GO_VERSION, GO_HELP };
static const struct gopt {
	const char *name, *alias, *arg, *text;
	int id;
} gopts[] = {
	{ "4", "6", NULL, "the family: route show/flush IPv4 unless -6; addr and\n"
	  "                    neigh show both unless one is given; ::/0 with -6", GO_FAMILY },
	{ "j", "json", NULL, "JSON", GO_JSON },
	{ "b", "batch", "FILE", "one command a line, '-' for stdin; a line may\n"
	  "                    start with -4 or -6; a daemon line is checked, never run", GO_BATCH },
	{ "V", "version", NULL, "the build and the state layout versions", GO_VERSION },
	{ "h", "help", NULL, "this text", GO_HELP },
};

static void gopts_usage(FILE *f)
{
	char head[32];
	size_t k;

	for (k = 0; k < sizeof(gopts) / sizeof(gopts[0]); k++) {
		snprintf(head, sizeof(head), "-%s, -%s%s%s", gopts[k].name, gopts[k].alias,
			 gopts[k].arg ? " " : "", gopts[k].arg ? gopts[k].arg : "");
		fprintf(f, "  %-17s %s\n", head, gopts[k].text);
	}
}

static const struct gopt *gopt_find(const char *o)
{
	size_t k;

	for (k = 0; k < sizeof(gopts) / sizeof(gopts[0]); k++)
		if (!strcmp(o, gopts[k].name) || !strcmp(o, gopts[k].alias))
			return &gopts[k];
	return NULL;
}

static void usage(FILE *f)
{
	fprintf(f,
"Usage: xdp-router [OPTIONS] OBJECT COMMAND [ARGS]\n"
"  link attach DEV [hook xdp|tc] [mode native|generic]  attach the fast path to DEV\n"
"  link detach DEV                         detach it, remove what attach added\n"
"  link set DEV redirects on|off          send ICMP redirects (default on)\n"
"  link show [DEV]\n"
"  addr show [DEV]                         the router's own addresses\n"
"  route add PREFIX via GW [dev DEV]        PREFIX, GW: IPv4 or IPv6 (a link-local\n"
"                                          GW needs dev)\n"
"  route add PREFIX dev DEV\n"
"  route add {blackhole|unreachable|prohibit} PREFIX\n"
"  route add PREFIX nexthop via GW [dev DEV] [weight W] nexthop ...\n"
"                                          multipath (ECMP; a member may be dev DEV)\n"
"  route replace ...   route del PREFIX   route show   route flush\n"
"  route get ADDR [from ADDR] [iif DEV] [ipproto N] [sport N] [dport N] [len N]\n"
"                                          what the fast path does with such a packet\n"
"  route multipath [show]   route multipath hash-policy l3|l4\n"
"                                          the flow hash of multipath routes\n"
"  neigh add ADDR lladdr MAC dev DEV   neigh replace ...   neigh del ADDR dev DEV\n"
"  neigh show   neigh flush\n"
"  proto add {ethertype 0xNNNN|ipproto N|ip6proto N} obj FILE [prog NAME]\n"
"                                          register a protocol handler (BPF)\n"
"  proto del {ethertype 0xNNNN|ipproto N|ip6proto N}   proto show\n"
"  stats [show|reset]   stats [show] -o text|json|prometheus [--textfile PATH]\n"
"                                          the counters; prometheus: the text format,\n"
"                                          --textfile writes it atomically (a dir: into\n"
"                                          DIR/xdp-router.prom)\n"
"  capture DEV [-w FILE] [-c COUNT] [--snaplen N] [--filter VERDICT|REASON]\n"
"                                          frames of DEV with the fast path's verdict (pcap with -w)\n"
"  daemon " XR_DAEMON_USAGE_OPTS
"                                          (--config: FILE's daemon line's options, then these)\n"
"                                          run the slow path (foreground); routes and\n"
"                                          neighbours follow the kernel, or FRR's FPM\n"
"  save                                    the running configuration as batch lines\n"
"  apply [--dry-run] FILE                  make the configuration FILE's ('-': stdin):\n"
"                                          only what differs changes, checked whole first\n"
"  upgrade                                 open another build's state, convert it,\n"
"                                          replace the program on every link\n"
"  reset                                   detach everywhere, remove all state\n"
"  state [show|prune]                      every namespace's state; prune removes\n"
"                                          the state of namespaces that are gone\n"
"  help [commands]                         this text; every command, one a line\n"
"Options (each also with two dashes):\n");
	gopts_usage(f);
	fprintf(f, "State: maps pinned in %s/netns-<cookie>/ (per network namespace)\n",
		XR_BPFFS_DEFAULT);
}

/* help: usage; help commands: every command, one a line (the man
 * page's test and the bash completion read it). */
static int help_main(int argc, char **argv)
{
	if (argc == 0) {
		usage(stdout);
		return 0;
	}
	if (argc == 1 && !strcmp(argv[0], "commands")) {
		xr_help_commands(stdout);
		return 0;
	}
	xr_err("unknown argument \"%s\" after help (commands)", xr_word(argv[0]));
	return 1;
}

static int run_batch(struct xr_cli *cli, const char *file)
{
	struct xr_batch b = { 0 };
	int ret = 1;

	if (!xr_batch_read(file, &b))
		ret = xr_cli_run(cli, b.cmds, b.n);
	xr_batch_free(&b);
	return ret;
}

static int silent_print(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	/* our own error lines say what failed; libbpf's detail on request */
	if (getenv("XDP_ROUTER_DEBUG"))
		return vfprintf(stderr, fmt, ap);
	return 0;
}

static int silent_xdp_print(enum libxdp_print_level level, const char *fmt, va_list ap)
{
	if (getenv("XDP_ROUTER_DEBUG"))
		return vfprintf(stderr, fmt, ap);
	return 0;
}

int main(int argc, char **argv)
{
	static struct xr_cli cli;
	const struct xr_top_def *top;
	const char *batch = NULL;
	struct xr_cmd cmd;
	int i, ret;

	libbpf_set_print(silent_print);
	libxdp_set_print(silent_xdp_print);

	for (i = 1; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
		const char *o = argv[i] + 1;
		const struct gopt *g;

		g = gopt_find(*o == '-' ? o + 1 : o);
		if (!g) {
			xr_err("unknown option \"%s\"", xr_word(argv[i]));
			return 1;
		}
		if (g->id == GO_FAMILY) {
			xr_cli_family = o[*o == '-'] == '4' ? AF_INET : AF_INET6;
		} else if (g->id == GO_JSON) {
			cli.json = 1;
		} else if (g->id == GO_BATCH) {
			if (++i >= argc) {
				xr_err("missing FILE after \"%s\"", xr_word(argv[i - 1]));
				return 1;
			}
			batch = argv[i];
		} else if (g->id == GO_VERSION) {
			return xr_version_main();
		} else {
			usage(stdout);
			return 0;
		}
	}
	xj_init(&cli.j, stdout);
	/* libxdp keeps its dispatcher pins beside ours, in the bpffs that
	 * stays visible under `ip netns exec` (docs/state.md). */
	if (!getenv("LIBXDP_BPFFS")) {
		const char *base = getenv(XR_BPFFS_ENV);

		setenv("LIBXDP_BPFFS", base && *base ? base : XR_BPFFS_DEFAULT, 1);
	}
	if (batch) {
		if (i < argc) {
			xr_err("unknown argument \"%s\" after -batch FILE",
			       xr_word(argv[i]));
			return 1;
		}
		ret = run_batch(&cli, batch);
	} else {
		if (i < argc && (!strcmp(argv[i], "help")))
			return help_main(argc - i - 1, argv + i + 1);
		if (i >= argc) {
			usage(stderr);
			return 1;
		}
		top = xr_top_find(argv[i]);
		if (top)
			return top->main(&cli, argc - i - 1, argv + i + 1);
		if (xr_cmd_parse(argc - i, argv + i, &cmd))
			return 1;
		ret = xr_cli_run(&cli, &cmd, 1);
		xr_cmd_free(&cmd);
	}
	xr_ov_free(&cli.ov);
	xr_state_close(&cli.st);
	return ret;
}
