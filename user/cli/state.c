// SPDX-License-Identifier: GPL-2.0
/*
 * xdp-router state [show|prune]: every namespace's state directory with
 * whether its namespace lives, and the removal of those whose namespace
 * is gone (lib/stategc.h; every command also does it, quietly); and
 * xdp-router reset, which removes this namespace's.
 */
#include <net/if.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "cli/cli.h"
#include "lib/err.h"
#include "lib/fibstat.h"
#include "lib/iface.h"
#include "lib/sdir.h"
#include "lib/stategc.h"

struct state_out {
	struct xr_cli *cli;
	const char *self;      /* this namespace's netns-<cookie> */
	int prune;
	int failed;
};

static const char *const status_word[] = {
	[XR_NS_ALIVE] = "alive", [XR_NS_GONE] = "gone",
	[XR_NS_UNKNOWN] = "unknown", [XR_NS_REFUSED] = "refused",
};

/* This namespace's FIBs, both families: 1 when read (st[0] IPv4's). */
static int fib_stats(struct state_out *o, const struct xr_gc_ent *e,
		     struct xr_fib_stat st[2])
{
	int fd, ok;

	if (strcmp(e->name, o->self) || e->status != XR_NS_ALIVE)
		return 0;
	fd = xr_sdir_openat(o->cli->st.base_fd, e->name, e->path, 0);
	if (fd < 0)
		return 0;
	ok = !xr_fib_stat(fd, 0, &st[0]) && !xr_fib_stat(fd, 1, &st[1]);
	close(fd);
	return ok;
}

static void fib_json(struct xr_json *j, const char *key,
		     const struct xr_fib_stat *s)
{
	xj_obj_open(j, key);
	xj_u64(j, "bytes", s->bytes);
	xj_u64(j, "nodes", s->nodes);
	xj_u64(j, "nodes_total", s->nodes_total);
	xj_u64(j, "leaves", s->leaves);
	xj_u64(j, "leaves_total", s->leaves_total);
	xj_obj_close(j);
}

static void fib_text(const char *fam, const struct xr_fib_stat *s)
{
	printf("  FIB %s: %llu bytes in use (nodes %llu of %llu, leaves %llu "
	       "of %llu)\n", fam, (unsigned long long)s->bytes,
	       (unsigned long long)s->nodes, (unsigned long long)s->nodes_total,
	       (unsigned long long)s->leaves, (unsigned long long)s->leaves_total);
}

static void ent_json(struct state_out *o, const struct xr_gc_ent *e)
{
	struct xr_fib_stat st[2];

	struct xr_json *j = &o->cli->j;

	xj_obj_open(j, NULL);
	xj_str(j, "path", e->path);
	xj_str(j, "status", status_word[e->status]);
	xj_bool(j, "self", !strcmp(e->name, o->self));
	if (e->status == XR_NS_ALIVE)
		xj_u64(j, "netns_ino", e->ino);
	if (e->why)
		xj_str(j, "why", e->why);
	if (o->prune)
		xj_bool(j, "removed", e->removed);
	if (fib_stats(o, e, st)) {
		fib_json(j, "fib4", &st[0]);
		fib_json(j, "fib6", &st[1]);
	}
	xj_obj_close(j);
}

static void ent_text(struct state_out *o, const struct xr_gc_ent *e)
{
	struct xr_fib_stat st[2];

	switch (e->status) {
	case XR_NS_ALIVE:
		printf("%s alive (netns inode %u)%s\n", e->path, e->ino,
		       strcmp(e->name, o->self) ? "" : ", this namespace");
		if (fib_stats(o, e, st)) {
			fib_text("IPv4", &st[0]);
			fib_text("IPv6", &st[1]);
		}
		break;
	case XR_NS_GONE:
		printf(e->removed ? "removed %s: its network namespace is gone\n" :
		       o->prune ? "%s: its network namespace is gone, not removed\n" :
		       "%s gone (the next command removes it)\n", e->path);
		break;
	default:
		printf("%s %s: %s, left alone\n", e->path, status_word[e->status],
		       e->why);
	}
}

static void show_ent(void *arg, const struct xr_gc_ent *e)
{
	struct state_out *o = arg;

	if (o->prune && e->status == XR_NS_ALIVE)
		return;
	o->failed |= o->prune && e->status == XR_NS_GONE && !e->removed;
	if (o->cli->json)
		ent_json(o, e);
	else
		ent_text(o, e);
}

static int state_parse(int argc, char **argv, int *prune)
{
	*prune = 0;
	if (argc == 0 || (argc == 1 && xr_matches(argv[0], "show")))
		return 0;
	if (argc == 1 && xr_matches(argv[0], "prune")) {
		*prune = 1;
		return 0;
	}
	xr_err("unknown state command \"%s\" (show, prune)", xr_word(argv[argc > 1]));
	return -1;
}

int xr_state_main(struct xr_cli *cli, int argc, char **argv)
{
	struct state_out o = { .cli = cli };
	int n;

	if (state_parse(argc, argv, &o.prune) || xr_check_privileges() ||
	    xr_state_locate(&cli->st))
		return 1;
	o.self = strrchr(cli->st.dir, '/') + 1;
	if (cli->json)
		xj_arr_open(&cli->j, NULL);
	n = xr_state_gc(cli->st.base_fd, cli->st.base, o.self, o.prune,
			show_ent, &o);
	if (cli->json) {
		xj_arr_close(&cli->j);
		xj_end(&cli->j);
	}
	if (n < 0)
		xr_err("cannot read %s: %s", cli->st.base, strerror(-n));
	return n < 0 || o.failed;
}

/* reset: detach from every link of this namespace that runs our program
 * (found by name, so this works also on state another version left),
 * then remove the state. */
int xr_reset_apply(struct xr_cli *cli, struct xr_cmd *c)
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
