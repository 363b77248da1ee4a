// SPDX-License-Identifier: GPL-2.0
/* xdp-router route {add|replace|del|show|get|flush} */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <bpf/bpf.h>
#include "cli/cli.h"
#include "lib/err.h"
#include "lib/netdev.h"
#include "lib/parse.h"
#include "lib/tables.h"

static const struct { const char *name; int type; } rtn_names[] = {
	{ "unicast", XR_RTN_UNICAST },
	{ "blackhole", XR_RTN_BLACKHOLE },
	{ "unreachable", XR_RTN_UNREACHABLE },
	{ "prohibit", XR_RTN_PROHIBIT },
};

static const char *rtn_name(int type)
{
	size_t i;

	for (i = 0; i < sizeof(rtn_names) / sizeof(rtn_names[0]); i++)
		if (rtn_names[i].type == type)
			return rtn_names[i].name;
	return "unknown";
}

const char *xr_rtn_name(int type)
{
	return rtn_name(type);
}

static int rtn_parse(const char *w)
{
	size_t i;

	for (i = 0; i < sizeof(rtn_names) / sizeof(rtn_names[0]); i++)
		if (!strcmp(w, rtn_names[i].name))
			return rtn_names[i].type;
	return 0;
}

/* [TYPE] PREFIX [via GW] [dev DEV], in any order after the type. */
static int parse_spec(int argc, char **argv, struct xr_cmd *c, int need_nh)
{
	int have_prefix = 0, type_given = 0, i;

	c->rt.type = XR_RTN_UNICAST;
	c->rt.proto = XR_RTPROT_STATIC;
	for (i = 0; i < argc; i++) {
		if (!strcmp(argv[i], "via")) {
			NEXT_ARG();
			if (!strcmp(argv[i], "inet"))
				NEXT_ARG();
			if (xr_parse_ipv4(argv[i], &c->rt.gw))
				return -1;
			if (!c->rt.gw) {
				xr_err("invalid gateway \"%s\"", xr_word(argv[i]));
				return -1;
			}
		} else if (!strcmp(argv[i], "dev") || !strcmp(argv[i], "oif")) {
			NEXT_ARG();
			if (xr_parse_dev(argv[i], &c->ifindex))
				return -1;
			snprintf(c->dev, sizeof(c->dev), "%s", argv[i]);
		} else if (!have_prefix && !type_given && rtn_parse(argv[i])) {
			c->rt.type = (uint8_t)rtn_parse(argv[i]);
			type_given = 1;
		} else if (!have_prefix) {
			if (strcmp(argv[i], "to") == 0)
				NEXT_ARG();
			if (xr_parse_prefix(argv[i], &c->rt.dst, &c->rt.plen))
				return -1;
			snprintf(c->what, sizeof(c->what), "%s", argv[i]);
			have_prefix = 1;
		} else {
			xr_err("unknown argument \"%s\"", xr_word(argv[i]));
			return -1;
		}
	}
	if (!have_prefix) {
		xr_err("missing PREFIX");
		return -1;
	}
	if (!need_nh)
		return 0;
	if (c->rt.type == XR_RTN_UNICAST && !c->rt.gw && !c->ifindex) {
		xr_err("route \"%s\" needs \"via GW\" or \"dev DEV\"", xr_word(c->what));
		return -1;
	}
	if (c->rt.type != XR_RTN_UNICAST && (c->rt.gw || c->ifindex)) {
		xr_err("a %s route takes no \"via\" or \"dev\"", rtn_name(c->rt.type));
		return -1;
	}
	c->rt.ifindex = c->ifindex;
	return 0;
}

int xr_route_parse(int argc, char **argv, struct xr_cmd *c)
{
	if (argc == 0 || xr_matches(argv[0], "show") || xr_matches(argv[0], "list")) {
		c->kind = XR_CMD_ROUTE_SHOW;
		if (argc > 1) {
			xr_err("unknown argument \"%s\"", xr_word(argv[1]));
			return -1;
		}
		return 0;
	}
	if (!strcmp(argv[0], "get")) {
		c->kind = XR_CMD_ROUTE_GET;
		return xr_route_get_parse(argc - 1, argv + 1, &c->get);
	}
	if (!strcmp(argv[0], "flush")) {
		c->kind = XR_CMD_ROUTE_FLUSH;
		if (argc > 1) {
			xr_err("unknown argument \"%s\"", xr_word(argv[1]));
			return -1;
		}
		return 0;
	}
	if (!strcmp(argv[0], "add") || !strcmp(argv[0], "a"))
		c->kind = XR_CMD_ROUTE_ADD;
	else if (xr_matches(argv[0], "replace"))
		c->kind = XR_CMD_ROUTE_REPLACE;
	else if (xr_matches(argv[0], "delete"))
		c->kind = XR_CMD_ROUTE_DEL;
	else {
		xr_err("unknown route command \"%s\" (add, replace, del, show, get, flush)",
		       xr_word(argv[0]));
		return -1;
	}
	return parse_spec(argc - 1, argv + 1, c, c->kind != XR_CMD_ROUTE_DEL);
}

