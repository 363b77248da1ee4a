// SPDX-License-Identifier: GPL-2.0
/*
 * xdp-router [OPTIONS] OBJECT COMMAND [ARGS]
 * Global options, the object dispatch, batches, and `reset`.
 */
#include <errno.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <xdp/libxdp.h>
#include "cli/cli.h"
#include "lib/err.h"
#include "lib/gen.h"
#include "lib/iface.h"
#include "lib/tables.h"

#define MAX_WORDS 64

static void usage(FILE *f)
{
	fprintf(f,
"Usage: xdp-router [-j] [-batch FILE] OBJECT COMMAND [ARGS]\n"
"  link attach DEV [hook xdp|tc] [mode native|generic]  attach the fast path to DEV\n"
"  link detach DEV                         detach it, remove what attach added\n"
"  link set DEV redirects on|off          send ICMP redirects (default on)\n"
"  link show [DEV]\n"
"  addr show [DEV]                         the router's own addresses\n"
"  route add PREFIX via GW [dev DEV]\n"
"  route add PREFIX dev DEV\n"
"  route add {blackhole|unreachable|prohibit} PREFIX\n"
"  route replace ...   route del PREFIX   route show   route get ADDR   route flush\n"
"  neigh add ADDR lladdr MAC dev DEV   neigh replace ...   neigh del ADDR dev DEV\n"
"  neigh show   neigh flush\n"
"  proto add {ethertype 0xNNNN|ipproto N} obj FILE [prog NAME]\n"
"                                          register a protocol handler (BPF)\n"
"  proto del {ethertype 0xNNNN|ipproto N}   proto show\n"
"  stats [show|reset]\n"
"  capture DEV [-w FILE] [-c COUNT] [--snaplen N] [--filter VERDICT|REASON]\n"
"                                          frames of DEV with the fast path's verdict (pcap with -w)\n"
"  daemon [--icmp-ratelimit MS] [--icmp-msgs-per-sec N] [--icmp-msgs-burst N]\n"
"         [--unres-qlen N] [--unres-qlen-bytes N] [--unres-total-bytes N]\n"
"         [--gc-thresh3 N] [--arp-locktime MS]\n"
"                                          run the slow path (foreground)\n"
"  upgrade                                 open another build's state, convert it,\n"
"                                          replace the program on every link\n"
"  reset                                   detach everywhere, remove all state\n"
"  state [show|prune]                      every namespace's state; prune removes\n"
"                                          the state of namespaces that are gone\n"
"Options: -j (JSON), -batch FILE (one command a line, '-' for stdin),\n"
"         -V (the build and the state layout versions)\n"
"State: maps pinned in %s/netns-<cookie>/ (per network namespace)\n",
		XR_BPFFS_DEFAULT);
}

int xr_matches(const char *word, const char *keyword)
{
	size_t n = strlen(word);

	return n > 0 && n <= strlen(keyword) && !strncmp(word, keyword, n);
}

int xr_cmd_writes(const struct xr_cmd *c)
{
	switch (c->kind) {
	case XR_CMD_LINK_SHOW: case XR_CMD_ADDR_SHOW: case XR_CMD_ROUTE_SHOW:
	case XR_CMD_ROUTE_GET: case XR_CMD_NEIGH_SHOW: case XR_CMD_STATS_SHOW:
	case XR_CMD_PROTO_SHOW:
		return 0;
	default:
		return 1;
	}
}

int xr_cli_link_attached(struct xr_cli *cli, uint32_t ifindex)
{
	struct xr_iface v;
	int s = xr_ov_get(&cli->ov, xr_ov_link_key(ifindex), NULL);

	if (s != XR_OV_UNKNOWN)
		return s == XR_OV_PRESENT;
	return cli->have_state && xr_iface_get(&cli->st.m, ifindex, &v) == 0;
}

