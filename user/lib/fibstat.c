// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include "lib/fibstat.h"
#include "lib/poptrie.h"
#include "lib/sdir.h"

int xr_fib_stat(int dir_fd, int v6, struct xr_fib_stat *s)
{
	const struct xr_pt_geom *g = v6 ? &xr_pt_geom6 : &xr_pt_geom4;
	struct xr_pt_meta meta;
	struct xr_poptrie t = { .g = g, .meta = &meta };
	__u32 key = 0;
	int fd = xr_obj_get_at(dir_fd, v6 ? XR_MAP_NAME(fib6_ptmeta) :
					    XR_MAP_NAME(fib4_ptmeta)), err = 0;

	if (fd < 0)
		return fd;
	if (bpf_map_lookup_elem(fd, &key, &meta) < 0)
		err = -errno;
	close(fd);
	if (err)
		return err;
	*s = (struct xr_fib_stat){ xr_pt_bytes(&t), meta.nodes_used, g->nnodes,
				   meta.leaves_used, g->nleaves };
	return 0;
}
