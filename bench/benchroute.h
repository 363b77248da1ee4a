/* SPDX-License-Identifier: GPL-2.0 */
/*
 * make bench, ECMP (issue 14): one route via a single next hop or via a
 * group of next hops, switched in place through the library as `route
 * replace` switches it; what bench (benchecmp.c) and fwdbench
 * (fwdecmp.c) compare.
 */
#ifndef XR_BENCHROUTE_H
#define XR_BENCHROUTE_H

#include <stdint.h>
#include "xdp_router/abi.h"
#include "lib/state.h"

#define BENCH_ECMP_MAX 8       /* members at most */

struct bench_ecmp_route {
	int v6;
	struct xr_in6 dst;     /* IPv4: dst.a[0] */
	uint8_t plen;
	uint32_t ifindex;      /* every member's link */
	struct xr_in6 gw[BENCH_ECMP_MAX];  /* IPv4: gw[k].a[0] */
	unsigned int ngw;
};

/* "PREFIX=GW,GW,..." (either family) on ifindex; -1 with a message on
 * stderr when it is not that. */
int bench_route_parse(struct bench_ecmp_route *r, const char *text,
		      uint32_t ifindex);
/* The route via gw[0] alone (members 1) or via the group of gw[0 ..
 * members-1], weight 1 each; 0 or -errno. */
int bench_route_set(const struct xr_maps *m, const struct bench_ecmp_route *r,
		    unsigned int members);

#endif
