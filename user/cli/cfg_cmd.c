// SPDX-License-Identifier: GPL-2.0
/*
 * The items (cfg.h) a configuration file's statement declares: what
 * `apply` wants, compared with what runs. link set ... redirects on and
 * hash-policy l3 are the defaults: they declare nothing. A later setting
 * of a link or a family wins over an earlier one, as in -batch.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include "cli/cfg.h"
#include "lib/err.h"

static int same_key(const void *probe, const struct xr_cfg_item *it)
{
	return !xr_cfg_key_cmp(it, probe);
}

/* The earlier items of probe's key out (a setting given again). */
static void drop_earlier(struct xr_cfg *c, const struct xr_cfg_item *probe)
{
	xr_cfg_drop_if(c, same_key, probe);
}

static int from_link(const struct xr_cmd *cmd, struct xr_cfg *c)
{
	int set = cmd->def->apply == xr_link_set_apply;
	struct xr_cfg_item *it, probe = { .kind = XR_CFG_LINKSET };

	probe.ifindex = cmd->ifindex;
	if (set)
		drop_earlier(c, &probe);
	if (set && cmd->link.redirects)
		return 0;
	if (!(it = xr_cfg_push(c, set ? XR_CFG_LINKSET : XR_CFG_LINK)))
		return -1;
	it->ifindex = cmd->ifindex;
	it->val = set ? 0 : cmd->link.mode;
	return 0;
}

static int from_policy(const struct xr_cmd *cmd, struct xr_cfg *c)
{
	int f[2] = { cmd->family ? cmd->family : AF_INET, AF_INET6 }, k;
	struct xr_cfg_item *it, probe = { .kind = XR_CFG_POLICY };

	for (k = 0; k < (cmd->family ? 1 : 2); k++) {
		probe.family = f[k];
		drop_earlier(c, &probe);
		if (cmd->route.policy == XR_MP_L3)
			continue;
		if (!(it = xr_cfg_push(c, XR_CFG_POLICY)))
			return -1;
		it->family = f[k];
		it->val = cmd->route.policy;
	}
	return 0;
}

static int from_proto(const struct xr_cmd *cmd, struct xr_cfg *c)
{
	struct xr_cfg_item *it = xr_cfg_push(c, XR_CFG_PROTO);

	if (!it)
		return -1;
	it->pkind = (uint8_t)cmd->proto.kind;
	it->pkey = cmd->proto.key;
	it->obj = strdup(cmd->proto.obj);
	it->prog = cmd->proto.prog ? strdup(cmd->proto.prog) : NULL;
	if (it->obj && (it->prog || !cmd->proto.prog))
		return 0;
	xr_err("out of memory");
	return -1;
}

static int from_neigh(const struct xr_cmd *cmd, struct xr_cfg *c)
{
	struct xr_cfg_item *it = xr_cfg_push(c, XR_CFG_NEIGH);

	if (!it)
		return -1;
	it->family = cmd->neigh.addr.family;
	it->addr = cmd->neigh.addr;
	it->ifindex = cmd->ifindex;
	memcpy(it->mac, cmd->neigh.mac, 6);
	return 0;
}

static int hops_of(const struct xr_rt_mp *mp, struct xr_cfg_item *it)
{
	unsigned int k;

	if (!(it->hops = calloc(mp->n, sizeof(*it->hops)))) {
		xr_err("out of memory");
		return -1;
	}
	for (k = 0; k < mp->n; k++) {
		it->hops[k].gw = mp->h[k].gw;
		it->hops[k].ifindex = mp->h[k].dev;
		it->hops[k].weight = mp->h[k].weight;
	}
	it->nhops = mp->n;
	return 0;
}

static int from_route(const struct xr_cmd *cmd, struct xr_cfg *c)
{
	const struct xr_rt *rt = &cmd->route.rt;
	struct xr_cfg_item *it = xr_cfg_push(c, XR_CFG_ROUTE);

	if (!it)
		return -1;
	it->family = rt->dst.family;
	it->addr = rt->dst;
	it->plen = rt->plen;
	it->type = rt->type;
	if (cmd->route.mp)
		return hops_of(cmd->route.mp, it);
	if (rt->type == XR_RTN_UNICAST) {
		it->gw = rt->gw;
		it->ifindex = cmd->ifindex;
	}
	return 0;
}

int xr_cfg_from_cmd(const struct xr_cmd *cmd, struct xr_cfg *c)
{
	const struct xr_cmd_def *d = cmd->def;
	size_t from = c->n;
	int err;

	if (d->apply == xr_link_attach_apply || d->apply == xr_link_set_apply)
		err = from_link(cmd, c);
	else if (d->apply == xr_route_mp_set_apply)
		err = from_policy(cmd, c);
	else if (d->apply == xr_proto_add_apply)
		err = from_proto(cmd, c);
	else if (d->obj == XR_OBJ_NEIGH)
		err = from_neigh(cmd, c);
	else
		err = from_route(cmd, c);
	while (from < c->n)
		c->v[from++].line = cmd->line;
	return err;
}
