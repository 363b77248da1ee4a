// SPDX-License-Identifier: GPL-2.0
/*
 * Multipath routes against the state: each member's gateway reachable,
 * no member twice; the group written through the library (lib/nhg.h:
 * xr_nhg_get, the route, xr_nhg_put); and a group route's members
 * printed as ip prints them: one "nexthop via GW dev DEV weight W" line
 * each, with "dead" for a member the fast path does not use now and
 * "linkdown" for one whose link is down.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include "cli/cli.h"
#include "lib/err.h"
#include "lib/netdev.h"
#include "lib/nhg.h"
#include "lib/tables.h"

/* "via GW dev DEV", "via GW" or "dev DEV": the member's words. */
static const char *hop_words(const struct xr_mp_hop *h, char *buf, size_t len)
{
	snprintf(buf, len, "%s%s%s%s%s", h->gw_word[0] ? "via " : "",
		 h->gw_word, h->gw_word[0] && h->dev ? " " : "",
		 h->dev ? "dev " : "", h->dev ? h->dev_word : "");
	return buf;
}

static int same_hop(const struct xr_mp_hop *a, const struct xr_mp_hop *b)
{
	return xr_inaddr_eq(&a->gw, &b->gw) && a->ifindex == b->ifindex;
}

/* Member k twice (after its link is known): the kernel's
 * fib_check_nh_v6_gw/fib_get_nhs take it; a group cannot. */
static int check_dup(const struct xr_rt_mp *mp, unsigned int k)
{
	char b[128];
	unsigned int j;

	for (j = 0; j < k; j++)
		if (same_hop(&mp->h[j], &mp->h[k])) {
			xr_err("duplicate nexthop \"%s\"",
			       xr_word(hop_words(&mp->h[k], b, sizeof(b))));
			return -1;
		}
	return 0;
}

int xr_route_mp_check(struct xr_cli *cli, struct xr_cmd *c)
{
	struct xr_rt_mp *mp = c->route.mp;
	unsigned int k;

	for (k = 0; k < mp->n; k++) {
		struct xr_mp_hop *h = &mp->h[k];

		h->ifindex = h->dev;
		if (h->gw_word[0] &&
		    xr_route_gw_reach(cli, &h->gw, h->gw_word, h->dev,
				      h->dev_word, &h->ifindex))
			return -1;
		if (check_dup(mp, k))
			return -1;
	}
	return 0;
}

/* The members of a route as stored (the batch's, or its group's; a
 * plain unicast route's next hop is its one member, as Linux takes it). */
static int old_members(struct xr_cli *cli, const struct xr_rt *old,
		       struct xr_rt_mp *out)
{
	struct xr_nhg_info inf[XR_NHG_MAX_MEMBERS];
	unsigned int n = XR_NHG_MAX_MEMBERS, k;

	if (old->mp) {
		*out = *old->mp;
		return 0;
	}
	if (!old->nhg && old->type == XR_RTN_UNICAST) {
		memset(out, 0, sizeof(*out));
		out->h[0].gw = old->gw;
		out->h[0].ifindex = old->ifindex;
		out->n = 1;
		return 0;
	}
	if (!old->nhg || !cli->have_state ||
	    xr_nhg_read(&cli->st.m, old->dst.family == AF_INET6, old->nhg, inf, &n))
		return -1;
	memset(out, 0, sizeof(*out));
	for (k = 0; k < n; k++) {
		out->h[k].gw.family = old->dst.family;
		memcpy(out->h[k].gw.b, &inf[k].spec.gw,
		       old->dst.family == AF_INET6 ? 16 : 4);
		out->h[k].ifindex = inf[k].spec.ifindex;
	}
	out->n = n;
	return 0;
}

/* del's members as a set: each given one (its dev, when given) is one
 * of the route's, as many as it has. */
int xr_route_mp_match(struct xr_cli *cli, const struct xr_cmd *c,
		      const struct xr_rt *old)
{
	static struct xr_rt_mp have;
	const struct xr_rt_mp *mp = c->route.mp;
	uint64_t used = 0;
	unsigned int k, j;

	if (old_members(cli, old, &have) || have.n != mp->n)
		return 0;
	for (k = 0; k < mp->n; k++) {
		for (j = 0; j < have.n; j++)
			if (!(used >> j & 1) && xr_inaddr_eq(&mp->h[k].gw, &have.h[j].gw) &&
			    (!mp->h[k].dev || mp->h[k].dev == have.h[j].ifindex))
				break;
		if (j == have.n)
			return 0;
		used |= 1ull << j;
	}
	return 1;
}

