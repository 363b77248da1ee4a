// SPDX-License-Identifier: GPL-2.0
/*
 * The words of route add/replace/del/get: [TYPE] PREFIX [via GW] [dev
 * DEV] of either family, the family settled as ip settles it, and what
 * the words alone refuse (route.c checks them against the state).
 */
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include "cli/cli.h"
#include "lib/err.h"
#include "lib/parse.h"

/* A route type's word, its value; 0 when it is none. */
static int rtn_parse(const char *w)
{
	int type;

	return xr_name_parse(&xr_rtn_names, w, &type) ? 0 : type;
}

/* via [inet|inet6] GW: the family word, if any, says which. */
int xr_route_parse_via(int argc, char **argv, int *ip, struct xr_inaddr *gw,
		       char *word, size_t wlen)
{
	int i = *ip, family = 0;

	NEXT_ARG();
	if (!strcmp(argv[i], "inet") || !strcmp(argv[i], "inet6")) {
		family = argv[i][4] ? AF_INET6 : AF_INET;
		NEXT_ARG();
	}
	*ip = i;
	if (xr_parse_inaddr(argv[i], family, gw))
		return -1;
	snprintf(word, wlen, "%s", argv[i]);
	return 0;
}

static int parse_prefix_word(int argc, char **argv, int *ip, struct xr_cmd *c)
{
	int i = *ip;

	if (strcmp(argv[i], "to") == 0)
		NEXT_ARG();
	*ip = i;
	if (xr_parse_inprefix(argv[i], c->family, &c->route.rt.dst,
			      &c->route.rt.plen))
		return -1;
	snprintf(c->what, sizeof(c->what), "%s", argv[i]);
	return 0;
}

/* A route's own next hop words, as a member's: into c. */
static void take_hop(struct xr_cmd *c, const struct xr_mp_hop *h)
{
	if (h->gw_word[0]) {
		c->route.rt.gw = h->gw;
		snprintf(c->gw, sizeof(c->gw), "%s", h->gw_word);
	}
	if (h->dev) {
		c->ifindex = h->dev;
		snprintf(c->dev, sizeof(c->dev), "%s", h->dev_word);
	}
}

/* [TYPE] PREFIX [via GW] [dev DEV], in any order after the type; then
 * the nexthop members, if any (every word after the first "nexthop"). */
static int parse_words(int argc, char **argv, struct xr_cmd *c, int *have_prefix)
{
	struct xr_mp_hop own;
	int type_given = 0, i, r;

	memset(&own, 0, sizeof(own));
	for (i = 0; i < argc; i++) {
		if (!strcmp(argv[i], "nexthop"))
			break;
		r = xr_route_hop_word(argc, argv, &i, &own);
		if (r < 0)
			return -1;
		if (r) {
			take_hop(c, &own);
		} else if (!*have_prefix && !type_given && rtn_parse(argv[i])) {
			c->route.rt.type = (uint8_t)rtn_parse(argv[i]);
			type_given = 1;
		} else if (!*have_prefix) {
			if (parse_prefix_word(argc, argv, &i, c))
				return -1;
			*have_prefix = 1;
		} else {
			xr_err("unknown argument \"%s\"", xr_word(argv[i]));
			return -1;
		}
	}
	return i < argc ? xr_route_parse_nexthops(argc - i, argv + i, c) : 0;
}

/*
 * The route's family, as ip's: the prefix's, else (default) the
 * gateway's, else -4/-6, else IPv4. A gateway of the other family is an
 * error.
 */
static int settle_family(struct xr_cmd *c)
{
	struct xr_rt *rt = &c->route.rt;
	int f = rt->dst.family ? rt->dst.family :
		rt->gw.family ? rt->gw.family :
		c->route.mp && c->route.mp->h[0].gw.family ?
		c->route.mp->h[0].gw.family :
		c->family ? c->family : AF_INET;

	if (rt->gw.family && rt->gw.family != f) {
		xr_err("gateway \"%s\" is an %s address, the prefix \"%s\" %s",
		       xr_word(c->gw), rt->gw.family == AF_INET6 ? "IPv6" : "IPv4",
		       xr_word(c->what), f == AF_INET6 ? "IPv6" : "IPv4");
		return -1;
	}
	c->family = f;
	rt->dst.family = f;
	if (!rt->gw.family)
		rt->gw.family = f;
	rt->prefsrc.family = f;
	return c->route.mp ? xr_route_mp_family(c, f) : 0;
}