static int parse_cmd(int argc, char **argv, struct xr_cmd *c)
{
	const char *obj;

	memset(c, 0, sizeof(*c));
	if (argc < 1) {
		xr_err("missing OBJECT (link, addr, route, neigh, proto, stats, reset)");
		return -1;
	}
	obj = argv[0];
	argc--;
	argv++;
	if (xr_matches(obj, "link"))
		return xr_link_parse(argc, argv, c);
	if (xr_matches(obj, "address"))
		return xr_addr_parse(argc, argv, c);
	if (xr_matches(obj, "route"))
		return xr_route_parse(argc, argv, c);
	if (xr_matches(obj, "neighbour") || xr_matches(obj, "neighbor"))
		return xr_neigh_parse(argc, argv, c);
	if (xr_matches(obj, "protocol"))
		return xr_proto_cmd_parse(argc, argv, c);
	if (xr_matches(obj, "stats") || !strcmp(obj, "statistics"))
		return xr_stats_parse(argc, argv, c);
	if (!strcmp(obj, "reset")) {
		c->kind = XR_CMD_RESET;
		if (argc > 0) {
			xr_err("unknown argument \"%s\"", xr_word(argv[0]));
			return -1;
		}
		return 0;
	}
	xr_err("unknown object \"%s\" (link, addr, route, neigh, proto, stats, "
	       "reset)", xr_word(obj));
	return -1;
}

static int check_cmd(struct xr_cli *cli, struct xr_cmd *c)
{
	switch (c->kind) {
	case XR_CMD_LINK_ATTACH: case XR_CMD_LINK_DETACH: case XR_CMD_LINK_SET:
		return xr_link_check(cli, c);
	case XR_CMD_ROUTE_ADD: case XR_CMD_ROUTE_REPLACE: case XR_CMD_ROUTE_DEL:
		return xr_route_check(cli, c);
	case XR_CMD_NEIGH_ADD: case XR_CMD_NEIGH_REPLACE: case XR_CMD_NEIGH_DEL:
		return xr_neigh_check(cli, c);
	default:
		return 0;
	}
}

/* Detach from every link of this namespace that runs our program (found
 * by name, so this works also on state another version left), then
 * remove the state. */
static int do_reset(struct xr_cli *cli)
{
	struct if_nameindex *ifs, *i;
	int err = 0, mode;

	if (!cli->st.dir[0])
		return 0;
	ifs = if_nameindex();
	for (i = ifs; i && i->if_index; i++)
		if (xr_iface_prog(i->if_index, &mode) &&
		    xr_iface_detach(&cli->st, i->if_index))
			err = -1;
	if_freenameindex(ifs);
	if (err)
		return err;
	/* removed while this command holds the lock: a command waiting for
	 * it finds the state gone (xr_state_writing), never half of it */
	err = xr_state_destroy(&cli->st);      /* says what failed */
	xr_state_close(&cli->st);
	cli->have_state = 0;
	return err;
}

static int apply_cmd(struct xr_cli *cli, struct xr_cmd *c)
{
	switch (c->kind) {
	case XR_CMD_LINK_ATTACH: case XR_CMD_LINK_DETACH: case XR_CMD_LINK_SHOW:
	case XR_CMD_LINK_SET:
		return xr_link_apply(cli, c);
	case XR_CMD_ADDR_SHOW:
		return xr_addr_apply(cli, c);
	case XR_CMD_ROUTE_ADD: case XR_CMD_ROUTE_REPLACE: case XR_CMD_ROUTE_DEL:
	case XR_CMD_ROUTE_SHOW: case XR_CMD_ROUTE_GET: case XR_CMD_ROUTE_FLUSH:
		return xr_route_apply(cli, c);
	case XR_CMD_NEIGH_ADD: case XR_CMD_NEIGH_REPLACE: case XR_CMD_NEIGH_DEL:
	case XR_CMD_NEIGH_SHOW: case XR_CMD_NEIGH_FLUSH:
		return xr_neigh_apply(cli, c);
	case XR_CMD_STATS_SHOW: case XR_CMD_STATS_RESET:
		return xr_stats_apply(cli, c);
	case XR_CMD_PROTO_ADD: case XR_CMD_PROTO_DEL: case XR_CMD_PROTO_SHOW:
		return xr_proto_cmd_apply(cli, c);
	case XR_CMD_RESET:
		return do_reset(cli);
	}
	return -EINVAL;
}

static int check_all(struct xr_cli *cli, struct xr_cmd *cmds, size_t n,
		     const int *lines)
{
	size_t i;

	for (i = 0; i < n; i++) {
		xr_err_line = lines ? lines[i] : 0;
		if (check_cmd(cli, &cmds[i]))
			return 1;
	}
	xr_err_line = 0;
	return 0;
}

/* The kinds of state the checks of these commands read: neighbours only
 * when there is a neighbour command (the daemon writes neighbours all
 * the time; a batch of routes need not care). */
