/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The writers' generations (xr_state_gen, docs/state.md "Locking"):
 * whoever takes the state's exclusive lock to write bumps the kinds it
 * may change, so that a batch checked under the shared lock sees, once
 * it holds the exclusive one, whether what it checked may have moved.
 */
#ifndef XR_GEN_H
#define XR_GEN_H

#include "xdp_router/abi.h"
#include "lib/state.h"

#define XR_GEN_ALL ((1u << XR_GEN_N) - 1)

/* The current generations (all 0 without the map). */
int xr_gen_read(const struct xr_maps *m, struct xr_state_gen *g);
/* Bump the generations of the kinds in mask (1u << XR_GEN_...); under
 * the exclusive lock. */
int xr_gen_bump(const struct xr_maps *m, unsigned int mask);
/* The kinds in mask whose generation differs between a and b. */
unsigned int xr_gen_moved(const struct xr_state_gen *a,
			  const struct xr_state_gen *b, unsigned int mask);

#endif
