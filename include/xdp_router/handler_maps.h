/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The router's maps that a protocol handler may use, defined once: the
 * router's own programs (bpf/lib/maps.h) and handlers (handler.h) both
 * include this. When `xdp-router proto add` loads a handler, a map of
 * one of these names is the router's pinned map, not a new one.
 *
 * BPF side: vmlinux.h, when used, comes first; else <linux/bpf.h>.
 */
#ifndef XDP_ROUTER_HANDLER_MAPS_H
#define XDP_ROUTER_HANDLER_MAPS_H

#ifndef __VMLINUX_H__
#include <linux/bpf.h>
#endif
#include <bpf/bpf_helpers.h>
#include "abi.h"

/* Links by ifindex: MAC, MTU, XR_IF_* flags. Written by the control
 * plane only: read-only to every BPF program (the router's and the
 * handlers'), so the verifier refuses a handler that writes it. */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(map_flags, BPF_F_RDONLY_PROG);
	__uint(max_entries, XR_MAX_IFINDEX);
	__type(key, __u32);
	__type(value, struct xr_iface);
} xr_ifaces SEC(".maps");

/* dev_queue_xmit: the egress ports of the attached links, by ifindex
 * (read-only to programs: the kernel makes every devmap so). */
struct {
	__uint(type, BPF_MAP_TYPE_DEVMAP);
	__uint(max_entries, XR_MAX_IFINDEX);
	__type(key, __u32);
	__type(value, __u32);
} xr_tx_ports SEC(".maps");

/* ptype_base / inet_protos: the handlers by slot; slot 0 is the router's
 * own path (XR_PROTO_SLOT_ROUTER), which a handler tail-calls to hand a
 * packet back (a program array: programs cannot write it). */
struct {
	__uint(type, BPF_MAP_TYPE_PROG_ARRAY);
	__uint(max_entries, XR_PROTO_SLOTS);
	__type(key, __u32);
	__type(value, __u32);
} xr_proto_progs SEC(".maps");

#endif