static unsigned int checks_read(const struct xr_cmd *cmds, size_t n)
{
	unsigned int mask = 1u << XR_GEN_CONFIG;
	size_t i;

	for (i = 0; i < n; i++)
		if (cmds[i].kind == XR_CMD_NEIGH_ADD ||
		    cmds[i].kind == XR_CMD_NEIGH_REPLACE ||
		    cmds[i].kind == XR_CMD_NEIGH_DEL)
			mask |= 1u << XR_GEN_NEIGH;
	return mask;
}

/*
 * The one place where a command takes the state's exclusive lock, after
 * its checks ran under the shared one (docs/state.md, Locking). When a
 * writer came in between (a generation moved), the checks run again,
 * now under the exclusive lock, before anything is written.
 */
static int write_lock(struct xr_cli *cli, struct xr_cmd *cmds, size_t n,
		      const int *lines, const struct xr_state_gen *seen)
{
	struct xr_state_gen now;
	int err;

	if (cli->st.lock_fd < 0)
		return 0;               /* no state at all: reset */
	err = xr_state_lock(&cli->st, 1);
	if (err) {
		xr_err("cannot lock %s: %s", cli->st.dir, strerror(-err));
		return 1;
	}
	if (!cli->have_state)
		return 0;
	/* reset removes whatever is there now: a reset or an upgrade that
	 * came first is no reason to stop, nor anything to repair */
	if (n == 1 && cmds[0].kind == XR_CMD_RESET)
		return 0;
	if (xr_state_writing(&cli->st))
		return 1;
	xr_gen_read(&cli->st.m, &now);
	if (xr_gen_moved(seen, &now, checks_read(cmds, n))) {
		xr_ov_free(&cli->ov);
		memset(cli->gw_cache, 0, sizeof(cli->gw_cache));
		if (check_all(cli, cmds, n, lines))
			return 1;
	}
	xr_gen_bump(&cli->st.m, XR_GEN_ALL);
	return 0;
}

/* Check every command under the shared lock, then apply every command
 * under the exclusive one. lines[] gives the batch line numbers for
 * messages (NULL for a single command). */
static int run(struct xr_cli *cli, struct xr_cmd *cmds, size_t n, const int *lines)
{
	struct xr_state_gen seen;
	int writes = 0, reset = 0, err;
	size_t i;

	for (i = 0; i < n; i++) {
		writes |= xr_cmd_writes(&cmds[i]);
		reset |= cmds[i].kind == XR_CMD_RESET;
	}
	if (xr_check_privileges())
		return 1;
	err = xr_state_open(&cli->st, writes && !reset ? XR_STATE_CREATE : 0);
	/* no state is no error for readers and reset (which also clears
	 * a state it cannot open, -EIO); a writer must have one */
	if (err && !((err == -ENOENT && (!writes || reset)) ||
		     (reset && err == -EIO)))
		return 1;
	cli->have_state = !err;
	if (cli->have_state)
		xr_gen_read(&cli->st.m, &seen);
	if (check_all(cli, cmds, n, lines))
		return 1;
	if (writes && write_lock(cli, cmds, n, lines, &seen))
		return 1;
	for (i = 0; i < n; i++) {
		size_t k = i, done;

		xr_err_line = lines ? lines[i] : 0;
		while (k < n && xr_route_is_update(&cmds[k]))
			k++;
		if (k - i > 1) {        /* a run of route adds: batched */
			done = xr_route_apply_run(cli, &cmds[i], k - i, &err);
			if (err) {
				xr_err_line = lines ? lines[i + done] : 0;
				xr_err("cannot change route \"%s\": %s",
				       xr_word(cmds[i + done].what), strerror(-err));
				return 1;
			}
			i = k - 1;
			continue;
		}
		if (apply_cmd(cli, &cmds[i]))
			return 1;
	}
	xr_err_line = 0;
	return 0;
}

/* Split a batch line into words: blanks separate, quotes group, '#'
 * starts a comment. Returns the word count, or -1. */
static int split_line(char *line, char **w, int max)
{
	int n = 0;
	char *p = line;

	for (;;) {
		char *out;

		while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')
			p++;
		if (!*p || *p == '#')
			return n;
		if (n == max) {
			xr_err("too many words");
			return -1;
		}
		w[n++] = out = p;
		while (*p && *p != ' ' && *p != '\t' && *p != '\r' && *p != '\n') {
			if (*p == '"' || *p == '\'') {
				char q = *p++;

				while (*p && *p != q)
					*out++ = *p++;
				if (*p != q) {
					xr_err("unterminated quote");
					return -1;
				}
				p++;
			} else {
				*out++ = *p++;
			}
		}
		if (*p)
			p++;
		*out = '\0';
	}
}

