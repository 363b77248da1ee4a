/* SPDX-License-Identifier: GPL-2.0 */
/* CLOCK_MONOTONIC in nanoseconds: the one clock of neighbour ages, the
 * daemon's timers and xr_sync's times. */
#ifndef XR_LIB_CLOCK_H
#define XR_LIB_CLOCK_H

#include <stdint.h>
#include <time.h>

static inline uint64_t xr_mono_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

#endif
