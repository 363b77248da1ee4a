/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The maps of the fast path. Defined once here; every entry program
 * (XDP, tc) includes this header, and the control plane pins each map by
 * its name under the state directory so all programs share one copy.
 */
#ifndef XR_BPF_MAPS_H
#define XR_BPF_MAPS_H
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include "../../include/xdp_router/abi.h"

/* Everything keyed by ifindex is an array: no hashing per packet.
 * xr_ifaces, xr_tx_ports and xr_proto_progs are the maps a protocol
 * handler may use too: defined once, in include/. */
#include "../../include/xdp_router/handler_maps.h"

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, XR_MAX_ADDRS4);
	__type(key, __be32);
	__type(value, struct xr_addr4);
} xr_addrs4 SEC(".maps");

/* The route table: what `route show` lists, the one source of truth
 * the FIB below is compiled from. The fast path does not read it. */
struct {
	__uint(type, BPF_MAP_TYPE_LPM_TRIE);
	__uint(max_entries, XR_MAX_ROUTES4);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, struct xr_route4_key);
	__type(value, struct xr_route4);
} xr_routes4 SEC(".maps");

/* The FIB (DIR-24-8), written by the control plane through mmap. */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, XR_FIB4_TBL24_ELEMS);
	__uint(map_flags, BPF_F_MMAPABLE);
	__type(key, __u32);
	__type(value, struct xr_fib4_chunk);
} xr_fib4_tbl24 SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, XR_FIB4_TBL8_GROUPS);
	__uint(map_flags, BPF_F_MMAPABLE);
	__type(key, __u32);
	__type(value, struct xr_fib4_group);
} xr_fib4_tbl8 SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, XR_MAX_NH4);
	__uint(map_flags, BPF_F_MMAPABLE);
	__type(key, __u32);
	__type(value, struct xr_nh4);
} xr_fib4_nh SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__uint(map_flags, BPF_F_MMAPABLE);
	__type(key, __u32);
	__type(value, struct xr_fib4_meta);
} xr_fib4_meta SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, XR_MAX_NEIGH4);
	__type(key, struct xr_neigh4_key);
	__type(value, struct xr_neigh);
} xr_neigh4 SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct xr_counters);
} xr_counters SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, XR_MAX_IFINDEX);
	__type(key, __u32);
	__type(value, struct xr_if_stats);
} xr_if_stats SEC(".maps");

/* The slow path's AF_XDP sockets (docs/slowpath.md): slots bound by the
 * daemon, and per link the run of slots it uses. */
struct {
	__uint(type, BPF_MAP_TYPE_XSKMAP);
	__uint(max_entries, XR_XSK_SLOTS);
	__type(key, __u32);
	__type(value, __u32);
} xr_xsks SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, XR_MAX_IFINDEX);
	__type(key, __u32);
	__type(value, struct xr_xsk_port);
} xr_xsk_ports SEC(".maps");

/* The tc entry's exceptions, to the daemon (docs/slowpath.md). */
struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, XR_TC_PUNT_RING);
} xr_tc_punt SEC(".maps");

/* The capture tap (`xdp-router capture`). */
struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, XR_CAPTURE_RING);
} xr_capture SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct xr_capture_cfg);
} xr_capture_cfg SEC(".maps");

/* The writers' generations (struct xr_state_gen): control plane only,
 * here so that it is created and pinned with the rest. */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct xr_state_gen);
} xr_state_gen SEC(".maps");

/* Written by the daemon only; here so that it is pinned with the rest. */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__uint(map_flags, BPF_F_MMAPABLE);
	__type(key, __u32);
	__type(value, struct xr_slow_stats);
} xr_slow_stats SEC(".maps");

/* The handler registry (docs/handlers.md): ethertype -> slot ... */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, XR_PROTO_MAX_ETH);
	__type(key, __be16);
	__type(value, struct xr_proto_ent);
} xr_proto_eth SEC(".maps");

/* ... IP protocol -> slot ... */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 256);
	__type(key, __u32);
	__type(value, struct xr_proto_ent);
} xr_proto_ip SEC(".maps");

/* ... and what is in each slot (control plane only). */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, XR_PROTO_SLOTS);
	__type(key, __u32);
	__type(value, struct xr_proto_info);
} xr_proto_info SEC(".maps");

/* What wrote the state: layout version and build (docs/state.md). */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct xr_state_info);
} xr_state_info SEC(".maps");

/* The build of the program, set at load (`link show` reads it back from
 * the running program's .rodata). */
const volatile char xr_build[XR_BUILD_LEN];

/* Make the program refer to .rodata (one instruction, no load), so that
 * the running program's maps include it. */
#define XR_BUILD_MARK() asm volatile("" :: "r"(&xr_build))

#endif
