// SPDX-License-Identifier: GPL-2.0
/* xdp-router route {add|replace|del|show|get|flush} */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <bpf/bpf.h>
#include "cli/cli.h"
#include "lib/err.h"
#include "lib/netdev.h"
#include "lib/parse.h"
#include "lib/tables.h"

/* A route type's word, its value; 0 when it is none. */
static int rtn_parse(const char *w)
{
	int type;

	return xr_name_parse(&xr_rtn_names, w, &type) ? 0 : type;
}

/* [TYPE] PREFIX [via GW] [dev DEV], in any order after the type. */
static int parse_spec(int argc, char **argv, struct xr_cmd *c, int need_nh)
{
	int have_prefix = 0, type_given = 0, i;

	c->route.rt.type = XR_RTN_UNICAST;
	c->route.rt.proto = XR_RTPROT_STATIC;
	for (i = 0; i < argc; i++) {
		if (!strcmp(argv[i], "via")) {
			NEXT_ARG();
			if (!strcmp(argv[i], "inet"))
				NEXT_ARG();
			if (xr_parse_ipv4(argv[i], &c->route.rt.gw))
				return -1;
			if (!c->route.rt.gw) {
				xr_err("invalid gateway \"%s\"", xr_word(argv[i]));
				return -1;
			}
		} else if (!strcmp(argv[i], "dev") || !strcmp(argv[i], "oif")) {
			NEXT_ARG();
			if (xr_parse_dev(argv[i], &c->ifindex))
				return -1;
			snprintf(c->dev, sizeof(c->dev), "%s", argv[i]);
		} else if (!have_prefix && !type_given && rtn_parse(argv[i])) {
			c->route.rt.type = (uint8_t)rtn_parse(argv[i]);
			type_given = 1;
		} else if (!have_prefix) {
			if (strcmp(argv[i], "to") == 0)
				NEXT_ARG();
			if (xr_parse_prefix(argv[i], &c->route.rt.dst, &c->route.rt.plen))
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
	if (c->route.rt.type == XR_RTN_UNICAST && !c->route.rt.gw && !c->ifindex) {
		xr_err("route \"%s\" needs \"via GW\" or \"dev DEV\"", xr_word(c->what));
		return -1;
	}
	if (c->route.rt.type != XR_RTN_UNICAST && (c->route.rt.gw || c->ifindex)) {
		xr_err("a %s route takes no \"via\" or \"dev\"", xr_rtn_name(c->route.rt.type));
		return -1;
	}
	c->route.rt.ifindex = c->ifindex;
	return 0;
}

int xr_route_update_parse(int argc, char **argv, struct xr_cmd *c)
{
	return parse_spec(argc - 1, argv + 1, c, 1);
}

int xr_route_del_parse(int argc, char **argv, struct xr_cmd *c)
{
	return parse_spec(argc - 1, argv + 1, c, 0);
}

int xr_route_get_parse(int argc, char **argv, struct xr_cmd *c)
{
	return xr_route_get_req_parse(argc - 1, argv + 1, &c->route.get);
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
		return xr_route4_exists(&cli->st.m, dst, plen);
	return xr_route4_get(&cli->st.m, dst, plen, rt) == 0;
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

/* The kernel's local table holds the router's addresses; so does our
 * FIB: a /32 route on one is refused. */
static int check_not_local(struct xr_cli *cli, struct xr_cmd *c)
{
	struct xr_addr la;

	if (c->route.rt.plen != 32 || !cli->have_state ||
	    bpf_map_lookup_elem(cli->st.m.addrs4, &c->route.rt.dst, &la))
		return 0;
	xr_err("\"%s\" is an address of the router (local or broadcast), "
	       "not a route", xr_word(c->what));
	return -1;
}

/* add, replace: the gateway must be reachable (on the device given);
 * the route is then in the overlay for the lines after. */
static int check_update(struct xr_cli *cli, struct xr_cmd *c)
{
	struct xr_route4 *rt = &c->route.rt;
	uint32_t ifindex;
	char gw[16];

	if (rt->gw && resolve_gw(cli, rt->gw, &ifindex)) {
		xr_err("gateway \"%s\" is not on a connected network",
		       xr_word(xr_fmt_ipv4(rt->gw, gw)));
		return -1;
	}
	if (rt->gw && c->ifindex && ifindex != c->ifindex) {
		xr_err("gateway \"%s\" is not on device \"%s\"",
		       xr_word(xr_fmt_ipv4(rt->gw, gw)), xr_word(c->dev));
		return -1;
	}
	if (rt->gw)
		rt->ifindex = ifindex;
	gw_cache_touch(cli, rt->dst, rt->plen);
	return xr_ov_set(&cli->ov, xr_ov_route_key(rt->dst, rt->plen),
			 XR_OV_PRESENT, rt);
}

int xr_route_add_check(struct xr_cli *cli, struct xr_cmd *c)
{
	if (check_not_local(cli, c))
		return -1;
	if (xr_cli_route_exists(cli, c->route.rt.dst, c->route.rt.plen, NULL)) {
		xr_err("route \"%s\" exists (use \"route replace\")", xr_word(c->what));
		return -1;
	}
	return check_update(cli, c);
}

int xr_route_replace_check(struct xr_cli *cli, struct xr_cmd *c)
{
	if (check_not_local(cli, c))
		return -1;
	return check_update(cli, c);
}

/* del: the optional words must match the route */
int xr_route_del_check(struct xr_cli *cli, struct xr_cmd *c)
{
	const struct xr_route4 *rt = &c->route.rt;
	struct xr_route4 old;

	if (check_not_local(cli, c))
		return -1;
	if (!xr_cli_route_exists(cli, rt->dst, rt->plen, &old) ||
	    (rt->gw && rt->gw != old.gw) ||
	    (c->ifindex && c->ifindex != old.ifindex) ||
	    (rt->type != XR_RTN_UNICAST && rt->type != old.type)) {
		xr_err("no such route \"%s\"", xr_word(c->what));
		return -1;
	}
	/* c->route.rt stays as given: the check may run again (main.c) */
	gw_cache_touch(cli, rt->dst, rt->plen);
	return xr_ov_set(&cli->ov, xr_ov_route_key(rt->dst, rt->plen),
			 XR_OV_ABSENT, NULL);
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
		xj_str(&cli->j, "type", xr_rtn_name(rt->type));
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
		printf("%s ", xr_rtn_name(rt->type));
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
		err = xr_route4_dump(&cli->st.m, &rt, &n);
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

/* A route change's failure, in one line. */
static int route_changed(const struct xr_cmd *c, int err)
{
	if (err)
		xr_err("cannot change route \"%s\": %s",
		       xr_word(c->what), strerror(-err));
	return err;
}

/* A run of route add/replace commands (the bulk of a -batch), applied
 * with one route-table write a chunk; a failure names its line. */
int xr_route_update_run(struct xr_cli *cli, struct xr_cmd *c, size_t n)
{
	struct xr_route4 *rts = malloc(n * sizeof(*rts));
	size_t i, done = 0;
	int err;

	if (!rts)
		return route_changed(c, -ENOMEM);
	for (i = 0; i < n; i++)
		rts[i] = c[i].route.rt;
	err = xr_route4_update_many(&cli->st.m, rts, n, &done);
	free(rts);
	if (err)
		xr_err_line = c[done].line;
	return route_changed(&c[done], err);
}

int xr_route_update_apply(struct xr_cli *cli, struct xr_cmd *c)
{
	return route_changed(c, xr_route4_update(&cli->st.m, &c->route.rt));
}

int xr_route_del_apply(struct xr_cli *cli, struct xr_cmd *c)
{
	return route_changed(c, xr_route4_delete(&cli->st.m, c->route.rt.dst,
					      c->route.rt.plen));
}

int xr_route_flush_apply(struct xr_cli *cli, struct xr_cmd *c)
{
	struct xr_route4 *rt = NULL;
	size_t i, n;
	int err = xr_route4_dump(&cli->st.m, &rt, &n);

	for (i = 0; !err && i < n; i++)
		if (rt[i].proto == XR_RTPROT_STATIC)
			err = xr_route4_delete(&cli->st.m, rt[i].dst, rt[i].plen);
	free(rt);
	return route_changed(c, err);
}

int xr_route_show_apply(struct xr_cli *cli, struct xr_cmd *c)
{
	return route_show(cli);
}

int xr_route_get_check(struct xr_cli *cli, struct xr_cmd *c)
{
	return xr_route_get_req_check(cli, &c->route.get);
}

int xr_route_get_apply(struct xr_cli *cli, struct xr_cmd *c)
{
	return xr_route_get(cli, &c->route.get);
}