/* Prefixes that are per link or not routes at all: within ff00::/8
 * (multicast) or fe80::/10 (link-local: the kernel keeps fe80::/64 on
 * every link, and the fast path gives link-local destinations to it). */
static int check_dst6(struct xr_cmd *c)
{
	const struct xr_rt *rt = &c->route.rt;

	if (rt->plen >= 8 && xr_inaddr_mcast6(&rt->dst)) {
		xr_err("\"%s\" is a multicast prefix (ff00::/8), not a route",
		       xr_word(c->what));
		return -1;
	}
	if (rt->plen >= 10 && xr_inaddr_ll6(&rt->dst)) {
		xr_err("\"%s\" is a link-local prefix (fe80::/10): link-local "
		       "destinations are the kernel's, on each link", xr_word(c->what));
		return -1;
	}
	return 0;
}

/* ip6_validate_gw and fib_check_nh's first words: a unicast gateway; a
 * link-local one names its link. */
int xr_route_check_gw(const struct xr_inaddr *gw, const char *word,
		      uint32_t dev)
{
	if (!word[0])
		return 0;
	if (xr_inaddr_is_zero(gw) || xr_inaddr_mcast6(gw)) {
		xr_err("invalid gateway \"%s\"%s", xr_word(word),
		       xr_inaddr_mcast6(gw) ? ": a multicast address" : "");
		return -1;
	}
	if (xr_inaddr_ll6(gw) && !dev) {
		xr_err("gateway \"%s\" is link-local: it needs \"dev DEV\"",
		       xr_word(word));
		return -1;
	}
	return 0;
}

/* The words of a unicast route's next hop: via/dev, or nexthop members,
 * not both; none for the other types. */
static int check_nh_words(struct xr_cmd *c)
{
	const struct xr_rt *rt = &c->route.rt;
	int single = c->gw[0] || c->ifindex;

	if (rt->type != XR_RTN_UNICAST && (single || c->route.mp)) {
		xr_err("a %s route takes no \"via\", \"dev\" or \"nexthop\"",
		       xr_rtn_name(rt->type));
		return -1;
	}
	if (single && c->route.mp) {
		xr_err("route \"%s\" takes \"via\"/\"dev\" or \"nexthop\" "
		       "members, not both", xr_word(c->what));
		return -1;
	}
	if (rt->type == XR_RTN_UNICAST && !single && !c->route.mp) {
		xr_err("route \"%s\" needs \"via GW\", \"dev DEV\" or \"nexthop\"",
		       xr_word(c->what));
		return -1;
	}
	return 0;
}

static int parse_spec(int argc, char **argv, struct xr_cmd *c, int need_nh)
{
	struct xr_rt *rt = &c->route.rt;
	int have_prefix = 0;

	rt->type = XR_RTN_UNICAST;
	rt->proto = XR_RTPROT_STATIC;
	if (parse_words(argc, argv, c, &have_prefix))
		return -1;
	if (!have_prefix) {
		xr_err("missing PREFIX");
		return -1;
	}
	if (settle_family(c) || check_dst6(c))
		return -1;
	if (!need_nh && c->route.mp)   /* del: members, or via/dev */
		return check_nh_words(c);
	if (!need_nh)      /* del: the words only have to match the route */
		return 0;
	if (xr_route_check_gw(&rt->gw, c->gw, c->ifindex) || check_nh_words(c))
		return -1;
	xr_route_mp_collapse(c);
	rt->ifindex = c->ifindex;
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
	return xr_route_get_req_parse(argc - 1, argv + 1, c->family,
				      &c->route.get);
}

