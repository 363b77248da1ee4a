// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <bpf/bpf.h>
#include "lib/fib4.h"
#include "lib/ifaces.h"
#include "lib/mapdump.h"
#include "lib/neigh4.h"

int xr_neigh4_get(const struct xr_maps *m, uint32_t ifindex, __be32 addr,
		  struct xr_neigh *n)
{
	struct xr_neigh4_key k = { .ifindex = ifindex, .addr = addr };

	return bpf_map_lookup_elem(m->neigh4, &k, n) < 0 ? -errno : 0;
}

/* A neighbour change reaches the next hops that cache its MAC. */
static int neigh_changed(const struct xr_maps *m, uint32_t ifindex,
			 __be32 addr)
{
	return m->fib ? xr_nh_refresh(&m->fib->nh, ifindex, addr, 0) : 0;
}

int xr_neigh4_update(const struct xr_maps *m, uint32_t ifindex, __be32 addr,
		     const struct xr_neigh *n)
{
	struct xr_neigh4_key k = { .ifindex = ifindex, .addr = addr };

	xr_maps_write_begin(m);
	if (bpf_map_update_elem(m->neigh4, &k, n, BPF_ANY) < 0)
		return -errno;
	return neigh_changed(m, ifindex, addr);
}

int xr_neigh4_delete(const struct xr_maps *m, uint32_t ifindex, __be32 addr)
{
	struct xr_neigh4_key k = { .ifindex = ifindex, .addr = addr };

	xr_maps_write_begin(m);
	if (bpf_map_delete_elem(m->neigh4, &k) < 0)
		return -errno;
	return neigh_changed(m, ifindex, addr);
}

void xr_adj_link_fill(const struct xr_maps *m, uint32_t ifindex,
		      struct xr_adj *adj)
{
	struct xr_iface ifv;

	memset(adj, 0, sizeof(*adj));
	if (xr_iface_get(m, ifindex, &ifv) == 0) {
		memcpy(adj->smac, ifv.mac, 6);
		adj->mtu = ifv.mtu;
		adj->flags |= XR_ADJ_TX;
		if (ifv.flags & XR_IF_UP)
			adj->flags |= XR_ADJ_UP;
	}
}

void xr_adj_neigh_fill(const struct xr_neigh *n, struct xr_adj *adj)
{
	if (n->state & XR_NUD_VALID) {
		memcpy(adj->dmac, n->mac, 6);
		adj->flags |= XR_ADJ_NEIGH;
	} else if (n->state & XR_NUD_FAILED) {
		adj->flags |= XR_ADJ_FAILED;   /* a group member lends its buckets */
	}
}

/* The rewrite of a unicast next hop, from the link and neighbour maps. */
void xr_adj4_fill(void *arg, const struct xr_nh4 *nh, struct xr_adj *adj)
{
	const struct xr_maps *m = arg;
	struct xr_neigh n;

	xr_adj_link_fill(m, nh->ifindex, adj);
	if (nh->gw && xr_neigh4_get(m, nh->ifindex, nh->gw, &n) == 0)
		xr_adj_neigh_fill(&n, adj);
}

static int neigh_cmp(const void *a, const void *b)
{
	const struct xr_neigh4_entry *x = a, *y = b;

	if (x->key.ifindex != y->key.ifindex)
		return x->key.ifindex < y->key.ifindex ? -1 : 1;
	if (x->key.addr != y->key.addr)
		return ntohl(x->key.addr) < ntohl(y->key.addr) ? -1 : 1;
	return 0;
}

int xr_neigh4_dump(const struct xr_maps *m, struct xr_neigh4_entry **out,
		   size_t *n)
{
	int err = xr_map_dump(m->neigh4, sizeof((*out)->key), sizeof(**out),
			      offsetof(struct xr_neigh4_entry, val),
			      (void **)out, n);

	if (!err && *n)
		qsort(*out, *n, sizeof(**out), neigh_cmp);
	return err;
}
