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
_Static_assert(sizeof(struct xr_fib4_chunk) % 8 == 0, "tbl24 stride");
_Static_assert(sizeof(struct xr_fib4_group) % 8 == 0, "tbl8 stride");
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

int xr_fib_map_all(const struct xr_fib_mapping map[4], void *mem[4],
		   size_t len[4])
{
	int i, err = 0;

	for (i = 0; i < 4 && !err; i++)
		err = xr_fib_map(map[i].fd, map[i].value_size, map[i].count,
				 &mem[i], &len[i]);
	return err;
}

void xr_fib_unmap_all(void *mem[4], size_t len[4])
{
	int i;

	for (i = 0; i < 4; i++)
		if (mem[i])
			munmap(mem[i], len[i]);
}

static void fib4_wire(struct xr_fib4 *f)
{
	f->meta = f->mem[3];
	f->dir.tbl24 = f->mem[0];
	f->dir.tbl8 = f->mem[1];
	f->dir.bitmap = f->meta->tbl8_bitmap;
	f->dir.groups_used = &f->meta->tbl8_used;
	f->dir.ngroups = XR_FIB4_TBL8_GROUPS;
	f->dir.sync = xr_synchronize_rcu;
	f->nh.nh = f->mem[2];
	f->nh.nh_used = &f->meta->nh_used;
	f->nh.sync = xr_synchronize_rcu;
}

int xr_fib4_open(struct xr_fib4 **out, int tbl24, int tbl8, int nh, int meta)
{
	const struct xr_fib_mapping map[4] = {
		{ tbl24, sizeof(struct xr_fib4_chunk), XR_FIB4_TBL24_ELEMS },
		{ tbl8, sizeof(struct xr_fib4_group), XR_FIB4_TBL8_GROUPS },
		{ nh, sizeof(struct xr_nh4), XR_MAX_NH4 },
		{ meta, sizeof(struct xr_fib4_meta), 1 },
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

static int fib4_pending(const struct xr_fib4 *f)
{
	return f->dir.pending.n || f->nh.pending.n || f->nhg.pending.n ||
	       (f->v6 && xr_fib6_pending(f->v6));
}

/* Both families' groups and slots given up, after one wait for all. */
int xr_fib4_commit(struct xr_fib4 *f)
{
	int (*dsync)(void) = f->dir.sync, (*nsync)(void) = f->nh.sync;
	int err = 0;

	if (fib4_pending(f)) {
		err = xr_synchronize_rcu();
		f->dir.sync = f->nh.sync = NULL;
		if (!err)
			err = xr_dir24_release(&f->dir);
		if (!err)   /* groups first: they give their members up */
			err = xr_nhg_release(&f->nhg, 1);
		if (!err)
			err = xr_nh_release(&f->nh);
		if (!err && f->v6)
			err = xr_fib6_release(f->v6, 1);
		f->dir.sync = dsync;
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
	err = f->mem[2] && f->mem[3] ? xr_fib4_commit(f) : 0;
	xr_dir24_fini(&f->dir);
	xr_nhg_close(&f->nhg);
	xr_nh_fini(&f->nh);
	xr_fib_unmap_all(f->mem, f->len);
	free(f);
	return err;
}
