// SPDX-License-Identifier: GPL-2.0
/*
 * The flow hash of abi/nhg.h in user space (the slow path, tests), word
 * for word what the fast path computes, and the member it picks.
 */
#include "lib/fib4.h"
#include "lib/fib6.h"
#include "lib/nhg.h"
#include "lib/nhgtab.h"

static uint32_t mix_addr(uint32_t h, const struct xr_mp_flow *f,
			 const struct xr_in6 *a)
{
	int i;

	for (i = 0; i < (f->v6 ? 4 : 1); i++)
		h = xr_mp_mix(h, a->a[i]);
	return h;
}

uint32_t xr_mp_hash(uint32_t seed, int l4, const struct xr_mp_flow *f)
{
	uint32_t h = mix_addr(mix_addr(seed, f, &f->saddr), f, &f->daddr);
	uint32_t n = f->v6 ? 8 : 2;

	if (l4) {
		h = xr_mp_mix(h, f->proto);
		h = xr_mp_mix(h, (uint32_t)f->sport << 16 | f->dport);
		n += 2;
	} else if (f->v6) {
		h = xr_mp_mix(h, (f->flowlabel & 0xfffff) |
				 (uint32_t)f->proto << 24);
		n++;
	}
	return xr_mp_final(h, n);
}

uint32_t xr_nhg_member(const struct xr_maps *m, int v6, uint32_t gid,
		       uint32_t hash)
{
	const struct xr_nhg_table *t = v6 ? (m->fib6 ? &m->fib6->nhg : NULL) :
					    (m->fib ? &m->fib->nhg : NULL);
	const struct xr_nhg *g = t ? xr_nhg_slot(t, gid) : NULL;

	return g ? __atomic_load_n(&g->bucket[xr_mp_bucket(hash)],
				   __ATOMIC_RELAXED) : 0;
}

uint32_t xr_nhg_resolve(const struct xr_maps *m, int v6, uint32_t id,
			const struct xr_mp_flow *f)
{
	struct xr_mp_cfg cfg;

	if (!(id & XR_FIB_NHG))
		return id;
	if (xr_mp_cfg_get(m, &cfg))
		return 0;
	return xr_nhg_member(m, v6, id & ~XR_FIB_NHG, xr_mp_hash(cfg.seed, 0, f));
}
