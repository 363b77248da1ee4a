/* SPDX-License-Identifier: GPL-2.0 */
/* The metrics in the Prometheus text format (docs/metrics.md). */
#ifndef XR_STATS_PROM_H
#define XR_STATS_PROM_H

#include <stdint.h>
#include <stdio.h>
#include "lib/state.h"

/* A table of counters (stats and its metrics): n of them, their names,
 * groups and values; skip an index left out (n: none). */
struct xr_ctab {
	uint32_t n;
	const char *(*name)(uint32_t idx);
	const char *(*group)(uint32_t idx);
	const uint64_t *v;
	uint32_t skip;
};
/* The mirror's counters (xr_sync_counter_name): one group, KernelSync. */
const char *xr_sync_group(uint32_t idx);

/* Every metric, read from m (NULL: no state; the counters are zero),
 * to f; 0, or -errno after one error line. */
int xr_stats_prom_print(FILE *f, const struct xr_maps *m);
/* The same into path atomically (lib/textfile.h); 0, or 1 after one
 * error line. */
int xr_stats_prom_textfile(const struct xr_maps *m, const char *path);

#endif
