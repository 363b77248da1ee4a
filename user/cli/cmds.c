// SPDX-License-Identifier: GPL-2.0
/*
 * The command table: every OBJECT COMMAND with the words that select
 * it, whether it writes, and its parse, check and apply (iproute2's
 * cmds[], xdp-tools' DEFINE_COMMAND). Objects and commands are listed
 * in messages in the order of these tables.
 */
#include <stdio.h>
#include <string.h>
#include "cli/cli.h"
#include "lib/err.h"

#define KW(w)    { w, 0 }         /* may be abbreviated */
#define EXACT(w) { w, 1 }
#define W        XR_CMD_WRITES
#define SHOW     XR_CMD_DEFAULT
#define SYNCED   XR_CMD_SYNCED
#define CFG      XR_CMD_CONFIG

const struct xr_obj_def xr_objs[XR_OBJ_MAX] = {
	[XR_OBJ_LINK]  = { "link", { KW("link") } },
	[XR_OBJ_ADDR]  = { "addr", { KW("address") } },
	[XR_OBJ_ROUTE] = { "route", { KW("route") } },
	[XR_OBJ_NEIGH] = { "neigh", { KW("neighbour"), KW("neighbor") } },
	[XR_OBJ_PROTO] = { "proto", { KW("protocol") } },
	[XR_OBJ_STATS] = { "stats", { KW("stats"), EXACT("statistics") } },
	[XR_OBJ_RESET] = { "reset", { EXACT("reset") } },
};

const struct xr_cmd_def xr_cmds[] = {
	{ XR_OBJ_LINK, "attach", { KW("attach") }, W | CFG, NULL,
	  xr_link_attach_parse, xr_link_attach_check, xr_link_attach_apply, NULL },
	{ XR_OBJ_LINK, "detach", { KW("detach") }, W, NULL,
	  xr_link_detach_parse, xr_link_detach_check, xr_link_detach_apply, NULL },
	{ XR_OBJ_LINK, "set", { EXACT("set") }, W | CFG, NULL,
	  xr_link_set_parse, xr_link_set_check, xr_link_set_apply, NULL },
	{ XR_OBJ_LINK, "show", { KW("show"), KW("list") }, SHOW, NULL,
	  xr_link_show_parse, NULL, xr_link_show_apply, NULL },

	{ XR_OBJ_ADDR, "show", { KW("show"), KW("list") }, SHOW, NULL,
	  xr_addr_show_parse, NULL, xr_addr_show_apply, NULL },

	{ XR_OBJ_ROUTE, "add", { EXACT("add"), EXACT("a") }, W | SYNCED | CFG, NULL,
	  xr_route_update_parse, xr_route_add_check, xr_route_update_apply,
	  xr_route_update_run },
	{ XR_OBJ_ROUTE, "replace", { KW("replace") }, W | SYNCED | CFG, NULL,
	  xr_route_update_parse, xr_route_replace_check, xr_route_update_apply,
	  xr_route_update_run },
	{ XR_OBJ_ROUTE, "del", { KW("delete") }, W | SYNCED, NULL,
	  xr_route_del_parse, xr_route_del_check, xr_route_del_apply, NULL },
	{ XR_OBJ_ROUTE, "show", { KW("show"), KW("list") }, SHOW, NULL,
	  xr_parse_no_args, NULL, xr_route_show_apply, NULL },
	{ XR_OBJ_ROUTE, "get", { EXACT("get") }, 0, NULL,
	  xr_route_get_parse, xr_route_get_check, xr_route_get_apply, NULL },
	{ XR_OBJ_ROUTE, "flush", { EXACT("flush") }, W | SYNCED, NULL,
	  xr_parse_no_args, NULL, xr_route_flush_apply, NULL },
	{ XR_OBJ_ROUTE, "multipath", { KW("multipath") }, 0, NULL,
	  xr_route_mp_parse, NULL, xr_route_mp_show_apply, NULL },
	/* selected by route multipath's parse, not by a word of its own */
	{ XR_OBJ_ROUTE, "multipath hash-policy", { { NULL, 0 } }, W | CFG, NULL,
	  xr_route_mp_parse, NULL, xr_route_mp_set_apply, NULL },

	{ XR_OBJ_NEIGH, "add", { EXACT("add"), EXACT("a") }, W | XR_CMD_NEIGH | SYNCED | CFG, NULL,
	  xr_neigh_update_parse, xr_neigh_add_check, xr_neigh_update_apply, NULL },
	{ XR_OBJ_NEIGH, "replace", { KW("replace") }, W | XR_CMD_NEIGH | SYNCED, NULL,
	  xr_neigh_update_parse, xr_neigh_replace_check, xr_neigh_update_apply, NULL },
	{ XR_OBJ_NEIGH, "del", { KW("delete") }, W | XR_CMD_NEIGH | SYNCED, NULL,
	  xr_neigh_del_parse, xr_neigh_del_check, xr_neigh_del_apply, NULL },
	{ XR_OBJ_NEIGH, "show", { KW("show"), KW("list") }, SHOW, NULL,
	  xr_parse_no_args, NULL, xr_neigh_show_apply, NULL },
	{ XR_OBJ_NEIGH, "flush", { EXACT("flush") }, W | SYNCED, NULL,
	  xr_parse_no_args, NULL, xr_neigh_flush_apply, NULL },

	/* add's check loads the handler through the verifier (a trial,
	 * closed again): a batch is checked whole before it is applied */
	{ XR_OBJ_PROTO, "add", { EXACT("add") }, W | CFG, NULL,
	  xr_proto_add_parse, xr_proto_add_check, xr_proto_add_apply, NULL },
	{ XR_OBJ_PROTO, "del", { EXACT("del"), EXACT("delete") }, W, NULL,
	  xr_proto_del_parse, xr_proto_del_check, xr_proto_del_apply, NULL },
	{ XR_OBJ_PROTO, "show", { KW("show"), EXACT("list") }, SHOW, NULL,
	  xr_parse_no_args, NULL, xr_proto_show_apply, NULL },

	{ XR_OBJ_STATS, "show", { KW("show") }, SHOW, NULL,
	  xr_stats_show_parse, NULL, xr_stats_show_apply, NULL },
	{ XR_OBJ_STATS, "reset", { EXACT("reset") }, W, NULL,
	  xr_parse_no_args, NULL, xr_stats_reset_apply, NULL },

	/* the object is the command: parse gets "reset" as its word */
	{ XR_OBJ_RESET, NULL, { { NULL, 0 } }, W | SHOW | XR_CMD_RESET, "reset",
	  xr_parse_no_args, NULL, xr_reset_apply, NULL },
};

