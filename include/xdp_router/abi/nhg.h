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
 * A group. The fast path reads bucket[] only: bucket[xr_mp_bucket(hash)]
 * (the hash's top bits) is the next-hop id to use. The control plane
 * writes a bucket with a single 32-bit store, so a reader sees the old
 * member or the new one.
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
 * path, tests). A sum of independent products, so that no word waits
 * for another (murmur3's mix, before, was a serial chain per word):
 *   acc = seed + sum of (__u64)word_i * XR_MP_Ki   (64 bits, mod 2^64)
 *   acc ^= acc >> 29; acc *= XR_MP_KF; hash = acc >> 32
 * and the bucket is the hash's top bits (xr_mp_bucket), the best mixed.
 * The words, by position i (ports: sport << 16 | dport, host order;
 * addresses as four bytes in network order read as a host-order __u32,
 * i.e. the raw __be32):
 *   IPv4 L3: lo, hi
 *   IPv4 L4: lo, hi, protocol, ports
 *   IPv6 L3: lo[0..3], hi[0..3], flow label | next header << 24
 *   IPv6 L4: lo[0..3], hi[0..3], next header, ports
 * Symmetric, as the kernel's __flow_hash_consistentify: lo is the lower
 * of the two addresses (compared as __u32 words in order, the first
 * difference deciding), and when the destination comes first the ports
 * are swapped with the addresses (equal addresses: the lower port
 * first), so A->B and B->A hash alike (IPv6 L3: with the same flow
 * label). An ICMP or ICMPv6 error is hashed on the header it quotes
 * (its ports too under L4), so it takes the path of the flow it is
 * about, as the kernel's ip_multipath_l3_keys does; with the symmetry,
 * an error going back to A that quotes A->B takes the path of B->A.
 */
#define XR_MP_K0  0x9e3779b97f4a7c15ull
#define XR_MP_K1  0xbf58476d1ce4e5b9ull
#define XR_MP_K2  0x94d049bb133111ebull
#define XR_MP_K3  0xd6e8feb86659fd93ull
#define XR_MP_K4  0xa0761d6478bd642full
#define XR_MP_K5  0xe7037ed1a0b428dbull
#define XR_MP_K6  0x8ebc6af09c88c6e3ull
#define XR_MP_K7  0x589965cc75374cc3ull
#define XR_MP_K8  0x1d8e4e27c47d124full
#define XR_MP_K9  0xc2b2ae3d27d4eb4full
#define XR_MP_KF  0xbf58476d1ce4e5b9ull     /* the final multiply */

/* The protocols whose first four bytes are ports, the only ones the L4
 * words apply to (the kernel's proto_ports_offset, less ESP and AH):
 * TCP, UDP, DCCP, SCTP, UDP-Lite. */
static inline int xr_mp_has_ports(__u32 proto)
{
	return proto == 6 || proto == 17 || proto == 33 || proto == 132 ||
	       proto == 136;
}

/* 1 when address a (n words: 1 or 4) is above b. */
static inline int xr_mp_above(const __u32 *a, const __u32 *b, __u32 n)
{
	__u32 i;

	for (i = 0; i + 1 < n; i++)
		if (a[i] != b[i])
			return a[i] > b[i];
	return a[n - 1] > b[n - 1];
}

/* 1 when the destination's end comes first (the kernel's swap): the
 * lower address, or with equal addresses the lower port. n: address
 * words (1 or 4); ports: sport << 16 | dport (0 without ports). */
static inline int xr_mp_swap(const __u32 *s, const __u32 *d, __u32 n,
			     __u32 ports)
{
	if (xr_mp_above(s, d, n))
		return 1;
	return !xr_mp_above(d, s, n) && (ports & 0xffff) < (ports >> 16);
}

/* The ports word, swapped with the addresses. */
static inline __u32 xr_mp_ports_word(__u32 ports, int swap)
{
	return swap ? (ports << 16 | ports >> 16) : ports;
}

/* The address words' sum from seed: IPv4 (n 1) words 0, 1; IPv6 (n 4)
 * words 0 to 7, the lower address first. */
static inline __u64 xr_mp_addrs(__u32 seed, const __u32 *s, const __u32 *d,
				__u32 n, int swap)
{
	const __u32 *lo = swap ? d : s, *hi = swap ? s : d;

	if (n == 1)
		return seed + lo[0] * XR_MP_K0 + hi[0] * XR_MP_K1;
	return seed + lo[0] * XR_MP_K0 + lo[1] * XR_MP_K1 +
	       lo[2] * XR_MP_K2 + lo[3] * XR_MP_K3 + hi[0] * XR_MP_K4 +
	       hi[1] * XR_MP_K5 + hi[2] * XR_MP_K6 + hi[3] * XR_MP_K7;
}

/* The hash of a sum. */
static inline __u32 xr_mp_final(__u64 acc)
{
	acc ^= acc >> 29;
	acc *= XR_MP_KF;
	return (__u32)(acc >> 32);
}

/* The flow hashes, from the words' parts. IPv4 L3 / L4: */
static inline __u32 xr_mp_hash4(__u32 seed, const __u32 *s, const __u32 *d)
{
	return xr_mp_final(xr_mp_addrs(seed, s, d, 1, xr_mp_swap(s, d, 1, 0)));
}

/* L4 for n address words (1 or 4): protocol and ports come after the
 * addresses (positions 2, 3 or 8, 9). Always inline: a BPF call takes 5
 * arguments at most. */
static inline __attribute__((always_inline)) __u32
xr_mp_hash_l4(__u32 seed, const __u32 *s, const __u32 *d, __u32 n,
	      __u32 proto, __u32 ports)
{
	int swap = xr_mp_swap(s, d, n, ports);
	__u64 kp = n == 1 ? XR_MP_K2 : XR_MP_K8;
	__u64 kq = n == 1 ? XR_MP_K3 : XR_MP_K9;

	return xr_mp_final(xr_mp_addrs(seed, s, d, n, swap) + proto * kp +
			   xr_mp_ports_word(ports, swap) * kq);
}

static inline __u32 xr_mp_hash4_l4(__u32 seed, const __u32 *s,
				   const __u32 *d, __u32 proto, __u32 ports)
{
	return xr_mp_hash_l4(seed, s, d, 1, proto, ports);
}

/* IPv6 L3 (label: the 20-bit flow label) / L4: */
static inline __u32 xr_mp_hash6(__u32 seed, const __u32 *s, const __u32 *d,
				__u32 label, __u32 proto)
{
	return xr_mp_final(xr_mp_addrs(seed, s, d, 4, xr_mp_swap(s, d, 4, 0)) +
			   ((label & 0xfffff) | proto << 24) * XR_MP_K8);
}

static inline __u32 xr_mp_hash6_l4(__u32 seed, const __u32 *s,
				   const __u32 *d, __u32 proto, __u32 ports)
{
	return xr_mp_hash_l4(seed, s, d, 4, proto, ports);
}

/* The bytes of a frame, from its start (the 14-byte Ethernet header),
 * that the hash reads at most: a header, ICMP quote or ports past them
 * is as if absent. The tc entry is sure to have this much linear (its
 * XR_TC_PULL), XDP has the whole first buffer: the cap makes both read
 * the same, so that a flow takes one member at either hook. */
#define XR_MP_HASH_LEN      134

/* The bucket a hash falls in: its top bits. */
_Static_assert((XR_NHG_BUCKETS & (XR_NHG_BUCKETS - 1)) == 0,
	       "XR_NHG_BUCKETS: a power of two");
#define XR_NHG_BUCKET_SHIFT (32 - __builtin_ctz(XR_NHG_BUCKETS))

static inline __u32 xr_mp_bucket(__u32 hash)
{
	return hash >> XR_NHG_BUCKET_SHIFT;
}

#endif
