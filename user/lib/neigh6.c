// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <bpf/bpf.h>
#include "lib/fib4.h"
#include "lib/fib6.h"
#include "lib/mapdump.h"
#include "lib/neigh4.h"
#include "lib/neigh6.h"

static struct xr_neigh6_key key(uint32_t ifindex, const struct xr_in6 *addr)
{
	struct xr_neigh6_key k;

	memset(&k, 0, sizeof(k));
	k.ifindex = ifindex;
	k.addr = *addr;
	return k;
}

int xr_neigh6_get(const struct xr_maps *m, uint32_t ifindex,
		  const struct xr_in6 *addr, struct xr_neigh *n)
{
	struct xr_neigh6_key k = key(ifindex, addr);

	return bpf_map_lookup_elem(m->neigh6, &k, n) < 0 ? -errno : 0;
}

/* A neighbour change reaches the next hops that cache its MAC: the one
 * through that gateway on that link (a link-local gateway is the same
 * address on every link; the link tells them apart). */
static int neigh_changed(const struct xr_maps *m, uint32_t ifindex,
			 const struct xr_in6 *addr)
{
	return m->fib6 ? xr_nh6_refresh(&m->fib6->nh, ifindex, addr, 0) : 0;
}

int xr_neigh6_update(const struct xr_maps *m, uint32_t ifindex,
		     const struct xr_in6 *addr, const struct xr_neigh *n)
{
	struct xr_neigh6_key k = key(ifindex, addr);

	xr_maps_write_begin(m);
	if (bpf_map_update_elem(m->neigh6, &k, n, BPF_ANY) < 0)
		return -errno;
	return neigh_changed(m, ifindex, addr);
}

int xr_neigh6_delete(const struct xr_maps *m, uint32_t ifindex,
		     const struct xr_in6 *addr)
{
	struct xr_neigh6_key k = key(ifindex, addr);

	xr_maps_write_begin(m);
	if (bpf_map_delete_elem(m->neigh6, &k) < 0)
		return -errno;
	return neigh_changed(m, ifindex, addr);
}

static int in6_zero(const struct xr_in6 *a)
{
	return !(a->a[0] | a->a[1] | a->a[2] | a->a[3]);
}

void xr_adj6_fill(void *arg, const struct xr_nh6 *nh, struct xr_adj *adj)
{
	const struct xr_maps *m = arg;
	struct xr_neigh n;

	xr_adj_link_fill(m, nh->ifindex, adj);
	if (!in6_zero(&nh->gw) &&
	    xr_neigh6_get(m, nh->ifindex, &nh->gw, &n) == 0)
		xr_adj_neigh_fill(&n, adj);
}

static int neigh_cmp(const void *a, const void *b)
{
	const struct xr_neigh6_entry *x = a, *y = b;

	if (x->key.ifindex != y->key.ifindex)
		return x->key.ifindex < y->key.ifindex ? -1 : 1;
	return memcmp(&x->key.addr, &y->key.addr, sizeof(x->key.addr));
}

int xr_neigh6_dump(const struct xr_maps *m, struct xr_neigh6_entry **out,
		   size_t *n)
{
	int err = xr_map_dump(m->neigh6, sizeof((*out)->key), sizeof(**out),
			      offsetof(struct xr_neigh6_entry, val),
			      (void **)out, n);

	if (!err && *n)
		qsort(*out, *n, sizeof(**out), neigh_cmp);
	return err;
}
