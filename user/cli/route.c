// SPDX-License-Identifier: GPL-2.0
/* xdp-router route {add|replace|del|show|get|flush} */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <bpf/bpf.h>
#include <sys/socket.h>
#include "cli/cli.h"
#include "sync/krt.h"
#include "lib/err.h"
#include "lib/netdev.h"
#include "lib/parse.h"
#include "lib/sync.h"
#include "lib/tables.h"

/* ---------------------------------------------------------------- check */

int xr_cli_route_exists(struct xr_cli *cli, const struct xr_inaddr *dst,
			uint8_t plen, struct xr_rt *rt)
{
	int s = xr_ov_get(&cli->ov, xr_ov_route_key(dst, plen), rt);

	if (s != XR_OV_UNKNOWN)
		return s == XR_OV_PRESENT;
	if (!cli->have_state)
		return 0;
	if (!rt)        /* only whether: the FIB mostly answers that itself */
		return xr_anyrt_exists(&cli->st.m, dst, plen);
	return xr_anyrt_get(&cli->st.m, dst, plen, rt) == 0;
}

/* fib_check_nh, ip6_route_check_nh: the gateway must be covered, at its
 * longest match, by a route that reaches it directly (a "dev" route,
 * connected). */
static uint32_t gw_link(struct xr_cli *cli, const struct xr_inaddr *gw)
{
	struct xr_rt rt;
	int p;

	for (p = xr_family_bits(gw->family); p >= 0; p--) {
		struct xr_inaddr dst = *gw;

		xr_inaddr_mask(&dst, (uint8_t)p);
		if (!xr_cli_route_exists(cli, &dst, (uint8_t)p, &rt))
			continue;
		if (rt.type == XR_RTN_UNICAST && xr_inaddr_is_zero(&rt.gw))
			return rt.ifindex;
		return 0;
	}
	return 0;
}

/* gw_link, remembered for the lines after (a batch of a million routes
 * through a few gateways). */
static int resolve_gw(struct xr_cli *cli, const struct xr_inaddr *gw,
		      uint32_t *ifindex)
{
	int k, freek = -1;

	for (k = 0; k < XR_GW_CACHE; k++) {
		if (cli->gw_cache[k].used && xr_inaddr_eq(&cli->gw_cache[k].gw, gw)) {
			*ifindex = cli->gw_cache[k].ifindex;
			return *ifindex ? 0 : -1;
		}
		if (!cli->gw_cache[k].used && freek < 0)
			freek = k;
	}
	*ifindex = gw_link(cli, gw);
	if (freek < 0)
		freek = (int)(gw->b[3] ^ gw->b[15]) % XR_GW_CACHE;
	cli->gw_cache[freek].used = 1;
	cli->gw_cache[freek].gw = *gw;
	cli->gw_cache[freek].ifindex = *ifindex;
	return *ifindex ? 0 : -1;
}

/* A route change may change how cached gateways resolve. */
static void gw_cache_touch(struct xr_cli *cli, const struct xr_inaddr *dst,
			   uint8_t plen)
{
	int k;

	for (k = 0; k < XR_GW_CACHE; k++) {
		struct xr_inaddr g = cli->gw_cache[k].gw;

		xr_inaddr_mask(&g, plen);
		if (cli->gw_cache[k].used && xr_inaddr_eq(&g, dst))
			cli->gw_cache[k].used = 0;
	}
}

/* Whether a is one of the router's own addresses (either family). */
static int is_local(struct xr_cli *cli, const struct xr_inaddr *a)
{
	struct xr_addr la;
	int fd = a->family == AF_INET6 ? cli->st.m.addrs6 : cli->st.m.addrs4;

	return cli->have_state && !bpf_map_lookup_elem(fd, a->b, &la);
}

/* The kernel's local table holds the router's addresses; so does our
 * FIB: a host route on one is refused. */
static int check_not_local(struct xr_cli *cli, struct xr_cmd *c)
{
	const struct xr_rt *rt = &c->route.rt;

	if (rt->plen != xr_family_bits(rt->dst.family) || !is_local(cli, &rt->dst))
		return 0;
	xr_err("\"%s\" is an address of the router (local%s), not a route",
	       xr_word(c->what), rt->dst.family == AF_INET ? " or broadcast" : "");
	return -1;
}

