/* SPDX-License-Identifier: GPL-2.0 */
/* What the control plane keeps about the state itself (docs/state.md):
 * the writers' generations (xr_state_gen) and versions (xr_state_info). */
#ifndef XDP_ROUTER_ABI_STATE_H
#define XDP_ROUTER_ABI_STATE_H

#include "types.h"

/* ------------------------------------------------------------------ */
/* Writers' generations (docs/state.md, Locking): bumped by every writer */
/* that takes the state's exclusive lock, so that a batch checked under  */
/* the shared lock knows whether it must check again. Control plane only.*/
/* ------------------------------------------------------------------ */
enum {
	XR_GEN_CONFIG = 0,     /* links, addresses, routes, handlers, ... */
	XR_GEN_NEIGH = 1,      /* neighbours (the daemon's learned ones too) */
	XR_GEN_N = 2,
};

struct xr_state_gen {
	__u64 gen[XR_GEN_N];
};

/* ------------------------------------------------------------------ */
/* Versions (docs/state.md "Versions")                                 */
/* ------------------------------------------------------------------ */
/* xr_state_info: one entry, written by `xdp-router upgrade` and by the
 * build that created the state. layout: XR_STATE_LAYOUT of that build;
 * maps: a digest of every map's type, key and value size, entries and
 * flags, so any change of a map definition shows. */
#define XR_STATE_LAYOUT   3            /* 1: before xr_state_info; 2: DIR-24-8 FIB */
#define XR_BUILD_LEN      48

struct xr_state_info {
	__u32 layout;
	__u32 maps;
	char  build[XR_BUILD_LEN];     /* the build that wrote the state */
};

#endif
