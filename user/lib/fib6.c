// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "lib/fib4.h"
#include "lib/fib6.h"
#include "lib/rcu.h"
#include "lib/state.h"

_Static_assert(XR_PT6_NODES <= XR_FIB6_ID_MASK + 1, "node ids fit");

static void fib6_unmap(struct xr_fib6 *f)
{
	if (f->pt.g)           /* wired */
		xr_pt_fini(&f->pt);
	xr_nhg_close(&f->nhg);
	xr_nh_fini(&f->nh);
	xr_fib_unmap_all(f->mem, f->len);
	free(f);
}

static void fib6_wire(struct xr_fib6 *f)
{
	f->meta = f->mem[XR_FIB_META];
	xr_fib_pt_wire(&f->pt, &xr_pt_geom6, f->mem);
	f->nh.nh6 = f->mem[XR_FIB_NH];
	f->nh.v6 = 1;
	f->nh.nh_used = &f->meta->nh_used;
	f->nh.sync = xr_synchronize_rcu;
}

int xr_fib6_open(struct xr_fib6 **out, const int fd[XR_FIB_MAPS])
{
	const struct xr_fib_mapping map[XR_FIB_MAPS] = {
		{ fd[XR_FIB_DIR], sizeof(struct xr_pt_chunk), XR_PT6_DIRECT_ELEMS },
		{ fd[XR_FIB_NODE], sizeof(struct xr_pt_node), XR_PT6_NODES },
		{ fd[XR_FIB_LEAF], sizeof(struct xr_pt_chunk), XR_PT6_LEAF_ELEMS },
		{ fd[XR_FIB_PAGE], sizeof(struct xr_pt_page), XR_PT6_PAGES },
		{ fd[XR_FIB_META], sizeof(struct xr_pt_meta), 1 },
		{ fd[XR_FIB_NH], sizeof(struct xr_nh6), XR_MAX_NH6 },
	};
	struct xr_fib6 *f = calloc(1, sizeof(*f));
	int err;

	if (!f)
		return -ENOMEM;
	if ((err = xr_fib_map_all(map, f->mem, f->len))) {
		fib6_unmap(f);
		return err;
	}
	fib6_wire(f);
	*out = f;
	return 0;
}

uint32_t xr_fib6_lookup(const struct xr_fib6 *f, const struct xr_in6 *ip)
{
	return xr_pt_lookup(&f->pt, xr_pt_key6(ip));
}

int xr_fib6_add(struct xr_fib6 *f, const struct xr_in6 *ip, uint8_t depth,
		uint32_t id)
{
	if (depth > 128)
		return -EINVAL;
	return xr_pt_add(&f->pt, xr_pt_key6(ip), depth, xr_fib6_entry(depth, id));
}

int xr_fib6_del(struct xr_fib6 *f, const struct xr_in6 *ip, uint8_t depth,
		uint32_t repl)
{
	if (depth > 128)
		return -EINVAL;
	return xr_pt_del(&f->pt, xr_pt_key6(ip), depth, repl);
}

int xr_fib6_pending(const struct xr_fib6 *f)
{
	return f->pt.pending.n || f->nh.pending.n || f->nhg.pending.n;
}

int xr_fib6_release(struct xr_fib6 *f, int nosync)
{
	int (*tsync)(void) = f->pt.sync, (*nsync)(void) = f->nh.sync;
	int err = 0;

	if (!xr_fib6_pending(f))
		return 0;
	if (!nosync)
		err = xr_synchronize_rcu();
	f->pt.sync = f->nh.sync = NULL;
	if (!err)
		err = xr_pt_release(&f->pt);
	if (!err)   /* groups first: they give their members up */
		err = xr_nhg_release(&f->nhg, 1);
	if (!err)
		err = xr_nh_release(&f->nh);
	f->pt.sync = tsync;
	f->nh.sync = nsync;
	return err;
}

int xr_fib6_close(struct xr_fib6 *f)
{
	int err;

	if (!f)
		return 0;
	err = xr_fib6_release(f, 0);
	fib6_unmap(f);
	return err;
}

int xr_maps_fib6_begin(const struct xr_maps *m)
{
	if (!m->fib6)
		return -EBADF;
	return xr_maps_fib_begin(m);
}

int xr_maps_link_changed(const struct xr_maps *m, uint32_t ifindex)
{
	int err = 0;

	if (m->fib)
		err = xr_nh_refresh(&m->fib->nh, ifindex, 0, 1);
	if (!err && m->fib6)
		err = xr_nh6_refresh(&m->fib6->nh, ifindex, NULL, 1);
	return err;
}
