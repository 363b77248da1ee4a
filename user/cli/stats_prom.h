/* SPDX-License-Identifier: GPL-2.0 */
/* The metrics in the Prometheus text format (docs/metrics.md). */
#ifndef XR_STATS_PROM_H
#define XR_STATS_PROM_H

#include <stdio.h>
#include "lib/state.h"

/* Every metric, read from m (NULL: no state; the counters are zero),
 * to f; 0, or -errno after one error line. */
int xr_stats_prom_print(FILE *f, const struct xr_maps *m);
/* The same into path atomically (lib/textfile.h); 0, or 1 after one
 * error line. */
int xr_stats_prom_textfile(const struct xr_maps *m, const char *path);

#endif
