/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Next-hop groups (ECMP) of either family (abi/nhg.h): made from their
 * members, shared by every route with the same members and counted by
 * them (as nexthop.h's slots are), their buckets kept resilient as
 * members become unusable and usable again; and the multipath settings
 * (hash policy per family, the per-boot seed). docs/fib.md "Next-hop
 * groups". All return 0 or -errno.
 */
#ifndef XR_NHG_H
#define XR_NHG_H

#include <stdint.h>
#include "xdp_router/abi.h"
#include "lib/state.h"

/* One member as a route names it: a unicast next hop and its weight. */
struct xr_nhg_spec {
	uint32_t ifindex;
	struct xr_in6 gw;      /* IPv4: gw.a[0], the rest 0 */
	uint16_t weight;       /* 1 .. XR_NHG_WEIGHT_MAX */
};

/* A member as stored, for `route show` and `route get`. */
struct xr_nhg_info {
	struct xr_nhg_spec spec;
	uint32_t nh;           /* its next-hop id */
	uint8_t usable;        /* link attached and up, neighbour not FAILED */
	uint8_t buckets;       /* buckets it serves now */
};

/* The group of these members (any order, distinct, 1 .. XR_NHG_MAX_
 * MEMBERS), found or made; takes one reference on it. -ENOSPC: no free
 * slot; -EINVAL: a bad member list (a member twice, weight 0 or above
 * XR_NHG_WEIGHT_MAX, ifindex 0, an IPv4 gateway beyond gw.a[0]);
 * -EBADF: the FIB is not mapped. A reference taken is dropped before
 * the writer commits (xr_fib4_commit, at close): a crash repair counts
 * a group's references from the routes alone. */
int xr_nhg_get(const struct xr_maps *m, int v6, const struct xr_nhg_spec *memb,
	       unsigned int n, uint32_t *gid);
/* Another reference on gid / drop one (the last gives the slot up and
 * its members' references, the slot reused after a grace period). */
int xr_nhg_hold(const struct xr_maps *m, int v6, uint32_t gid);
int xr_nhg_put(const struct xr_maps *m, int v6, uint32_t gid);
/* The members of gid as stored (*n: room in, members out). */
int xr_nhg_read(const struct xr_maps *m, int v6, uint32_t gid,
		struct xr_nhg_info *out, unsigned int *n);

/* The multipath settings (xr_mp_cfg). */
int xr_mp_cfg_get(const struct xr_maps *m, struct xr_mp_cfg *cfg);
int xr_mp_cfg_set_policy(const struct xr_maps *m, int v6, uint8_t policy);
/* Draw the per-boot seed unless drawn (state creation, upgrade). */
int xr_mp_cfg_seed(const struct xr_maps *m);

/* A flow as the hash of abi/nhg.h reads it (IPv4: addresses in a[0]). */
struct xr_mp_flow {
	int v6;
	struct xr_in6 saddr, daddr;
	uint32_t flowlabel;    /* IPv6, host order, 20 bits */
	uint8_t proto;         /* IPv4 protocol, IPv6 next header */
	uint16_t sport, dport; /* host order */
};
/* The flow hash from seed: the L4 words (l4) or the L3 ones. Whether L4
 * applies (policy, a fragment, a protocol without ports) is the
 * caller's to say. */
uint32_t xr_mp_hash(uint32_t seed, int l4, const struct xr_mp_flow *f);
/* The next hop group gid (in use) of the family gives a hash: a next-hop
 * id; 0 when gid is not a group in use. */
uint32_t xr_nhg_member(const struct xr_maps *m, int v6, uint32_t gid,
		       uint32_t hash);

/* The flow of the IP datagram at ip (len bytes, IPv6 when v6) as the
 * fast path's hash reads it (an ICMP error: the header it quotes); 1
 * when its L4 words apply (no fragment, ports in len). */
int xr_mp_flow_of(const uint8_t *ip, size_t len, int v6, struct xr_mp_flow *f);
/* The fast path's hash of that datagram under cfg's policy. */
uint32_t xr_mp_hash_pkt(const struct xr_mp_cfg *cfg, int v6, const uint8_t *ip,
			size_t len);
/* The next hop an ICMP error about the datagram at ip takes by FIB id id:
 * id itself, or for a group the member the hash of that datagram picks,
 * as icmp_route_lookup / icmp6_send route by the offending skb's hash
 * (with the symmetric hash: the path of the flow's reverse direction);
 * 0 when none. */
uint32_t xr_nhg_resolve_pkt(const struct xr_maps *m, int v6, uint32_t id,
			    const uint8_t *ip, size_t len);

/* The member a hash picks in a group, as the fast path does (the slow
 * path's route_output, tests). */
static inline uint32_t xr_nhg_pick(const struct xr_nhg *g, uint32_t hash)
{
	return g->bucket[xr_mp_bucket(hash)];
}

#endif
