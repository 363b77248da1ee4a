/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The maps of the fast path, defined from the one list of them
 * (include/xdp_router/abi/maps.h); every entry program (XDP, tc)
 * includes this header, and the control plane pins each map by its name
 * under the state directory so all programs share one copy.
 */
#ifndef XR_BPF_MAPS_H
#define XR_BPF_MAPS_H
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include "../../include/xdp_router/abi.h"

/* xr_ifaces, xr_tx_ports and xr_proto_progs are the maps a protocol
 * handler may use too: defined in include/, with XR_BPF_MAP. */
#include "../../include/xdp_router/handler_maps.h"

/* The rest of the router's maps, as XR_ROUTER_MAP_LIST lists them
 * (include/xdp_router/abi/maps.h, which says what each is for). */
XR_ROUTER_MAP_LIST(XR_BPF_MAP, XR_BPF_RINGBUF)

/* The build of the program, set at load (`link show` reads it back from
 * the running program's .rodata). */
const volatile char xr_build[XR_BUILD_LEN];

/* Make the program refer to .rodata (one instruction, no load), so that
 * the running program's maps include it. */
#define XR_BUILD_MARK() asm volatile("" :: "r"(&xr_build))

#endif
