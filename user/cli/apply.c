// SPDX-License-Identifier: GPL-2.0
/*
 * xdp-router apply [--dry-run] FILE: make the router's configuration
 * exactly FILE's (docs/configuration.md). FILE is read whole (only the
 * statements save prints, comments, at most one daemon line), its items
 * diffed against the running ones (cfg.h), and the plan (apply_plan.h)
 * run as a batch: every command checked against the state as the
 * earlier ones leave it before the first is applied; a writer that came
 * between the plan and the exclusive lock makes it refuse (main.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cli/apply_plan.h"
#include "cli/batch.h"
#include "cli/cfg.h"
#include "lib/err.h"
#include "lib/tables.h"

#define ALLOWED "link attach, link set, route multipath hash-policy, " \
		"proto add, neigh add, route add, route replace"

/* The statements save prints: the only ones a configuration holds. */
static int statement(const struct xr_cmd *c)
{
	const struct xr_cmd_def *d = c->def;

	if (d->flags & XR_CMD_CONFIG)
		return 0;
	xr_err("\"%s%s%s\" is not a statement of a configuration (%s)",
	       xr_objs[d->obj].name, d->name ? " " : "", d->name ? d->name : "",
	       ALLOWED);
	return -1;
}

/* With a daemon line that follows the kernel, routes and neighbours
 * are the kernel's: a file that declares some is refused. */
static int follows_check(const struct xr_batch *b)
{
	size_t i;

	if (b->daemon.fp.mode == XR_SYNC_OFF)
		return 0;
	for (i = 0; i < b->n; i++) {
		const struct xr_cmd *c = &b->cmds[i];

		if (!(c->def->flags & XR_CMD_SYNCED))
			continue;
		xr_err_line = c->line;
		xr_err("routes and neighbours follow the kernel (daemon %s, "
		       "line %d): no \"%s %s\" in this file",
		       b->daemon.fp.mode == XR_SYNC_FPM ? "--fpm" : "--kernel-sync",
		       b->daemon_line, xr_objs[c->def->obj].name, c->def->name);
		xr_err_line = 0;
		return -1;
	}
	return 0;
}

/* Two items of one key: the file says the same thing twice. */
static int twice_check(const struct xr_cfg *want)
{
	size_t i;

	for (i = 1; i < want->n; i++) {
		const struct xr_cfg_item *a = &want->v[i - 1], *b = &want->v[i];

		if (xr_cfg_key_cmp(a, b))
			continue;
		xr_err_line = a->line > b->line ? a->line : b->line;
		xr_err("the same %s as line %d", xr_cfg_kind_name(b->kind),
		       a->line < b->line ? a->line : b->line);
		xr_err_line = 0;
		return -1;
	}
	return 0;
}

/* FILE's statements as the items wanted, sorted. */
static int read_want(const char *file, struct xr_batch *b, struct xr_cfg *want)
{
	size_t i;

	b->allow = statement;
	if (xr_batch_read(file, b) || follows_check(b))
		return -1;
	for (i = 0; i < b->n; i++)
		if (xr_cfg_from_cmd(&b->cmds[i], want))
			return -1;
	want->follows = (int)b->daemon.fp.mode;
	xr_cfg_sort(want);
	return twice_check(want);
}

/* A neighbour entry there (PERMANENT or learnt): add is a replace. */
static int has_neigh(void *arg, const struct xr_cfg_item *it)
{
	struct xr_cli *cli = arg;
	struct xr_neigh n;

	if (!cli->have_state)
		return 0;
	return (it->family == AF_INET6 ?
		xr_neigh6_get(&cli->st.m, it->ifindex, &it->addr.v6, &n) :
		xr_neigh4_get(&cli->st.m, it->ifindex, it->addr.v4, &n)) == 0;
}

static int followed(const void *arg, const struct xr_cfg_item *it)
{
	return it->kind == XR_CFG_ROUTE || it->kind == XR_CFG_NEIGH;
}

static int gone(const void *arg, const struct xr_cfg_item *it)
{
	return it->gone;
}

/* Items of devices that are gone are not apply's: said in one line. */
static void drop_gone(struct xr_cfg *run)
{
	size_t n = xr_cfg_drop_if(run, gone, NULL);

	if (n)
		xr_err("%zu items of devices that are gone: left as they are "
		       "(save prints them as comments; reset clears them)", n);
}

/* The plan's commands, parsed as batch lines (each with the file's line
 * it comes from). */
static int plan_cmds(const struct xr_plan *p, struct xr_batch *cmds)
{
	size_t i;
	int err = 0;

	memset(cmds, 0, sizeof(*cmds));
	for (i = 0; !err && i < p->n; i++) {
		char *line = strdup(p->v[i].line_text);

		err = !line || xr_batch_add_line(cmds, line, p->v[i].line);
		free(line);
	}
	return err ? -1 : 0;
}

static int plan_of(struct xr_cli *cli, struct xr_cfg *want,
		   struct xr_plan *p)
{
	struct xr_cfg run = { 0 };
	int err = xr_cfg_read(cli, &run);

	if (!err && want->follows != XR_SYNC_OFF)
		xr_cfg_drop_if(&run, followed, NULL);
	if (!err)
		drop_gone(&run);
	xr_cfg_sort(&run);
	if (!err)
		err = xr_cfg_mark_connected(want, want) ||
		      xr_cfg_mark_connected(want, &run);
	if (!err)
		err = xr_plan_make(want, &run, has_neigh, cli, p);
	xr_cfg_free(&run);
	return err;
}

