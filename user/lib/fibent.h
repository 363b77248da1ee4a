/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A FIB entry of either family (abi/fib4.h, abi/fib6.h): VALID, the
 * prefix length of the route it comes from, the next hop or group id.
 * What the Poptrie stores in its leaves and direct entries.
 */
#ifndef XR_FIBENT_H
#define XR_FIBENT_H

#include <stdint.h>
#include "xdp_router/abi.h"

static inline uint32_t xr_fib4_entry(uint8_t depth, uint32_t id)
{
	return XR_FIB4_VALID | (uint32_t)depth << XR_FIB4_DEPTH_SHIFT |
	       (id & XR_FIB4_ID_MASK);
}

static inline uint8_t xr_fib4_depth(uint32_t e)
{
	return (e >> XR_FIB4_DEPTH_SHIFT) & XR_FIB4_DEPTH_MASK;
}

static inline uint32_t xr_fib6_entry(uint8_t depth, uint32_t id)
{
	return XR_FIB6_VALID | (uint32_t)depth << XR_FIB6_DEPTH_SHIFT |
	       (id & XR_FIB6_ID_MASK);
}

static inline uint8_t xr_fib6_depth(uint32_t e)
{
	return (e >> XR_FIB6_DEPTH_SHIFT) & XR_FIB6_DEPTH_MASK;
}

#endif