static int run_batch(struct xr_cli *cli, const char *file)
{
	FILE *f = strcmp(file, "-") ? fopen(file, "r") : stdin;
	struct xr_cmd *cmds = NULL;
	int *lines = NULL;
	size_t n = 0, cap = 0, len = 0;
	char *buf = NULL;
	ssize_t got;
	int lineno = 0, ret = 1;

	if (!f) {
		xr_err("cannot open batch file \"%s\": %s",
		       xr_word(file), strerror(errno));
		return 1;
	}
	while ((got = getline(&buf, &len, f)) >= 0) {
		char *w[MAX_WORDS];
		int nw;

		xr_err_line = ++lineno;
		if (strlen(buf) != (size_t)got) {    /* it would end the line */
			xr_err("a NUL byte at column %zu", strlen(buf) + 1);
			goto out;
		}
		nw = split_line(buf, w, MAX_WORDS);
		if (nw < 0)
			goto out;
		if (nw == 0)
			continue;
		if (n == cap) {
			void *c2, *l2;

			cap = cap ? cap * 2 : 256;
			c2 = realloc(cmds, cap * sizeof(*cmds));
			l2 = c2 ? realloc(lines, cap * sizeof(*lines)) : NULL;
			if (c2)
				cmds = c2;
			if (l2)
				lines = l2;
			if (!c2 || !l2) {
				xr_err("out of memory");
				goto out;
			}
		}
		if (parse_cmd(nw, w, &cmds[n]))
			goto out;
		if (cmds[n].kind == XR_CMD_RESET) {
			xr_err("\"reset\" is not allowed in a batch");
			goto out;
		}
		/* a handler is checked only by loading it (the verifier):
		 * a batch could not be checked whole before it is applied */
		if (cmds[n].kind == XR_CMD_PROTO_ADD ||
		    cmds[n].kind == XR_CMD_PROTO_DEL) {
			xr_err("\"proto add/del\" is not allowed in a batch");
			goto out;
		}
		lines[n++] = lineno;
	}
	if (ferror(f)) {
		xr_err("cannot read batch file \"%s\"", xr_word(file));
		goto out;
	}
	xr_err_line = 0;
	ret = run(cli, cmds, n, lines);
out:
	xr_err_line = 0;
	free(buf);
	free(cmds);
	free(lines);
	if (f != stdin)
		fclose(f);
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
	const char *batch = NULL;
	struct xr_cmd cmd;
	int i, ret;

	libbpf_set_print(silent_print);
	libxdp_set_print(silent_xdp_print);

	for (i = 1; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
		const char *o = argv[i] + 1;

		if (*o == '-')
			o++;
		if (!strcmp(o, "j") || !strcmp(o, "json")) {
			cli.json = 1;
		} else if (!strcmp(o, "b") || !strcmp(o, "batch")) {
			if (++i >= argc) {
				xr_err("missing FILE after \"%s\"", xr_word(argv[i - 1]));
				return 1;
			}
			batch = argv[i];
		} else if (!strcmp(o, "V") || !strcmp(o, "version")) {
			return xr_version_main();
		} else if (!strcmp(o, "h") || !strcmp(o, "help")) {
			usage(stdout);
			return 0;
		} else {
			xr_err("unknown option \"%s\"", xr_word(argv[i]));
			return 1;
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
		if (i < argc && (!strcmp(argv[i], "help"))) {
			usage(stdout);
			return 0;
		}
		if (i >= argc) {
			usage(stderr);
			return 1;
		}
		if (!strcmp(argv[i], "daemon"))
			return xr_daemon_main(argc - i - 1, argv + i + 1);
		if (!strcmp(argv[i], "capture"))
			return xr_capture_main(argc - i - 1, argv + i + 1);
		if (!strcmp(argv[i], "state"))
			return xr_state_main(&cli, argc - i - 1, argv + i + 1);
		if (!strcmp(argv[i], "upgrade"))
			return xr_upgrade_main(argc - i - 1, argv + i + 1);
		if (parse_cmd(argc - i, argv + i, &cmd))
			return 1;
		ret = run(&cli, &cmd, 1, NULL);
	}
	xr_ov_free(&cli.ov);
	xr_state_close(&cli.st);
	return ret;
}
