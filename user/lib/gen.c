// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <string.h>
#include <bpf/bpf.h>
#include "lib/gen.h"

int xr_gen_read(const struct xr_maps *m, struct xr_state_gen *g)
{
	__u32 k = 0;

	memset(g, 0, sizeof(*g));
	if (m->state_gen < 0)
		return -ENOENT;
	return bpf_map_lookup_elem(m->state_gen, &k, g) < 0 ? -errno : 0;
}

int xr_gen_bump(const struct xr_maps *m, unsigned int mask)
{
	struct xr_state_gen g;
	__u32 k = 0;
	int i, err = xr_gen_read(m, &g);

	if (err)
		return err;
	for (i = 0; i < XR_GEN_N; i++)
		if (mask & (1u << i))
			g.gen[i]++;
	return bpf_map_update_elem(m->state_gen, &k, &g, BPF_ANY) < 0 ? -errno : 0;
}

unsigned int xr_gen_moved(const struct xr_state_gen *a,
			  const struct xr_state_gen *b, unsigned int mask)
{
	unsigned int moved = 0;
	int i;

	for (i = 0; i < XR_GEN_N; i++)
		if ((mask & (1u << i)) && a->gen[i] != b->gen[i])
			moved |= 1u << i;
	return moved;
}