/* The gateway: reachable (on the device given); an IPv6 one is never
 * one of ours, and a link-local one is on the device it names
 * (ip6_validate_gw). */
int xr_route_gw_reach(struct xr_cli *cli, const struct xr_inaddr *gw,
		      const char *gw_word, uint32_t dev, const char *dev_word,
		      uint32_t *ifindex)
{
	if (gw->family == AF_INET6 && is_local(cli, gw)) {
		xr_err("gateway \"%s\" is an address of the router", xr_word(gw_word));
		return -1;
	}
	if (xr_inaddr_ll6(gw)) {
		*ifindex = dev;
		return 0;
	}
	if (resolve_gw(cli, gw, ifindex)) {
		xr_err("gateway \"%s\" is not on a connected network", xr_word(gw_word));
		return -1;
	}
	if (dev && *ifindex != dev) {
		xr_err("gateway \"%s\" is not on device \"%s\"",
		       xr_word(gw_word), xr_word(dev_word));
		return -1;
	}
	return 0;
}

static int check_gw_reach(struct xr_cli *cli, struct xr_cmd *c)
{
	struct xr_rt *rt = &c->route.rt;
	uint32_t ifindex;

	if (xr_route_gw_reach(cli, &rt->gw, c->gw, c->ifindex, c->dev, &ifindex))
		return -1;
	if (!xr_inaddr_ll6(&rt->gw))
		rt->ifindex = ifindex;
	return 0;
}

/* add, replace: the gateway must be reachable (on the device given);
 * the route is then in the overlay for the lines after. */
static int check_update(struct xr_cli *cli, struct xr_cmd *c)
{
	struct xr_rt *rt = &c->route.rt;

	if (c->gw[0] && check_gw_reach(cli, c))
		return -1;
	if (c->route.mp && xr_route_mp_check(cli, c))
		return -1;
	gw_cache_touch(cli, &rt->dst, rt->plen);
	return xr_ov_set(&cli->ov, xr_ov_route_key(&rt->dst, rt->plen),
			 XR_OV_PRESENT, rt);
}