/* ---------------------------------------------------------------- check */

int xr_cli_route_exists(struct xr_cli *cli, __be32 dst, uint8_t plen,
			struct xr_route4 *rt)
{
	int s = xr_ov_get(&cli->ov, xr_ov_route_key(dst, plen), rt);

	if (s != XR_OV_UNKNOWN)
		return s == XR_OV_PRESENT;
	if (!cli->have_state)
		return 0;
	if (!rt)        /* only whether: the FIB mostly answers that itself */
		return xr_fib_exists(&cli->st.m, dst, plen);
	return xr_fib_get_exact(&cli->st.m, dst, plen, rt) == 0;
}

/* fib_check_nh: the gateway must be covered, at its longest match, by a
 * route that reaches it directly (a "dev" route, connected). */
static int resolve_gw(struct xr_cli *cli, __be32 gw, uint32_t *ifindex)
{
	struct xr_route4 rt;
	int p, k, freek = -1;

	for (k = 0; k < XR_GW_CACHE; k++) {
		if (cli->gw_cache[k].used && cli->gw_cache[k].gw == gw) {
			*ifindex = cli->gw_cache[k].ifindex;
			return *ifindex ? 0 : -1;
		}
		if (!cli->gw_cache[k].used && freek < 0)
			freek = k;
	}
	*ifindex = 0;
	for (p = 32; p >= 0; p--) {
		__be32 dst = gw & xr_plen_mask((uint8_t)p);

		if (!xr_cli_route_exists(cli, dst, (uint8_t)p, &rt))
			continue;
		if (rt.type == XR_RTN_UNICAST && !rt.gw)
			*ifindex = rt.ifindex;
		break;
	}
	if (freek < 0)
		freek = (int)(gw % XR_GW_CACHE);
	cli->gw_cache[freek].used = 1;
	cli->gw_cache[freek].gw = gw;
	cli->gw_cache[freek].ifindex = *ifindex;
	return *ifindex ? 0 : -1;
}

/* A route change may change how cached gateways resolve. */
static void gw_cache_touch(struct xr_cli *cli, __be32 dst, uint8_t plen)
{
	int k;

	for (k = 0; k < XR_GW_CACHE; k++)
		if (cli->gw_cache[k].used &&
		    (cli->gw_cache[k].gw & xr_plen_mask(plen)) == dst)
			cli->gw_cache[k].used = 0;
}

int xr_route_check(struct xr_cli *cli, struct xr_cmd *c)
{
	struct xr_route4 old;
	char gw[16];
	int exists;

	if (c->kind != XR_CMD_ROUTE_ADD && c->kind != XR_CMD_ROUTE_REPLACE &&
	    c->kind != XR_CMD_ROUTE_DEL)
		return 0;
	if (c->rt.plen == 32 && cli->have_state) {
		struct xr_addr4 la;

		/* the kernel's local table holds these; so does our FIB */
		if (bpf_map_lookup_elem(cli->st.m.addrs4, &c->rt.dst, &la) == 0) {
			xr_err("\"%s\" is an address of the router (local or "
			       "broadcast), not a route", xr_word(c->what));
			return -1;
		}
	}
	exists = xr_cli_route_exists(cli, c->rt.dst, c->rt.plen,
				     c->kind == XR_CMD_ROUTE_DEL ? &old : NULL);
	if (c->kind == XR_CMD_ROUTE_DEL) {
		if (!exists ||
		    (c->rt.gw && c->rt.gw != old.gw) ||
		    (c->ifindex && c->ifindex != old.ifindex) ||
		    (c->rt.type != XR_RTN_UNICAST && c->rt.type != old.type)) {
			xr_err("no such route \"%s\"", xr_word(c->what));
			return -1;
		}
		/* c->rt stays as given: the check may run again (main.c) */
		gw_cache_touch(cli, c->rt.dst, c->rt.plen);
		return xr_ov_set(&cli->ov, xr_ov_route_key(c->rt.dst, c->rt.plen),
				 XR_OV_ABSENT, NULL);
	}
	if (c->kind == XR_CMD_ROUTE_ADD && exists) {
		xr_err("route \"%s\" exists (use \"route replace\")", xr_word(c->what));
		return -1;
	}
	if (c->rt.gw) {
		uint32_t ifindex;

		if (resolve_gw(cli, c->rt.gw, &ifindex)) {
			xr_err("gateway \"%s\" is not on a connected network",
			       xr_word(xr_fmt_ipv4(c->rt.gw, gw)));
			return -1;
		}
		if (c->ifindex && ifindex != c->ifindex) {
			xr_err("gateway \"%s\" is not on device \"%s\"",
			       xr_word(xr_fmt_ipv4(c->rt.gw, gw)), xr_word(c->dev));
			return -1;
		}
		c->rt.ifindex = ifindex;
	}
	gw_cache_touch(cli, c->rt.dst, c->rt.plen);
	return xr_ov_set(&cli->ov, xr_ov_route_key(c->rt.dst, c->rt.plen),
			 XR_OV_PRESENT, &c->rt);
}

/* ---------------------------------------------------------------- show */

