/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The router's maps, named once. Each is pinned under the state
 * directory by its name, "xr_" and the name below (XR_MAP_NAME); the
 * BPF definitions (handler_maps.h, bpf/lib/maps.h), the fds of struct
 * xr_maps (user/lib/state.h) and the table of names user space opens
 * (user/lib/state.c) all follow from these lists.
 *
 * M(name, TYPE, key, value, max_entries, map_flags): a map of
 * BPF_MAP_TYPE_<TYPE>; R(name, bytes): a ring buffer (no key, no value).
 * In definition order, which is the order of the object's maps that the
 * state's layout digest follows (docs/state.md "Versions"): append.
 * The types and sizes are those of the other headers of abi/ (abi.h).
 */
#ifndef XDP_ROUTER_ABI_MAPS_H
#define XDP_ROUTER_ABI_MAPS_H

#define XR_MAP_NAME(name) "xr_" #name

/* The maps a protocol handler may use too (handler_maps.h). */
#define XR_HANDLER_MAP_LIST(M, R)                                          \
	/* Links by ifindex: MAC, MTU, XR_IF_* flags. Written by the        \
	 * control plane only: read-only to every BPF program (the          \
	 * router's and the handlers'), so the verifier refuses a handler   \
	 * that writes it. */                                               \
	M(ifaces, ARRAY, __u32, struct xr_iface, XR_MAX_IFINDEX,            \
	  BPF_F_RDONLY_PROG)                                                \
	/* dev_queue_xmit: the egress ports of the attached links, by       \
	 * ifindex (read-only to programs: the kernel makes every devmap    \
	 * so). */                                                          \
	M(tx_ports, DEVMAP, __u32, __u32, XR_MAX_IFINDEX, 0)                \
	/* ptype_base / inet_protos: the handlers by slot; slot 0 is the    \
	 * router's own path (XR_PROTO_SLOT_ROUTER), which a handler        \
	 * tail-calls to hand a packet back (a program array: programs      \
	 * cannot write it). */                                             \
	M(proto_progs, PROG_ARRAY, __u32, __u32, XR_PROTO_SLOTS, 0)

/* The router's own (bpf/lib/maps.h). Everything keyed by ifindex is an
 * array: no hashing per packet. */