int xr_route_add_check(struct xr_cli *cli, struct xr_cmd *c)
{
	if (check_not_local(cli, c))
		return -1;
	if (xr_cli_route_exists(cli, &c->route.rt.dst, c->route.rt.plen, NULL)) {
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
	const struct xr_rt *rt = &c->route.rt;
	struct xr_rt old;

	if (check_not_local(cli, c))
		return -1;
	if (!xr_cli_route_exists(cli, &rt->dst, rt->plen, &old) ||
	    (c->gw[0] && !xr_inaddr_eq(&rt->gw, &old.gw)) ||
	    (c->ifindex && c->ifindex != old.ifindex) ||
	    (rt->type != XR_RTN_UNICAST && rt->type != old.type) ||
	    (c->route.mp && !xr_route_mp_match(cli, c, &old))) {
		xr_err("no such route \"%s\"", xr_word(c->what));
		return -1;
	}
	/* c->route.rt stays as given: the check may run again (main.c) */
	gw_cache_touch(cli, &rt->dst, rt->plen);
	return xr_ov_set(&cli->ov, xr_ov_route_key(&rt->dst, rt->plen),
			 XR_OV_ABSENT, NULL);
}

/* ---------------------------------------------------------------- show */

/* ip's name of the route's protocol (bgp, kernel, static ...: mirrored
 * routes keep the kernel's), or its number; NULL for boot (`ip route
 * add` without proto), which ip leaves out too. */
static const char *rt_proto(const struct xr_rt *rt, char buf[4])
{
	const char *name = xr_rtprot_name(rt->proto);

	if (rt->proto == XR_RTPROT_BOOT)
		return NULL;
	if (name)
		return name;
	snprintf(buf, 4, "%u", rt->proto);
	return buf;
}

static void json_route(struct xr_cli *cli, const struct xr_rt *rt,
		       const char *pfx, struct xr_devnames *names)
{
	char a[XR_ADDRSTRLEN], dev[IF_NAMESIZE + 8], pr[4];
	int unicast = rt->type == XR_RTN_UNICAST && !rt->nhg;
	int gw = !xr_inaddr_is_zero(&rt->gw);
	const char *proto;

	xj_obj_open(&cli->j, NULL);
	xj_str(&cli->j, "type", xr_rtn_name(rt->type));
	xj_str(&cli->j, "dst", pfx);
	if (unicast && gw)
		xj_str(&cli->j, "gateway", xr_fmt_inaddr(&rt->gw, a));
	if (unicast)
		xj_str(&cli->j, "dev", xr_devnames_get(names, rt->ifindex, dev));
	if ((proto = rt_proto(rt, pr)))
		xj_str(&cli->j, "protocol", proto);
	xj_str(&cli->j, "scope", unicast && !gw ? "link" : "global");
	if (!xr_inaddr_is_zero(&rt->prefsrc))
		xj_str(&cli->j, "prefsrc", xr_fmt_inaddr(&rt->prefsrc, a));
	if (rt->metric)
		xj_u64(&cli->j, "metric", rt->metric);
	if (rt->nhg)
		xr_route_mp_print(cli, rt);
	xj_obj_close(&cli->j);
}

static void print_route(struct xr_cli *cli, const struct xr_rt *rt,
			struct xr_devnames *names)
{
	char pfx[XR_PFXSTRLEN], a[XR_ADDRSTRLEN], dev[IF_NAMESIZE + 8], pr[4];
	int unicast = rt->type == XR_RTN_UNICAST && !rt->nhg; /* one next hop */
	int gw = !xr_inaddr_is_zero(&rt->gw);
	const char *proto;

	xr_fmt_inprefix(&rt->dst, rt->plen, pfx);
	if (cli->json) {
		json_route(cli, rt, pfx, names);
		return;
	}
	if (rt->type != XR_RTN_UNICAST)
		printf("%s ", xr_rtn_name(rt->type));
	printf("%s", pfx);
	if (unicast && gw)
		printf(" via %s", xr_fmt_inaddr(&rt->gw, a));
	if (unicast)
		printf(" dev %s", xr_devnames_get(names, rt->ifindex, dev));
	if ((proto = rt_proto(rt, pr)))
		printf(" proto %s", proto);
	if (unicast && !gw)
		printf(" scope link");
	if (!xr_inaddr_is_zero(&rt->prefsrc))
		printf(" src %s", xr_fmt_inaddr(&rt->prefsrc, a));
	if (rt->metric)
		printf(" metric %u", rt->metric);
	printf("\n");
	if (rt->nhg)
		xr_route_mp_print(cli, rt);
}

/* route show and flush: IPv4 unless -6, as ip route */
static int route_family(const struct xr_cmd *c)
{
	return c->family ? c->family : AF_INET;
}

static int route_show(struct xr_cli *cli, int family)
{
	struct xr_devnames names = { 0 };
	struct xr_anyrt_list l = { 0 };
	struct xr_rt rt;
	size_t i;
	int err;

	if (cli->have_state && (err = xr_anyrt_list(&cli->st.m, family, &l))) {
		xr_err("cannot read the routes: %s", strerror(-err));
		return err;
	}
	if (cli->json)
		xj_arr_open(&cli->j, NULL);
	for (i = 0; i < l.n; i++) {
		xr_anyrt_at(&l, i, &rt);
		print_route(cli, &rt, &names);
	}
	free(l.r);
	if (cli->json) {
		xj_arr_close(&cli->j);
		xj_end(&cli->j);
	}
	return 0;
}

/* A route change's failure, in one line; the FIB's memory full says so
 * (lib/fib4.h). */
static int route_changed(const struct xr_cli *cli, const struct xr_cmd *c,
			 int err)
{
	char full[160];

	if (err == -ENOSPC && xr_fib_full_msg(&cli->st.m, full, sizeof(full)))
		xr_err("cannot change route \"%s\": %s", xr_word(c->what), full);
	else if (err)
		xr_err("cannot change route \"%s\": %s",
		       xr_word(c->what), strerror(-err));
	return err;
}

/* The lines of a run before a failing one (*ready of them), a group
 * taken for each that has members; the failure (no free group slot). */
static int run_groups(struct xr_cli *cli, const struct xr_cmd *c, size_t n,
		      struct xr_rt *rts, size_t *ready)
{
	int err = 0;

	for (*ready = 0; *ready < n; ++*ready) {
		rts[*ready] = c[*ready].route.rt;
		if ((err = xr_route_mp_get(cli, &rts[*ready])))
			break;
	}
	return err;
}

/* A run of route add/replace commands of one family, applied with one
 * route-table write a chunk; a failure names its line, and the lines
 * before it stay applied (xdp-router(8) BATCHES). rts: room for n. */
static int update_chunk(struct xr_cli *cli, struct xr_cmd *c, size_t n,
			struct xr_rt *rts)
{
	size_t i, ready, done = 0;
	int err, werr = 0;

	err = run_groups(cli, c, n, rts, &ready);
	if (ready)
		werr = xr_anyrt_update_many(&cli->st.m, rts, ready, &done);
	if (werr || !err)
		err = werr;
	else
		done = ready;           /* the line whose group failed */
	for (i = 0; i < ready; i++)  /* the routes made hold their own refs */
		xr_route_mp_put(cli, &rts[i]);
	if (err)
		xr_err_line = c[done < n ? done : 0].line;
	return route_changed(cli, &c[done < n ? done : 0], err);
}

/* XR_RUN_CHUNK lines at a time: their routes converted for the library
 * need not all be in memory at once (a million of them). */
#define XR_RUN_CHUNK 65536

static int update_run_family(struct xr_cli *cli, struct xr_cmd *c, size_t n)
{
	size_t i, k = n < XR_RUN_CHUNK ? n : XR_RUN_CHUNK;
	struct xr_rt *rts = malloc(k * sizeof(*rts));
	int err = 0;

	if (!rts)
		return route_changed(cli, c, -ENOMEM);
	for (i = 0; !err && i < n; i += k) {
		k = n - i < XR_RUN_CHUNK ? n - i : XR_RUN_CHUNK;
		err = update_chunk(cli, &c[i], k, rts);
	}
	free(rts);
	return err;
}

/* A run of route add/replace commands (the bulk of a -batch): each
 * stretch of one family at once. */
int xr_route_update_run(struct xr_cli *cli, struct xr_cmd *c, size_t n)
{
	size_t i, k;
	int err = 0;

	for (i = 0; !err && i < n; i += k) {
		for (k = 1; i + k < n && c[i + k].family == c[i].family; k++)
			;
		err = update_run_family(cli, &c[i], k);
	}
	return err;
}

int xr_route_update_apply(struct xr_cli *cli, struct xr_cmd *c)
{
	struct xr_rt rt = c->route.rt;
	int err = xr_route_mp_get(cli, &rt);

	if (!err)
		err = xr_anyrt_update(&cli->st.m, &rt);
	xr_route_mp_put(cli, &rt);
	return route_changed(cli, c, err);
}

int xr_route_del_apply(struct xr_cli *cli, struct xr_cmd *c)
{
	return route_changed(cli, c, xr_anyrt_delete(&cli->st.m, &c->route.rt.dst,
					     c->route.rt.plen));
}

int xr_route_flush_apply(struct xr_cli *cli, struct xr_cmd *c)
{
	struct xr_rt *rt = NULL;
	size_t i, n;
	int err = xr_anyrt_dump(&cli->st.m, route_family(c), &rt, &n);

	/* the CLI's and those a stopped mirror left (proto kernel ones
	 * too): all but the connected routes of attached links */
	for (i = 0; !err && i < n; i++)
		if (!xr_rt_connected(&cli->st.m, &rt[i]))
			err = xr_anyrt_delete(&cli->st.m, &rt[i].dst, rt[i].plen);
	free(rt);
	return route_changed(cli, c, err);
}

int xr_route_show_apply(struct xr_cli *cli, struct xr_cmd *c)
{
	return route_show(cli, route_family(c));
}

int xr_route_get_check(struct xr_cli *cli, struct xr_cmd *c)
{
	return xr_route_get_req_check(cli, &c->route.get);
}

int xr_route_get_apply(struct xr_cli *cli, struct xr_cmd *c)
{
	return xr_route_get(cli, &c->route.get);
}
