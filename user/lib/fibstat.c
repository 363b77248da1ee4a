// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdio.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include "lib/fib4.h"
#include "lib/fib6.h"
#include "lib/fibstat.h"
#include "lib/poptrie.h"
#include "lib/sdir.h"
#include "lib/state.h"

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

/* The phrase for a trie found full: which array, and what it holds. */
static void full_msg(const char *fam, const struct xr_poptrie *t, char *buf,
		     size_t len)
{
	snprintf(buf, len, "FIB full: no free %s memory (IPv%s: %llu of %u "
		 "nodes, %llu of %u leaves in use)",
		 t->meta->nodes_used + XR_PT_FANOUT > t->g->nnodes ? "node" : "leaf",
		 fam, (unsigned long long)t->meta->nodes_used, t->g->nnodes,
		 (unsigned long long)t->meta->leaves_used, t->g->nleaves);
}

int xr_fib_full_msg(const struct xr_maps *m, char *buf, size_t len)
{
	if (m->fib && m->fib->full == -ENOSPC)
		full_msg("4", &m->fib->pt, buf, len);
	else if (m->fib6 && m->fib6->full == -ENOSPC)
		full_msg("6", &m->fib6->pt, buf, len);
	else
		return 0;
	return 1;
}
