/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Attaching the fast path to a link and keeping the link's facts (MAC,
 * MTU, addresses, connected routes) in the maps.
 */
#ifndef XR_IFACE_H
#define XR_IFACE_H

#include <stdint.h>
#include "lib/state.h"

#define XR_PROG_NAME "xdp_router"
#define XR_TC_PROG_NAME "xdp_router_tc"
/* Our filter on clsact ingress: handle and priority. */
#define XR_TC_HANDLE 0x5852
#define XR_TC_PRIO   1

/* Our program on ifindex: its id (0: none) and the mode it runs in. */
uint32_t xr_iface_prog(uint32_t ifindex, int *mode);
/* Attach (mode XR_MODE_NATIVE, XR_MODE_GENERIC or XR_MODE_TC). Maps first, then the
 * program; on failure the maps are left as they were. */
int xr_iface_attach(struct xr_state *st, uint32_t ifindex, int mode);
/* Put this build's program in place of ours on ifindex, atomically (no
 * frame meets no program): an XDP replace, or tc filter replace. */
int xr_iface_replace(struct xr_state *st, uint32_t ifindex);
/* Detach our program and remove what attach added. */
int xr_iface_detach(struct xr_state *st, uint32_t ifindex);
/* (Re)write the link's entry, addresses and connected routes. The link
 * counts as up when it is administratively up; with carrier set, only
 * when it also has carrier (the daemon's link watch, which follows it). */
int xr_iface_sync(const struct xr_maps *m, uint32_t ifindex, int mode);
int xr_iface_sync_carrier(const struct xr_maps *m, uint32_t ifindex, int mode,
			  int carrier);
/* Remove the link's entry, addresses and connected routes. */
void xr_iface_forget(const struct xr_maps *m, uint32_t ifindex);
const char *xr_mode_name(int mode);
/* "xdp" or "tc" */
const char *xr_hook_name(int mode);
struct xr_ifaddr4;
struct xr_route4;
/* The connected route an address of the link brings (proto kernel). */
void xr_connected_route(uint32_t ifindex, const struct xr_ifaddr4 *a,
			struct xr_route4 *rt);

struct xr_ifaddr6;
struct xr_route6;
/* IPv6 (iface6.c): the link's addresses, their local entries and
 * connected routes written anew; removed. */
int xr_iface_sync6(const struct xr_maps *m, uint32_t ifindex);
void xr_iface_forget6(const struct xr_maps *m, uint32_t ifindex);
/* Whether the kernel's IPv6 addresses of the link differ from those the
 * maps hold for it (the daemon's link watch then syncs the link). */
int xr_iface_addrs6_differ(const struct xr_maps *m, uint32_t ifindex);
/* Whether an address brings a connected route (not link-local, not
 * noprefixroute), and the route. */
int xr_addr6_has_route(const struct xr_ifaddr6 *a);
void xr_connected_route6(uint32_t ifindex, const struct xr_ifaddr6 *a,
			 struct xr_route6 *rt);

#endif