static void print_route(struct xr_cli *cli, const struct xr_route4 *rt)
{
	char pfx[20], gw[16], src[16], dev[IF_NAMESIZE + 8];
	int unicast = rt->type == XR_RTN_UNICAST;
	const char *proto = rt->proto == XR_RTPROT_KERNEL ? "kernel" : "static";

	xr_fmt_prefix(rt->dst, rt->plen, pfx);
	if (cli->json) {
		xj_obj_open(&cli->j, NULL);
		xj_str(&cli->j, "type", rtn_name(rt->type));
		xj_str(&cli->j, "dst", pfx);
		if (unicast && rt->gw)
			xj_str(&cli->j, "gateway", xr_fmt_ipv4(rt->gw, gw));
		if (unicast)
			xj_str(&cli->j, "dev", xr_dev_name(rt->ifindex, dev));
		xj_str(&cli->j, "protocol", proto);
		xj_str(&cli->j, "scope", unicast && !rt->gw ? "link" : "global");
		if (rt->prefsrc)
			xj_str(&cli->j, "prefsrc", xr_fmt_ipv4(rt->prefsrc, src));
		xj_obj_close(&cli->j);
		return;
	}
	if (!unicast)
		printf("%s ", rtn_name(rt->type));
	printf("%s", pfx);
	if (unicast && rt->gw)
		printf(" via %s", xr_fmt_ipv4(rt->gw, gw));
	if (unicast)
		printf(" dev %s", xr_dev_name(rt->ifindex, dev));
	printf(" proto %s", proto);
	if (unicast && !rt->gw)
		printf(" scope link");
	if (rt->prefsrc)
		printf(" src %s", xr_fmt_ipv4(rt->prefsrc, src));
	printf("\n");
}

static int route_show(struct xr_cli *cli)
{
	struct xr_route4 *rt = NULL;
	size_t i, n = 0;
	int err;

	if (cli->have_state) {
		err = xr_fib_dump(&cli->st.m, &rt, &n);
		if (err) {
			xr_err("cannot read the routes: %s", strerror(-err));
			return err;
		}
	}
	if (cli->json)
		xj_arr_open(&cli->j, NULL);
	for (i = 0; i < n; i++)
		print_route(cli, &rt[i]);
	free(rt);
	if (cli->json) {
		xj_arr_close(&cli->j);
		xj_end(&cli->j);
	}
	return 0;
}

static const char *nud_name(unsigned int state)
{
	switch (state) {
	case XR_NUD_INCOMPLETE: return "INCOMPLETE";
	case XR_NUD_REACHABLE: return "REACHABLE";
	case XR_NUD_STALE: return "STALE";
	case XR_NUD_DELAY: return "DELAY";
	case XR_NUD_PROBE: return "PROBE";
	case XR_NUD_FAILED: return "FAILED";
	case XR_NUD_NOARP: return "NOARP";
	case XR_NUD_PERMANENT: return "PERMANENT";
	default: return "NONE";
	}
}

const char *xr_nud_name(unsigned int state)
{
	return nud_name(state);
}

/* A run of route add/replace commands (the bulk of a -batch), applied
 * with one route-table write a chunk. Returns how many commands it
 * applied; on failure *err is set and the failed one is c[returned]. */
size_t xr_route_apply_run(struct xr_cli *cli, struct xr_cmd *c, size_t n,
			  int *err)
{
	struct xr_route4 *rts = malloc(n * sizeof(*rts));
	size_t i, done = 0;

	if (!rts) {
		*err = -ENOMEM;
		return 0;
	}
	for (i = 0; i < n; i++)
		rts[i] = c[i].rt;
	*err = xr_fib_update_many(&cli->st.m, rts, n, &done);
	free(rts);
	return done;
}

int xr_route_is_update(const struct xr_cmd *c)
{
	return c->kind == XR_CMD_ROUTE_ADD || c->kind == XR_CMD_ROUTE_REPLACE;
}

int xr_route_apply(struct xr_cli *cli, struct xr_cmd *c)
{
	struct xr_route4 *rt = NULL;
	size_t i, n;
	int err = 0;

	switch (c->kind) {
	case XR_CMD_ROUTE_SHOW:
		return route_show(cli);
	case XR_CMD_ROUTE_GET:
		return xr_route_get(cli, &c->get);
	case XR_CMD_ROUTE_ADD:
	case XR_CMD_ROUTE_REPLACE:
		err = xr_fib_update(&cli->st.m, &c->rt);
		break;
	case XR_CMD_ROUTE_DEL:
		err = xr_fib_delete(&cli->st.m, c->rt.dst, c->rt.plen);
		break;
	case XR_CMD_ROUTE_FLUSH:
		err = xr_fib_dump(&cli->st.m, &rt, &n);
		for (i = 0; !err && i < n; i++)
			if (rt[i].proto == XR_RTPROT_STATIC)
				err = xr_fib_delete(&cli->st.m, rt[i].dst, rt[i].plen);
		free(rt);
		break;
	}
	if (err)
		xr_err("cannot change route \"%s\": %s",
		       xr_word(c->what), strerror(-err));
	return err;
}
