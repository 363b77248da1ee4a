// SPDX-License-Identifier: GPL-2.0
/*
 * Routes over a connected prefix (cfg.h): a static route that replaced
 * the connected route of an attached link's address. Its link attach
 * brings that prefix back first, so save prints the route as `route
 * replace` and apply's plan adds it so: a fresh router (boot) takes it.
 */
#include "cli/cfg.h"

struct conn {
	struct xr_cfg *c;
};

/* The routes of c with rt's key marked. */
static int mark_one(void *arg, const struct xr_rt *rt)
{
	struct conn *k = arg;
	struct xr_cfg_item probe = { .kind = XR_CFG_ROUTE };
	size_t i;

	probe.addr = rt->dst;
	probe.plen = rt->plen;
	for (i = 0; i < k->c->n; i++)
		if (!xr_cfg_key_cmp(&k->c->v[i], &probe))
			k->c->v[i].over_conn = 1;
	return 0;
}

int xr_cfg_mark_connected(struct xr_cfg *c, const struct xr_cfg *links)
{
	struct conn k = { c };
	size_t i;

	for (i = 0; i < links->n; i++)
		if (links->v[i].kind == XR_CFG_LINK && !links->v[i].gone &&
		    xr_link_connected_each(links->v[i].ifindex, mark_one, &k))
			return -1;
	return 0;
}