int xr_route_mp_get(struct xr_cli *cli, struct xr_rt *rt)
{
	struct xr_nhg_spec spec[XR_NHG_MAX_MEMBERS];
	int v6 = rt->dst.family == AF_INET6;
	unsigned int k;

	if (!rt->mp)
		return 0;
	memset(spec, 0, sizeof(spec));
	for (k = 0; k < rt->mp->n; k++) {
		spec[k].ifindex = rt->mp->h[k].ifindex;
		memcpy(&spec[k].gw, rt->mp->h[k].gw.b, v6 ? 16 : 4);
		spec[k].weight = rt->mp->h[k].weight;
	}
	rt->ifindex = 0;
	return xr_nhg_get(&cli->st.m, v6, spec, rt->mp->n, &rt->nhg);
}

void xr_route_mp_put(struct xr_cli *cli, const struct xr_rt *rt)
{
	if (rt->mp && rt->nhg)
		xr_nhg_put(&cli->st.m, rt->dst.family == AF_INET6, rt->nhg);
}

int xr_route_mp_member(struct xr_cli *cli, int v6, uint32_t gid, uint32_t nh,
		       struct xr_nhg_info *out)
{
	struct xr_nhg_info inf[XR_NHG_MAX_MEMBERS];
	unsigned int n = XR_NHG_MAX_MEMBERS, k;

	if (!cli->have_state || xr_nhg_read(&cli->st.m, v6, gid, inf, &n))
		return -1;
	for (k = 0; k < n; k++)
		if (inf[k].nh == nh) {
			*out = inf[k];
			return 0;
		}
	return -1;
}

/* ---------------------------------------------------------------- show */

/* A member's flags, as ip's RTNH_F_DEAD and RTNH_F_LINKDOWN. */
static int hop_linkdown(struct xr_cli *cli, uint32_t ifindex)
{
	struct xr_iface v;

	return xr_iface_get(&cli->st.m, ifindex, &v) == 0 && !(v.flags & XR_IF_UP);
}

static void json_hop(struct xr_cli *cli, const struct xr_nhg_info *i,
		     const struct xr_inaddr *gw)
{
	char b[XR_ADDRSTRLEN + IF_NAMESIZE];

	xj_obj_open(&cli->j, NULL);
	if (!xr_inaddr_is_zero(gw))
		xj_str(&cli->j, "gateway", xr_fmt_inaddr(gw, b));
	xj_str(&cli->j, "dev", xr_dev_name(i->spec.ifindex, b));
	xj_u64(&cli->j, "weight", i->spec.weight);
	xj_u64(&cli->j, "buckets", i->buckets);
	xj_arr_open(&cli->j, "flags");
	if (!i->usable)
		xj_str(&cli->j, NULL, "dead");
	if (hop_linkdown(cli, i->spec.ifindex))
		xj_str(&cli->j, NULL, "linkdown");
	xj_arr_close(&cli->j);
	xj_obj_close(&cli->j);
}

static void text_hop(struct xr_cli *cli, const struct xr_nhg_info *i,
		     const struct xr_inaddr *gw)
{
	char b[XR_ADDRSTRLEN + IF_NAMESIZE];

	printf("\tnexthop");
	if (!xr_inaddr_is_zero(gw))
		printf(" via %s", xr_fmt_inaddr(gw, b));
	printf(" dev %s weight %u%s%s\n", xr_dev_name(i->spec.ifindex, b),
	       i->spec.weight, i->usable ? "" : " dead",
	       hop_linkdown(cli, i->spec.ifindex) ? " linkdown" : "");
}

int xr_route_mp_print(struct xr_cli *cli, const struct xr_rt *rt)
{
	struct xr_nhg_info inf[XR_NHG_MAX_MEMBERS];
	unsigned int n = XR_NHG_MAX_MEMBERS, k;
	int f = rt->dst.family, err;

	err = xr_nhg_read(&cli->st.m, f == AF_INET6, rt->nhg, inf, &n);
	if (err) {
		xr_err("cannot read the members of group %u: %s", rt->nhg,
		       strerror(-err));
		n = 0;
	}
	if (cli->json)
		xj_arr_open(&cli->j, "nexthops");
	for (k = 0; k < n; k++) {
		struct xr_inaddr gw = { .family = f };

		memcpy(gw.b, &inf[k].spec.gw, f == AF_INET6 ? 16 : 4);
		if (cli->json)
			json_hop(cli, &inf[k], &gw);
		else
			text_hop(cli, &inf[k], &gw);
	}
	if (cli->json)
		xj_arr_close(&cli->j);
	return err;
}