#define XR_ROUTER_MAP_LIST(M, R)                                           \
	M(addrs4, HASH, __be32, struct xr_addr, XR_MAX_ADDRS4, 0)          \
	/* The route table: what `route show` lists, the one source of      \
	 * truth the FIB below is compiled from. The fast path does not     \
	 * read it. */                                                      \
	M(routes4, LPM_TRIE, struct xr_route4_key, struct xr_route4,        \
	  XR_MAX_ROUTES4, BPF_F_NO_PREALLOC)                                \
	/* The FIB's next hops (the FIB itself: fib4_dir ... below). */     \
	M(fib4_nh, ARRAY, __u32, struct xr_nh4, XR_MAX_NH4, BPF_F_MMAPABLE) \
	M(neigh4, HASH, struct xr_neigh4_key, struct xr_neigh,              \
	  XR_MAX_NEIGH4, 0)                                                 \
	M(counters, PERCPU_ARRAY, __u32, struct xr_counters, 1, 0)          \
	M(if_stats, PERCPU_ARRAY, __u32, struct xr_if_stats,                \
	  XR_MAX_IFINDEX, 0)                                                \
	/* The slow path's AF_XDP sockets (docs/slowpath.md): slots bound   \
	 * by the daemon, and per link the run of slots it uses. */         \
	M(xsks, XSKMAP, __u32, __u32, XR_XSK_SLOTS, 0)                      \
	M(xsk_ports, ARRAY, __u32, struct xr_xsk_port, XR_MAX_IFINDEX, 0)   \
	/* The tc entry's exceptions, to the daemon (docs/slowpath.md). */  \
	R(tc_punt, XR_TC_PUNT_RING)                                         \
	/* The capture tap (`xdp-router capture`). */                       \
	R(capture, XR_CAPTURE_RING)                                         \
	M(capture_cfg, ARRAY, __u32, struct xr_capture_cfg, 1, 0)           \
	/* The writers' generations (struct xr_state_gen): control plane    \
	 * only, here so that it is created and pinned with the rest. */    \
	M(state_gen, ARRAY, __u32, struct xr_state_gen, 1, 0)               \
	/* Written by the daemon only; here so that it is pinned with the   \
	 * rest. */                                                         \
	M(slow_stats, ARRAY, __u32, struct xr_slow_stats, 1, BPF_F_MMAPABLE)\
	/* The handler registry (docs/handlers.md): ethertype -> slot ... */\
	M(proto_eth, HASH, __be16, struct xr_proto_ent, XR_PROTO_MAX_ETH, 0)\
	/* ... IP protocol -> slot ... */                                   \
	M(proto_ip, ARRAY, __u32, struct xr_proto_ent, 256, 0)              \
	/* ... and what is in each slot (control plane only). */            \
	M(proto_info, ARRAY, __u32, struct xr_proto_info, XR_PROTO_SLOTS, 0)\
	/* What wrote the state: layout version and build (docs/state.md). */\
	M(state_info, ARRAY, __u32, struct xr_state_info, 1, 0)          \
	/* IPv6, as IPv4's above: addresses, routes, the FIB's next hops,  \
	 * neighbours (ndisc). */                                           \
	M(addrs6, HASH, struct xr_in6, struct xr_addr, XR_MAX_ADDRS6, 0)    \
	M(routes6, LPM_TRIE, struct xr_route6_key, struct xr_route6,        \
	  XR_MAX_ROUTES6, BPF_F_NO_PREALLOC)                                \
	M(fib6_nh, ARRAY, __u32, struct xr_nh6, XR_MAX_NH6, BPF_F_MMAPABLE) \
	M(neigh6, HASH, struct xr_neigh6_key, struct xr_neigh,              \
	  XR_MAX_NEIGH6, 0)                                                 \
	/* The handler registry's IPv6 next header -> slot. */              \
	M(proto_ip6, ARRAY, __u32, struct xr_proto_ent, 256, 0)            \
	/* ECMP (abi/nhg.h): next-hop groups per family, written by the     \
	 * control plane through mmap, and the multipath hash settings. */  \
	M(fib4_nhg, ARRAY, __u32, struct xr_nhg, XR_MAX_NHG, BPF_F_MMAPABLE)\
	M(fib6_nhg, ARRAY, __u32, struct xr_nhg, XR_MAX_NHG, BPF_F_MMAPABLE)\
	M(mp_cfg, ARRAY, __u32, struct xr_mp_cfg, 1, 0)                    \
	/* Following the kernel (abi/sync.h): mode, counters; the fast      \
	 * path reads its flags. */                                         \
	M(sync, ARRAY, __u32, struct xr_sync, 1, 0)                        \
	/* The FIB of each family: a Poptrie (abi/poptrie.h), written by    \
	 * the control plane through mmap. The fast path reads dir, node    \
	 * and leaf; page (the allocator) and ptmeta are the control        \
	 * plane's. Before state layout 3 the FIB was DIR-24-8 (fib4_tbl24, \
	 * fib4_tbl8, fib4_meta, fib6_tbl16, fib6_tbl8, fib6_meta):         \
	 * `upgrade` builds these from the route table and unpins those.    \
	 */                                                                 \
	M(fib4_dir, ARRAY, __u32, struct xr_pt_chunk, XR_PT4_DIRECT_ELEMS,  \
	  BPF_F_MMAPABLE)                                                   \
	M(fib4_node, ARRAY, __u32, struct xr_pt_node, XR_PT4_NODES,         \
	  BPF_F_MMAPABLE)                                                   \
	M(fib4_leaf, ARRAY, __u32, struct xr_pt_chunk, XR_PT4_LEAF_ELEMS,   \
	  BPF_F_MMAPABLE)                                                   \
	M(fib4_page, ARRAY, __u32, struct xr_pt_page, XR_PT4_PAGES,         \
	  BPF_F_MMAPABLE)                                                   \
	M(fib4_ptmeta, ARRAY, __u32, struct xr_pt_meta, 1, BPF_F_MMAPABLE)  \
	M(fib6_dir, ARRAY, __u32, struct xr_pt_chunk, XR_PT6_DIRECT_ELEMS,  \
	  BPF_F_MMAPABLE)                                                   \
	M(fib6_node, ARRAY, __u32, struct xr_pt_node, XR_PT6_NODES,         \
	  BPF_F_MMAPABLE)                                                   \
	M(fib6_leaf, ARRAY, __u32, struct xr_pt_chunk, XR_PT6_LEAF_ELEMS,   \
	  BPF_F_MMAPABLE)                                                   \
	M(fib6_page, ARRAY, __u32, struct xr_pt_page, XR_PT6_PAGES,         \
	  BPF_F_MMAPABLE)                                                   \
	M(fib6_ptmeta, ARRAY, __u32, struct xr_pt_meta, 1, BPF_F_MMAPABLE)

/* Every map, in definition order. */
#define XR_MAP_LIST(M, R) XR_HANDLER_MAP_LIST(M, R) XR_ROUTER_MAP_LIST(M, R)

#endif