const size_t xr_ncmds = sizeof(xr_cmds) / sizeof(xr_cmds[0]);

static int daemon_main(struct xr_cli *cli, int argc, char **argv)
{
	return xr_daemon_main(argc, argv);
}

static int capture_main(struct xr_cli *cli, int argc, char **argv)
{
	return xr_capture_main(argc, argv);
}

static int upgrade_main(struct xr_cli *cli, int argc, char **argv)
{
	return xr_upgrade_main(argc, argv);
}

/* The commands that are not OBJECT COMMAND rows: their own argument
 * parsing and their own run (no batch, no check-then-apply). */
const struct xr_top_def xr_tops[] = {
	{ "daemon", daemon_main },
	{ "capture", capture_main },
	{ "state", xr_state_main },
	{ "upgrade", upgrade_main },
	{ "save", xr_save_main },
	{ "apply", xr_apply_main },
};

const size_t xr_ntops = sizeof(xr_tops) / sizeof(xr_tops[0]);

const struct xr_top_def *xr_top_find(const char *word)
{
	size_t i;

	for (i = 0; i < xr_ntops; i++)
		if (!strcmp(word, xr_tops[i].name))
			return &xr_tops[i];
	return NULL;
}

int xr_cli_family;

/* Every command, one a line, from the tables: the OBJECT COMMAND rows,
 * the commands of their own, then the objects that are their own
 * command (reset). */
void xr_help_commands(FILE *f)
{
	size_t i;

	for (i = 0; i < xr_ncmds; i++)
		if (xr_cmds[i].name)
			fprintf(f, "%s %s\n", xr_objs[xr_cmds[i].obj].name,
				xr_cmds[i].name);
	for (i = 0; i < xr_ntops; i++)
		fprintf(f, "%s\n", xr_tops[i].name);
	for (i = 0; i < xr_ncmds; i++)
		if (!xr_cmds[i].name)
			fprintf(f, "%s\n", xr_objs[xr_cmds[i].obj].name);
}

