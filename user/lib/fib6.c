// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "lib/fib4.h"
#include "lib/fib6.h"
#include "lib/rcu.h"
#include "lib/state.h"

_Static_assert(sizeof(struct xr_fib6_chunk) % 8 == 0, "tbl16 stride");
_Static_assert(sizeof(struct xr_fib6_group) % 8 == 0, "tbl8 stride");
_Static_assert(XR_FIB6_GROUPS <= XR_FIB6_ID_MASK, "group ids fit");

static void fib6_unmap(struct xr_fib6 *f)
{
	xr_lpm6_fini(&f->trie);
	xr_nhg_close(&f->nhg);
	xr_nh_fini(&f->nh);
	xr_fib_unmap_all(f->mem, f->len);
	free(f);
}

static void fib6_wire(struct xr_fib6 *f)
{
	f->meta = f->mem[3];
	f->trie.tbl16 = f->mem[0];
	f->trie.tbl8 = f->mem[1];
	f->trie.bitmap = f->meta->tbl8_bitmap;
	f->trie.groups_used = &f->meta->tbl8_used;
	f->trie.ngroups = XR_FIB6_GROUPS;
	f->trie.sync = xr_synchronize_rcu;
	f->nh.nh6 = f->mem[2];
	f->nh.v6 = 1;
	f->nh.nh_used = &f->meta->nh_used;
	f->nh.sync = xr_synchronize_rcu;
}

int xr_fib6_open(struct xr_fib6 **out, int tbl16, int tbl8, int nh, int meta)
{
	const struct xr_fib_mapping map[4] = {
		{ tbl16, sizeof(struct xr_fib6_chunk), XR_FIB6_TBL16_ELEMS },
		{ tbl8, sizeof(struct xr_fib6_group), XR_FIB6_GROUPS },
		{ nh, sizeof(struct xr_nh6), XR_MAX_NH6 },
		{ meta, sizeof(struct xr_fib6_meta), 1 },
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

int xr_fib6_pending(const struct xr_fib6 *f)
{
	return f->trie.pending.n || f->nh.pending.n || f->nhg.pending.n;
}

int xr_fib6_release(struct xr_fib6 *f, int nosync)
{
	int (*tsync)(void) = f->trie.sync, (*nsync)(void) = f->nh.sync;
	int err = 0;

	if (!xr_fib6_pending(f))
		return 0;
	if (!nosync)
		err = xr_synchronize_rcu();
	f->trie.sync = f->nh.sync = NULL;
	if (!err)
		err = xr_lpm6_release(&f->trie);
	if (!err)   /* groups first: they give their members up */
		err = xr_nhg_release(&f->nhg, 1);
	if (!err)
		err = xr_nh_release(&f->nh);
	f->trie.sync = tsync;
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
