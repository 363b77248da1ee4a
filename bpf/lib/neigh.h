/* SPDX-License-Identifier: GPL-2.0 */
/*
 * neigh_output: the next hop's MAC from a family's neighbour table (IPv4:
 * the ARP table, ipv4_neigh_lookup; IPv6: ndisc's, ipv6_neigh_lookup),
 * and the Ethernet header rewrite the kernel does from its hh cache (any
 * family).
 */
#ifndef XR_BPF_NEIGH_H
#define XR_BPF_NEIGH_H
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include "../../include/xdp_router/abi.h"
#include "maps.h"
#include "eth.h"

/* An entry's lladdr is usable in its state (NUD_VALID). */
static __always_inline struct xr_neigh *neigh_valid(struct xr_neigh *n)
{
	return n && (n->state & XR_NUD_VALID) ? n : NULL;
}

/* __ipv4_neigh_lookup: addr's entry on ifindex, if its state is valid. */
static __always_inline struct xr_neigh *ipv4_neigh_lookup(__u32 ifindex,
							  __be32 addr)
{
	struct xr_neigh4_key key = { .ifindex = ifindex, .addr = addr };

	return neigh_valid(bpf_map_lookup_elem(&xr_neigh4, &key));
}

/* __ipv6_neigh_lookup (ndisc's table), likewise. */
static __always_inline struct xr_neigh *
ipv6_neigh_lookup(__u32 ifindex, const struct xr_in6 *addr)
{
	struct xr_neigh6_key key = { .ifindex = ifindex, .addr = *addr };

	return neigh_valid(bpf_map_lookup_elem(&xr_neigh6, &key));
}

/* neigh_hh_output: the cached header, the adjacency's MACs. */
static __always_inline void neigh_hh_output(struct ethhdr *eth,
					    const __u8 *dmac,
					    const struct xr_adj *adj)
{
	mac_copy(eth->h_dest, dmac);
	mac_copy(eth->h_source, adj->smac);
}

#endif
