/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The counters: the fast path's (MIB, exception reasons, others), summed
 * over CPUs; each link's packets and bytes; the slow path's (written by
 * the daemon). Their names and groups. 0 or -errno.
 */
#ifndef XR_COUNTERS_H
#define XR_COUNTERS_H

#include <stdint.h>
#include "xdp_router/abi.h"
#include "lib/state.h"

int xr_counters_read(const struct xr_maps *m, uint64_t out[XR_CNT_MAX]);
int xr_counters_reset(const struct xr_maps *m);
/* Name and group ("Ip", "Exceptions", "Other") of a counter index. */
const char *xr_counter_name(uint32_t idx);
const char *xr_counter_group(uint32_t idx);

int xr_if_stats_read(const struct xr_maps *m, uint32_t ifindex,
		     struct xr_if_stats *sum);
int xr_if_stats_reset(const struct xr_maps *m, uint32_t ifindex);

int xr_slow_stats_read(const struct xr_maps *m, struct xr_slow_stats *out);
int xr_slow_stats_reset(const struct xr_maps *m);
const char *xr_slow_name(uint32_t idx);
const char *xr_slow_group(uint32_t idx);

#endif
