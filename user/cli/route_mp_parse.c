// SPDX-License-Identifier: GPL-2.0
/*
 * The members of a multipath route, as ip takes them: after the route's
 * own words, "nexthop [via [inet|inet6] GW] [dev DEV] [weight W]" once a
 * member (a member without via is on-link: dev DEV alone). What the
 * words alone refuse; route_mp.c checks them against the state.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include "cli/cli.h"
#include "lib/err.h"
#include "lib/parse.h"

/* via GW or dev DEV at argv[*ip], a route's own or a member's: 1 when it
 * was one (*ip on its last word), 0 when not, -1 after an error line. */
int xr_route_hop_word(int argc, char **argv, int *ip, struct xr_mp_hop *h)
{
	int i = *ip;

	if (!strcmp(argv[i], "via")) {
		if (xr_route_parse_via(argc, argv, &i, &h->gw, h->gw_word,
				       sizeof(h->gw_word)))
			return -1;
	} else if (!strcmp(argv[i], "dev") || !strcmp(argv[i], "oif")) {
		NEXT_ARG();
		if (xr_parse_dev(argv[i], &h->dev))
			return -1;
		snprintf(h->dev_word, sizeof(h->dev_word), "%s", argv[i]);
	} else {
		return 0;
	}
	*ip = i;
	return 1;
}

/* One word of a member (argv[*ip]) and its value. */
static int hop_word(int argc, char **argv, int *ip, struct xr_mp_hop *h)
{
	uint32_t w;
	int i = *ip, r = xr_route_hop_word(argc, argv, ip, h);

	if (r)
		return r < 0 ? -1 : 0;
	if (strcmp(argv[i], "weight")) {
		xr_err("unknown argument \"%s\"", xr_word(argv[i]));
		return -1;
	}
	NEXT_ARG();
	if (xr_parse_u32(argv[i], "weight", 1, XR_NHG_WEIGHT_MAX, &w))
		return -1;
	h->weight = (uint16_t)w;
	*ip = i;
	return 0;
}

/* The words of one member, from argv[*ip] (its "nexthop") to the next
 * "nexthop" or the end; *ip on its last word after. */
static int parse_hop(int argc, char **argv, int *ip, struct xr_mp_hop *h)
{
	int i;

	memset(h, 0, sizeof(*h));
	h->weight = 1;
	for (i = *ip + 1; i < argc && strcmp(argv[i], "nexthop"); i++)
		if (hop_word(argc, argv, &i, h))
			return -1;
	if (!h->gw_word[0] && !h->dev) {
		xr_err("\"nexthop\" needs \"via GW\" or \"dev DEV\"");
		return -1;
	}
	*ip = i - 1;
	return xr_route_check_gw(&h->gw, h->gw_word, h->dev);
}

int xr_route_parse_nexthops(int argc, char **argv, struct xr_cmd *c)
{
	struct xr_rt_mp *mp = calloc(1, sizeof(*mp));
	int i;

	if (!mp) {
		xr_err("out of memory");
		return -1;
	}
	c->route.mp = mp;
	c->route.rt.mp = mp;
	for (i = 0; i < argc; i++) {
		if (mp->n == XR_NHG_MAX_MEMBERS) {
			xr_err("too many nexthops (at most %d)", XR_NHG_MAX_MEMBERS);
			return -1;
		}
		if (parse_hop(argc, argv, &i, &mp->h[mp->n++]))
			return -1;
	}
	return 0;
}

/* Every member's gateway of the route's family f. */
int xr_route_mp_family(struct xr_cmd *c, int f)
{
	unsigned int k;

	for (k = 0; k < c->route.mp->n; k++) {
		struct xr_mp_hop *h = &c->route.mp->h[k];

		if (h->gw.family && h->gw.family != f) {
			xr_err("gateway \"%s\" is an %s address, the prefix \"%s\" %s",
			       xr_word(h->gw_word),
			       h->gw.family == AF_INET6 ? "IPv6" : "IPv4",
			       xr_word(c->what), f == AF_INET6 ? "IPv6" : "IPv4");
			return -1;
		}
		h->gw.family = f;
	}
	return 0;
}

void xr_route_mp_collapse(struct xr_cmd *c)
{
	struct xr_rt_mp *mp = c->route.mp;

	if (!mp || mp->n != 1)
		return;
	c->route.rt.gw = mp->h[0].gw;
	c->ifindex = mp->h[0].dev;
	snprintf(c->gw, sizeof(c->gw), "%s", mp->h[0].gw_word);
	snprintf(c->dev, sizeof(c->dev), "%s", mp->h[0].dev_word);
	xr_cmd_free(c);
}

void xr_cmd_free(struct xr_cmd *c)
{
	if (c->def && c->def->obj == XR_OBJ_PROTO) {
		free(c->proto.obj);
		free(c->proto.prog);
		c->proto.obj = c->proto.prog = NULL;
	}
	if (c->def && c->def->obj == XR_OBJ_STATS) {
		free(c->stats.textfile);
		c->stats.textfile = NULL;
	}
	if (!c->def || c->def->obj != XR_OBJ_ROUTE)
		return;
	free(c->route.mp);
	c->route.mp = NULL;
	c->route.rt.mp = NULL;
}
