/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The router's maps that a protocol handler may use, defined once: the
 * router's own programs (bpf/lib/maps.h) and handlers (handler.h) both
 * include this. When `xdp-router proto add` loads a handler, a map of
 * one of these names is the router's pinned map, not a new one:
 *
 *   xr_ifaces       links by ifindex (struct xr_iface), read-only
 *   xr_tx_ports     the devmap of the attached links, by ifindex
 *   xr_proto_progs  the handlers by slot; slot 0 the router's own path
 *
 * Their definitions follow from XR_HANDLER_MAP_LIST (abi/maps.h), which
 * says more about each.
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

/* A BTF-defined map of XR_MAP_LIST (abi/maps.h), and a ring buffer. */
#define XR_BPF_MAP(name, t, k, v, n, fl)                \
	struct {                                        \
		__uint(type, BPF_MAP_TYPE_##t);         \
		__uint(max_entries, n);                 \
		__uint(map_flags, fl);                  \
		__type(key, k);                         \
		__type(value, v);                       \
	} xr_##name SEC(".maps");
#define XR_BPF_RINGBUF(name, bytes)                     \
	struct {                                        \
		__uint(type, BPF_MAP_TYPE_RINGBUF);     \
		__uint(max_entries, bytes);             \
	} xr_##name SEC(".maps");

XR_HANDLER_MAP_LIST(XR_BPF_MAP, XR_BPF_RINGBUF)

#endif
