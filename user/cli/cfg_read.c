// SPDX-License-Identifier: GPL-2.0
/*
 * The running configuration as items (cfg.h), read from the state once:
 * the attached links and their settings, the multipath policies, the
 * handlers, the PERMANENT neighbours and the routes but the connected
 * ones (while a mirror runs, no route and no neighbour: they follow the
 * kernel). What `save` prints and `apply` diffs against.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <net/if.h>
#include <sys/socket.h>
#include <bpf/bpf.h>
#include "cli/cfg.h"
#include "lib/err.h"
#include "lib/nhg.h"
#include "lib/sync.h"
#include "lib/tables.h"

static int read_links(struct xr_cli *cli, struct xr_cfg *c)
{
	struct xr_iface_entry *e = NULL;
	struct xr_cfg_item *it;
	size_t i, n = 0;
	int err = xr_ifaces_dump(&cli->st.m, &e, &n);

	for (i = 0; !err && i < n; i++) {
		if (!(it = xr_cfg_push(c, XR_CFG_LINK)))
			err = -ENOMEM;
		else {
			it->ifindex = e[i].ifindex;
			it->val = (int)e[i].val.mode;
		}
	}
	for (i = 0; !err && i < n; i++) {
		if (!(e[i].val.flags & XR_IF_NO_REDIRECTS))
			continue;
		if (!(it = xr_cfg_push(c, XR_CFG_LINKSET)))
			err = -ENOMEM;
		else
			it->ifindex = e[i].ifindex;
	}
	free(e);
	return err;
}

static int push_policy(struct xr_cfg *c, int family, int policy)
{
	struct xr_cfg_item *it;

	if (policy == XR_MP_L3)
		return 0;
	if (!(it = xr_cfg_push(c, XR_CFG_POLICY)))
		return -ENOMEM;
	it->family = family;
	it->val = policy;
	return 0;
}

static int read_policy(struct xr_cli *cli, struct xr_cfg *c)
{
	struct xr_mp_cfg cfg = { 0 };
	int err = xr_mp_cfg_get(&cli->st.m, &cfg);

	if (!err)
		err = push_policy(c, AF_INET, cfg.policy4);
	return err ? err : push_policy(c, AF_INET6, cfg.policy6);
}

static int push_proto(struct xr_cfg *c, const struct xr_proto_info *in)
{
	struct xr_cfg_item *it = xr_cfg_push(c, XR_CFG_PROTO);

	if (!it)
		return -ENOMEM;
	it->pkind = in->kind;
	it->pkey = in->key;
	it->obj = strndup(in->obj, sizeof(in->obj));
	it->prog = strndup(in->prog, sizeof(in->prog));
	return it->obj && it->prog ? 0 : -ENOMEM;
}

static int read_protos(struct xr_cli *cli, struct xr_cfg *c)
{
	struct xr_proto_info in;
	int err = 0;
	__u32 s;

	for (s = XR_PROTO_SLOT_ROUTER + 1; !err && s < XR_PROTO_SLOTS; s++)
		if (!bpf_map_lookup_elem(cli->st.m.proto_info, &s, &in) && in.kind)
			err = push_proto(c, &in);
	return err;
}

static int push_neigh(struct xr_cfg *c, int family, uint32_t ifindex,
		      const void *addr, const struct xr_neigh *v)
{
	struct xr_cfg_item *it;

	if (!(v->state & XR_NUD_PERMANENT))
		return 0;
	if (!(it = xr_cfg_push(c, XR_CFG_NEIGH)))
		return -ENOMEM;
	it->family = it->addr.family = family;
	it->ifindex = ifindex;
	memcpy(it->addr.b, addr, family == AF_INET6 ? 16 : 4);
	memcpy(it->mac, v->mac, 6);
	return 0;
}

static int read_neighs(struct xr_cli *cli, struct xr_cfg *c)
{
	struct xr_neigh4_entry *e4 = NULL;
	struct xr_neigh6_entry *e6 = NULL;
	size_t i, n4 = 0, n6 = 0;
	int err = xr_neigh4_dump(&cli->st.m, &e4, &n4);

	if (!err)
		err = xr_neigh6_dump(&cli->st.m, &e6, &n6);
	for (i = 0; !err && i < n4; i++)
		err = push_neigh(c, AF_INET, e4[i].key.ifindex, &e4[i].key.addr,
				 &e4[i].val);
	for (i = 0; !err && i < n6; i++)
		err = push_neigh(c, AF_INET6, e6[i].key.ifindex, &e6[i].key.addr,
				 &e6[i].val);
	free(e4);
	free(e6);
	return err;
}

/* A group route's members, in the order the group stores them. */
static int read_hops(struct xr_cli *cli, const struct xr_rt *rt,
		     struct xr_cfg_item *it)
{
	struct xr_nhg_info inf[XR_NHG_MAX_MEMBERS];
	unsigned int n = XR_NHG_MAX_MEMBERS, k;
	int f = rt->dst.family;
	int err = xr_nhg_read(&cli->st.m, f == AF_INET6, rt->nhg, inf, &n);

