/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Next-hop groups (ECMP): xr_fib4_nhg, xr_fib6_nhg, and the multipath
 * settings xr_mp_cfg. A FIB entry (fib4.h, fib6.h) names a next hop, or,
 * with XR_FIB_NHG in its id, a group: a table of buckets, each naming one
 * member next hop of the family's xr_fibN_nh, chosen by a flow hash
 * (xr_mp_hash below) as the kernel's fib_select_multipath chooses by
 * fib_multipath_hash. See docs/fib.md "Next-hop groups".
 */
#ifndef XDP_ROUTER_ABI_NHG_H
#define XDP_ROUTER_ABI_NHG_H

#include "types.h"

#define XR_MAX_NHG          4096      /* groups per family; slot 0 unused */
#define XR_NHG_BUCKETS      128       /* a power of two */
#define XR_NHG_MAX_MEMBERS  64
#define XR_NHG_WEIGHT_MAX   256       /* weights 1 .. 256, as ip's */

/* In a FIB entry's id (either family): the rest of the id is a group's
 * slot in xr_fibN_nhg, not a next hop's. */
#define XR_FIB_NHG          0x00100000u

struct xr_nhg_member {
	__u32 nh;              /* next-hop id in the family's xr_fibN_nh */
	__u16 weight;          /* 1 .. XR_NHG_WEIGHT_MAX */
	__u16 pad;
};

/*
 * A group. The fast path reads bucket[] only: bucket[hash & (BUCKETS-1)]
 * is the next-hop id to use. The control plane writes a bucket with a
 * single 32-bit store, so a reader sees the old member or the new one.
 * ideal[] says which member owns each bucket when every member is
 * usable (buckets in proportion to the weights); a bucket whose owner is
 * unusable (link down, neighbour FAILED: XR_ADJ_* of its rewrite) is
 * lent to a usable member and given back when its owner returns, and
 * no other bucket moves (resilient hashing). A slot is free when nmemb
 * is 0.
 */
struct xr_nhg {
	__u32 bucket[XR_NHG_BUCKETS];
	__u8  nmemb;           /* members; 0: slot free */
	__u8  pad[3];
	__u32 refcnt;          /* routes using it (control plane only) */
	__u8  ideal[XR_NHG_BUCKETS];   /* bucket -> index in memb[] */
	struct xr_nhg_member memb[XR_NHG_MAX_MEMBERS];  /* sorted by nh */
};

/* xr_mp_cfg: one element. The kernel's fib_multipath_hash_policy per
 * family (net.ipv4. and net.ipv6.fib_multipath_hash_policy, 0 and 1). */
enum xr_mp_policy {
	XR_MP_L3 = 0,          /* source, destination (IPv6: and flow label,
				* next header) */
	XR_MP_L4 = 1,          /* the 5-tuple; L3 for a fragment or a
				* protocol without ports */
};

struct xr_mp_cfg {
	__u32 seed;            /* per boot: drawn when the state is made */
	__u8  policy4;         /* enum xr_mp_policy */
	__u8  policy6;
	__u8  seeded;          /* 1 once seed is drawn */
	__u8  pad;
};

/*
 * The flow hash, the same in the fast path and in user space (the slow
 * path, tests): murmur3's 32-bit mix over words in host order, then its
 * finalizer. The words, per family and policy (ports: sport << 16 |
 * dport, host order; addresses as four bytes in network order read as
 * a host-order __u32, i.e. the raw __be32):
 *   IPv4 L3: saddr, daddr
 *   IPv4 L4: saddr, daddr, protocol, ports
 *   IPv6 L3: saddr[0..3], daddr[0..3], flow label | next header << 24
 *   IPv6 L4: saddr[0..3], daddr[0..3], next header, ports
 * An ICMP or ICMPv6 error is hashed on the header it quotes (its
 * addresses as they are, and its ports under L4), so it follows the
 * flow it is about, as the kernel's ip_multipath_l3_keys does.
 */
static inline __u32 xr_mp_rotl(__u32 x, int r)
{
	return (x << r) | (x >> (32 - r));
}

static inline __u32 xr_mp_mix(__u32 h, __u32 k)
{
	k *= 0xcc9e2d51u;
	k = xr_mp_rotl(k, 15);
	k *= 0x1b873593u;
	h ^= k;
	h = xr_mp_rotl(h, 13);
	return h * 5 + 0xe6546b64u;
}

static inline __u32 xr_mp_final(__u32 h, __u32 nwords)
{
	h ^= nwords * 4;
	h ^= h >> 16;
	h *= 0x85ebca6bu;
	h ^= h >> 13;
	h *= 0xc2b2ae35u;
	h ^= h >> 16;
	return h;
}

/* The bucket a hash falls in. */
static inline __u32 xr_mp_bucket(__u32 hash)
{
	return hash & (XR_NHG_BUCKETS - 1);
}

#endif
