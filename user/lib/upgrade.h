/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Opening state another build wrote (docs/state.md "Upgrades"): every
 * map this build defines is compared with its pin; maps that are new
 * are created, maps whose layout changed are copied into new ones that
 * replace their pins atomically, and what cannot be converted is refused
 * with one line naming the map, before anything changes.
 */
#ifndef XR_UPGRADE_H
#define XR_UPGRADE_H

#include <stdint.h>
#include "xdp_router/abi.h"

/*
 * Make the state in dir this build's. apply 0: only check; state that
 * needs converting gets one line saying so and -EIO. apply 1: convert.
 * A state never stamped (just created) is stamped either way.
 */
int xr_state_upgrade(const char *dir, int apply);
struct xr_state;
/* Opened state whose DIR-24-8 FIB maps are still pinned (an upgrade
 * from layout 2 or before): apply 1 fills the Poptrie from the route
 * table and unpins them (under the exclusive lock, before any program is
 * replaced); apply 0 refuses with one line. 0 when none is pinned. */
int xr_upgrade_fib(struct xr_state *st, int apply);
/* This build's layout: XR_STATE_LAYOUT and the digest of its maps. */
int xr_layout_self(struct xr_state_info *si);
/* What dir says wrote it; layout 1 (and no build) before versions.
 * -ENOENT: no state there. */
int xr_layout_of_state(const char *dir, struct xr_state_info *si);

#endif
