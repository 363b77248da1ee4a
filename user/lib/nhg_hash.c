// SPDX-License-Identifier: GPL-2.0
/*
 * The flow hash of abi/nhg.h in user space (the slow path, tests), word
 * for word what the fast path computes, and the member it picks.
 */
#include "lib/fib4.h"
#include "lib/fib6.h"
#include "lib/nhg.h"
#include "lib/nhgtab.h"

uint32_t xr_mp_hash(uint32_t seed, int l4, const struct xr_mp_flow *f)
{
	const uint32_t *s = f->saddr.a, *d = f->daddr.a;
	uint32_t ports = (uint32_t)f->sport << 16 | f->dport;

	if (f->v6)
		return l4 ? xr_mp_hash6_l4(seed, s, d, f->proto, ports) :
			    xr_mp_hash6(seed, s, d, f->flowlabel, f->proto);
	return l4 ? xr_mp_hash4_l4(seed, s, d, f->proto, ports) :
		    xr_mp_hash4(seed, s, d);
}

uint32_t xr_nhg_member(const struct xr_maps *m, int v6, uint32_t gid,
		       uint32_t hash)
{
	const struct xr_nhg_table *t = xr_nhg_table_of(m, v6);
	const struct xr_nhg *g = t ? xr_nhg_slot(t, gid) : NULL;

	return g ? __atomic_load_n(&g->bucket[xr_mp_bucket(hash)],
				   __ATOMIC_RELAXED) : 0;
}

uint32_t xr_mp_hash_pkt(const struct xr_mp_cfg *cfg, int v6, const uint8_t *ip,
			size_t len)
{
	struct xr_mp_flow f;
	int l4 = xr_mp_flow_of(ip, len, v6, &f);

	return xr_mp_hash(cfg->seed, l4 && (v6 ? cfg->policy6 : cfg->policy4) ==
					   XR_MP_L4, &f);
}

uint32_t xr_nhg_resolve_pkt(const struct xr_maps *m, int v6, uint32_t id,
			    const uint8_t *ip, size_t len)
{
	struct xr_mp_cfg cfg;

	if (!(id & XR_FIB_NHG))
		return id;
	if (xr_mp_cfg_get(m, &cfg))
		return 0;
	return xr_nhg_member(m, v6, id & ~XR_FIB_NHG,
			     xr_mp_hash_pkt(&cfg, v6, ip, len));
}
