/* SPDX-License-Identifier: GPL-2.0 */
/*
 * xdp-router ABI: every struct, enum and name that crosses the boundary
 * between the BPF programs (bpf/) and the control plane (user/).
 * One definition, included by both sides; one header per topic in abi/,
 * each of which compiles alone.
 *
 * BPF side: include after vmlinux.h. User side: include after <linux/types.h>
 * (or first: abi/types.h includes it when vmlinux.h was not).
 */
#ifndef XDP_ROUTER_ABI_H
#define XDP_ROUTER_ABI_H

#include "abi/types.h"
#include "abi/maps.h"      /* the maps, named once */
#include "abi/counters.h"  /* xr_counters: MIB, exception reasons, others */
#include "abi/link.h"      /* xr_ifaces, xr_if_stats */
#include "abi/route.h"     /* xr_addrs4, xr_routes4, struct xr_addr */
#include "abi/adj.h"       /* a next hop's rewrite (both families) */
#include "abi/poptrie.h"   /* the FIB's structure, both families */
#include "abi/fib4.h"      /* xr_fib4_*: entries, geometry, next hops */
#include "abi/route6.h"    /* xr_addrs6, xr_routes6, struct xr_in6 */
#include "abi/fib6.h"      /* xr_fib6_*: entries, geometry, next hops */
#include "abi/nhg.h"       /* next-hop groups (ECMP), flow hash */
#include "abi/neigh.h"     /* xr_neigh4, xr_neigh6, NUD states */
#include "abi/slowpath.h"  /* punt metadata, AF_XDP, tc ring, xr_slow_stats */
#include "abi/verdict.h"   /* enum xr_verdict and its names */
#include "abi/capture.h"   /* the capture tap's ring and record */
#include "abi/proto.h"     /* protocol handlers: registry, handler meta */
#include "abi/state.h"     /* writers' generations, versions */
#include "abi/probe.h"     /* route get's answer from the probe */
#include "abi/sync.h"      /* following the kernel: mode, counters */

#endif /* XDP_ROUTER_ABI_H */