	if (err)
		return err;
	if (!(it->hops = calloc(n, sizeof(*it->hops))))
		return -ENOMEM;
	for (k = 0; k < n; k++) {
		it->hops[k].gw.family = f;
		memcpy(it->hops[k].gw.b, &inf[k].spec.gw, f == AF_INET6 ? 16 : 4);
		it->hops[k].ifindex = inf[k].spec.ifindex;
		it->hops[k].weight = inf[k].spec.weight;
	}
	it->nhops = n;
	return 0;
}

static int push_route(struct xr_cli *cli, struct xr_cfg *c,
		      const struct xr_rt *rt)
{
	struct xr_cfg_item *it;

	if (xr_rt_connected(&cli->st.m, rt))
		return 0;
	if (!(it = xr_cfg_push(c, XR_CFG_ROUTE)))
		return -ENOMEM;
	it->family = rt->dst.family;
	it->addr = rt->dst;
	it->plen = rt->plen;
	it->type = rt->type;
	if (rt->type != XR_RTN_UNICAST)
		return 0;
	if (rt->nhg)
		return read_hops(cli, rt, it);
	it->gw = rt->gw;
	it->ifindex = rt->ifindex;
	return 0;
}

static int read_routes(struct xr_cli *cli, struct xr_cfg *c, int family)
{
	struct xr_rt *rt = NULL;
	size_t i, n = 0;
	int err = xr_anyrt_dump(&cli->st.m, family, &rt, &n);

	for (i = 0; !err && i < n; i++)
		err = push_route(cli, c, &rt[i]);
	free(rt);
	return err;
}

static int dev_gone(uint32_t ifindex)
{
	char name[IF_NAMESIZE];

	return ifindex && !if_indextoname(ifindex, name);
}

static int item_gone(const struct xr_cfg_item *it)
{
	unsigned int k;

	for (k = 0; k < it->nhops; k++)
		if (dev_gone(it->hops[k].ifindex))
			return 1;
	return dev_gone(it->ifindex);
}

void xr_cfg_mark_gone(struct xr_cfg *c)
{
	size_t i;

	for (i = 0; i < c->n; i++)
		c->v[i].gone = (uint8_t)item_gone(&c->v[i]);
}

int xr_cfg_read(struct xr_cli *cli, struct xr_cfg *c)
{
	struct xr_sync s;
	int err;

	if (!cli->have_state)
		return 0;
	xr_sync_get(&cli->st.m, &s);
	c->follows = (int)s.mode;
	err = read_links(cli, c);
	if (!err)
		err = read_policy(cli, c);
	if (!err)
		err = read_protos(cli, c);
	if (!err && c->follows == XR_SYNC_OFF)
		err = read_neighs(cli, c);
	if (!err && c->follows == XR_SYNC_OFF)
		err = read_routes(cli, c, AF_INET);
	if (!err && c->follows == XR_SYNC_OFF)
		err = read_routes(cli, c, AF_INET6);
	if (err)
		xr_err("cannot read the running configuration: %s", strerror(-err));
	xr_cfg_mark_gone(c);
	return err;
}
