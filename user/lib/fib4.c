// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include "lib/fib4.h"
#include "lib/fib6.h"
#include "lib/rcu.h"

/* This process indexes the mapped arrays with sizeof; the kernel with
 * the value size rounded up to 8. They must agree. */
_Static_assert(sizeof(struct xr_pt_chunk) % 8 == 0, "chunk stride");
_Static_assert(sizeof(struct xr_pt_node) % 8 == 0, "node stride");
_Static_assert(sizeof(struct xr_pt_page) % 8 == 0, "page stride");
_Static_assert(sizeof(struct xr_pt_meta) % 8 == 0, "meta stride");
_Static_assert(sizeof(struct xr_nh4) % 8 == 0, "next-hop stride");

int xr_fib_map(int fd, size_t value_size, uint32_t max_entries, void **mem,
	       size_t *len)
{
	struct bpf_map_info info;
	__u32 ilen = sizeof(info);
	long page = sysconf(_SC_PAGESIZE);

	memset(&info, 0, sizeof(info));
	if (bpf_obj_get_info_by_fd(fd, &info, &ilen) < 0)
		return -errno;
	if (info.value_size != value_size || info.max_entries != max_entries ||
	    !(info.map_flags & BPF_F_MMAPABLE))
		return -EPROTO;   /* made by another version */
	/* array elements are 8-byte aligned; the mapping is whole pages */
	*len = ((size_t)max_entries * ((value_size + 7) & ~7ul) + page - 1) &
	       ~(size_t)(page - 1);
	*mem = mmap(NULL, *len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (*mem == MAP_FAILED) {
		*mem = NULL;
		return -errno;
	}
	return 0;
}

int xr_fib_map_all(const struct xr_fib_mapping map[XR_FIB_MAPS],
		   void *mem[XR_FIB_MAPS], size_t len[XR_FIB_MAPS])
{
	int i, err = 0;

	for (i = 0; i < XR_FIB_MAPS && !err; i++)
		err = xr_fib_map(map[i].fd, map[i].value_size, map[i].count,
				 &mem[i], &len[i]);
	return err;
}

void xr_fib_unmap_all(void *mem[XR_FIB_MAPS], size_t len[XR_FIB_MAPS])
{
	int i;

	for (i = 0; i < XR_FIB_MAPS; i++)
		if (mem[i])
			munmap(mem[i], len[i]);
}

void xr_fib_pt_wire(struct xr_poptrie *t, const struct xr_pt_geom *g,
		    void *mem[XR_FIB_MAPS])
{
	xr_pt_init(t, g, mem[XR_FIB_DIR], mem[XR_FIB_NODE], mem[XR_FIB_LEAF],
		   mem[XR_FIB_PAGE], mem[XR_FIB_META]);
	t->sync = xr_synchronize_rcu;
}

static void fib4_wire(struct xr_fib4 *f)
{
	f->meta = f->mem[XR_FIB_META];
	xr_fib_pt_wire(&f->pt, &xr_pt_geom4, f->mem);
	f->nh.nh = f->mem[XR_FIB_NH];
	f->nh.nh_used = &f->meta->nh_used;
	f->nh.sync = xr_synchronize_rcu;
}

int xr_fib4_open(struct xr_fib4 **out, const int fd[XR_FIB_MAPS])
{
	const struct xr_fib_mapping map[XR_FIB_MAPS] = {
		{ fd[XR_FIB_DIR], sizeof(struct xr_pt_chunk), XR_PT4_DIRECT_ELEMS },
		{ fd[XR_FIB_NODE], sizeof(struct xr_pt_node), XR_PT4_NODES },
		{ fd[XR_FIB_LEAF], sizeof(struct xr_pt_chunk), XR_PT4_LEAF_ELEMS },
		{ fd[XR_FIB_PAGE], sizeof(struct xr_pt_page), XR_PT4_PAGES },
		{ fd[XR_FIB_META], sizeof(struct xr_pt_meta), 1 },
		{ fd[XR_FIB_NH], sizeof(struct xr_nh4), XR_MAX_NH4 },
	};
	struct xr_fib4 *f = calloc(1, sizeof(*f));
	int err;

	if (!f)
		return -ENOMEM;
	if ((err = xr_fib_map_all(map, f->mem, f->len))) {
		xr_fib4_close(f);
		return err;
	}
	fib4_wire(f);
	*out = f;
	return 0;
}

uint32_t xr_fib4_lookup(const struct xr_fib4 *f, uint32_t ip)
{
	return xr_pt_lookup(&f->pt, xr_pt_key4(ip));
}

int xr_fib4_add(struct xr_fib4 *f, uint32_t ip, uint8_t depth, uint32_t id)
{
	if (depth > 32)
		return -EINVAL;
	return xr_pt_add(&f->pt, xr_pt_key4(ip), depth, xr_fib4_entry(depth, id));
}

int xr_fib4_del(struct xr_fib4 *f, uint32_t ip, uint8_t depth, uint32_t repl)
{
	if (depth > 32)
		return -EINVAL;
	return xr_pt_del(&f->pt, xr_pt_key4(ip), depth, repl);
}

static int fib4_pending(const struct xr_fib4 *f)
{
	return f->pt.pending.n || f->nh.pending.n || f->nhg.pending.n ||
	       (f->v6 && xr_fib6_pending(f->v6));
}

/* Both families' groups and slots given up, after one wait for all. */
int xr_fib4_commit(struct xr_fib4 *f)
{
	int (*dsync)(void) = f->pt.sync, (*nsync)(void) = f->nh.sync;
	int err = 0;

	if (fib4_pending(f)) {
		err = xr_synchronize_rcu();
		f->pt.sync = f->nh.sync = NULL;
		if (!err)
			err = xr_pt_release(&f->pt);
		if (!err)   /* groups first: they give their members up */
			err = xr_nhg_release(&f->nhg, 1);
		if (!err)
			err = xr_nh_release(&f->nh);
		if (!err && f->v6)
			err = xr_fib6_release(f->v6, 1);
		f->pt.sync = dsync;
		f->nh.sync = nsync;
	}
	if (!err)
		xr_fib4_mark_clear(f);
	return err;
}

int xr_fib4_close(struct xr_fib4 *f)
{
	int err;

	if (!f)
		return 0;
	err = f->mem[XR_FIB_NH] && f->mem[XR_FIB_META] ? xr_fib4_commit(f) : 0;
	if (f->pt.g)           /* wired */
		xr_pt_fini(&f->pt);
	xr_nhg_close(&f->nhg);
	xr_nh_fini(&f->nh);
	xr_fib_unmap_all(f->mem, f->len);
	free(f);
	return err;
}