int xr_matches(const char *word, const char *keyword)
{
	size_t n = strlen(word);

	return n > 0 && n <= strlen(keyword) && !strncmp(word, keyword, n);
}

int xr_kw_match(const struct xr_kw *kw, const char *word)
{
	if (!kw->word)
		return 0;
	return kw->exact ? !strcmp(word, kw->word) : xr_matches(word, kw->word);
}

static int kws_match(const struct xr_kw kw[2], const char *word)
{
	return xr_kw_match(&kw[0], word) || xr_kw_match(&kw[1], word);
}

int xr_obj_find(const char *word)
{
	int o;

	for (o = 0; o < XR_OBJ_MAX; o++)
		if (kws_match(xr_objs[o].kw, word))
			return o;
	return -1;
}

const struct xr_cmd_def *xr_cmd_find(enum xr_obj obj, const char *word)
{
	size_t i;

	for (i = 0; i < xr_ncmds; i++) {
		const struct xr_cmd_def *d = &xr_cmds[i];

		if (d->obj != obj)
			continue;
		if (word ? kws_match(d->kw, word) : !!(d->flags & XR_CMD_DEFAULT))
			return d;
	}
	return NULL;
}

int xr_cmd_writes(const struct xr_cmd *c)
{
	return !!(c->def->flags & XR_CMD_WRITES);
}

/* "link, addr, ..." or "attach, detach, ...": the names, in table order. */
static const char *obj_list(char *buf, size_t len)
{
	size_t o, at = 0;

	buf[0] = '\0';
	for (o = 0; o < XR_OBJ_MAX && at < len; o++)
		at += (size_t)snprintf(buf + at, len - at, "%s%s", o ? ", " : "",
				       xr_objs[o].name);
	return buf;
}

static const char *cmd_list(enum xr_obj obj, char *buf, size_t len)
{
	size_t i, at = 0;

	buf[0] = '\0';
	for (i = 0; i < xr_ncmds && at < len; i++)   /* rows words select */
		if (xr_cmds[i].obj == obj && xr_cmds[i].kw[0].word)
			at += (size_t)snprintf(buf + at, len - at, "%s%s",
					       at ? ", " : "", xr_cmds[i].name);
	return buf;
}

int xr_cmd_parse(int argc, char **argv, struct xr_cmd *c)
{
	char list[128];
	int obj;

	memset(c, 0, sizeof(*c));
	c->family = xr_cli_family;
	if (argc < 1) {
		xr_err("missing OBJECT (%s)", obj_list(list, sizeof(list)));
		return -1;
	}
	obj = xr_obj_find(argv[0]);
	if (obj < 0) {
		xr_err("unknown object \"%s\" (%s)", xr_word(argv[0]),
		       obj_list(list, sizeof(list)));
		return -1;
	}
	c->def = xr_cmd_find(obj, NULL);
	if (c->def && !c->def->name)    /* the object word is the command */
		return c->def->parse(argc, argv, c);
	c->def = xr_cmd_find(obj, argc > 1 ? argv[1] : NULL);
	if (!c->def && argc > 1 && argv[1][0] == '-' &&
	    (c->def = xr_cmd_find(obj, NULL)))   /* stats -o ...: the default's */
		return c->def->parse(argc, argv, c);
	if (!c->def) {
		xr_err("unknown %s command \"%s\" (%s)", xr_objs[obj].name,
		       xr_word(argc > 1 ? argv[1] : ""),
		       cmd_list(obj, list, sizeof(list)));
		return -1;
	}
	return c->def->parse(argc - 1, argv + 1, c);
}

int xr_parse_end(int argc, char **argv, int i)
{
	if (i < argc) {
		xr_err("unknown argument \"%s\"", xr_word(argv[i]));
		return -1;
	}
	return 0;
}

int xr_parse_no_args(int argc, char **argv, struct xr_cmd *c)
{
	return xr_parse_end(argc, argv, 1);
}