static void print_plan(const struct xr_plan *p)
{
	static const char mark[XR_PLAN_NOPS] = { '+', '~', '-' };
	size_t i;

	for (i = 0; i < p->n; i++)
		printf("%c %s\n", mark[p->v[i].op], p->v[i].line_text);
}

static const char *const op_names[XR_PLAN_NOPS] = { "added", "changed", "removed" };

static void summary_text(const struct xr_plan *p)
{
	int k, op;

	printf("apply: %lu added, %lu changed, %lu removed\n",
	       xr_plan_total(p, XR_PLAN_ADD), xr_plan_total(p, XR_PLAN_CHANGE),
	       xr_plan_total(p, XR_PLAN_REMOVE));
	for (k = 0; k < XR_CFG_NKINDS; k++) {
		if (!p->cnt[0][k] && !p->cnt[1][k] && !p->cnt[2][k])
			continue;
		printf("  %s:", xr_cfg_kind_name(k));
		for (op = 0; op < XR_PLAN_NOPS; op++)
			printf("%s %lu %s", op ? "," : "", p->cnt[op][k], op_names[op]);
		printf("\n");
	}
}

static void json_counts(struct xr_json *j, const unsigned long *n3)
{
	int op;

	for (op = 0; op < XR_PLAN_NOPS; op++)
		xj_u64(j, op_names[op], n3[op]);
}

static void json_kinds(struct xr_json *j, const struct xr_plan *p)
{
	unsigned long per[XR_PLAN_NOPS];
	int k, op;

	xj_obj_open(j, "kinds");
	for (k = 0; k < XR_CFG_NKINDS; k++) {
		for (op = 0; op < XR_PLAN_NOPS; op++)
			per[op] = p->cnt[op][k];
		xj_obj_open(j, xr_cfg_kind_name(k));
		json_counts(j, per);
		xj_obj_close(j);
	}
	xj_obj_close(j);
}

/* The plan's commands (--dry-run; else empty). */
static void json_plan(struct xr_json *j, const struct xr_plan *p, int dry)
{
	static const char *const ops[XR_PLAN_NOPS] = { "+", "~", "-" };
	size_t i;

	xj_arr_open(j, "plan");
	for (i = 0; dry && i < p->n; i++) {
		xj_obj_open(j, NULL);
		xj_str(j, "op", ops[p->v[i].op]);
		xj_str(j, "command", p->v[i].line_text);
		xj_obj_close(j);
	}
	xj_arr_close(j);
}

static void summary_json(struct xr_cli *cli, const struct xr_plan *p, int dry)
{
	unsigned long tot[XR_PLAN_NOPS];
	int op;

	for (op = 0; op < XR_PLAN_NOPS; op++)
		tot[op] = xr_plan_total(p, op);
	xj_obj_open(&cli->j, NULL);
	json_counts(&cli->j, tot);
	xj_bool(&cli->j, "dry_run", dry);
	json_kinds(&cli->j, p);
	json_plan(&cli->j, p, dry);
	xj_obj_close(&cli->j);
	xj_end(&cli->j);
}

/* The plan checked whole, then (unless dry) run. */
static int run_plan(struct xr_cli *cli, const struct xr_plan *p, int dry,
		    const struct xr_state_gen *seen)
{
	struct xr_batch cmds;
	int ret = 1;

	if (plan_cmds(p, &cmds))
		goto out;
	if (dry) {
		ret = xr_cli_check(cli, cmds.cmds, cmds.n) ? 1 : 0;
		goto out;
	}
	cli->plan_gen = seen;
	ret = cmds.n ? xr_cli_run_opened(cli, cmds.cmds, cmds.n, seen) : 0;
out:
	xr_batch_free(&cmds);
	return ret;
}

static int usage_err(const char *w)
{
	if (w && w[0] == '-' && w[1])
		xr_err("unknown option \"%s\" (apply [--dry-run] FILE)", xr_word(w));
	else if (w)
		xr_err("unknown argument \"%s\" (apply [--dry-run] FILE)", xr_word(w));
	else
		xr_err("missing FILE (apply [--dry-run] FILE; '-': stdin)");
	return 1;
}

static int apply_file(struct xr_cli *cli, const char *file, int dry)
{
	struct xr_cfg want = { 0 };
	struct xr_batch b = { 0 };
	struct xr_plan p = { 0 };
	struct xr_state_gen seen;
	int ret = 1;

	if (read_want(file, &b, &want) || xr_cli_open(cli, !dry, 0, &seen) ||
	    plan_of(cli, &want, &p))
		goto out;
	ret = run_plan(cli, &p, dry, &seen);
	if (!ret && dry && !cli->json)
		print_plan(&p);
	if (!ret && cli->json)
		summary_json(cli, &p, dry);
	else if (!ret)
		summary_text(&p);
out:
	xr_plan_free(&p);
	xr_cfg_free(&want);
	xr_batch_free(&b);
	xr_ov_free(&cli->ov);
	xr_state_close(&cli->st);
	return ret;
}

int xr_apply_main(struct xr_cli *cli, int argc, char **argv)
{
	int dry = 0, i = 0;

	if (xr_cli_family) {
		xr_err("apply takes no -4/-6: a file's line says its family");
		return 1;
	}
	for (i = 0; i < argc; i++) /* an unknown option named first */
		if (argv[i][0] == '-' && argv[i][1] && strcmp(argv[i], "--dry-run"))
			return usage_err(argv[i]);
	i = 0;
	if (i < argc && !strcmp(argv[i], "--dry-run")) {
		dry = 1;
		i++;
	}
	if (i >= argc)
		return usage_err(NULL);
	if (i + 1 < argc)
		return usage_err(argv[i + 1]);
	return apply_file(cli, argv[i], dry);
}
