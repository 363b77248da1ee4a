/* SPDX-License-Identifier: GPL-2.0 */
/* Routes of either family as the commit and the sweep handle them. */
#ifndef XR_SYNC_MIRROR_COMMIT_H
#define XR_SYNC_MIRROR_COMMIT_H

#include "sync/mirror_int.h"

/* The fields of a route the mirror looks at, of either family. */
struct mr_rt_fields {
	uint8_t type, proto;
	uint32_t ifindex, nhg;
	struct xr_in6 gw;
};
void mr_rt_fields(int v6, const union mr_rt *rt, struct mr_rt_fields *f);
/* Whether the route in the table is the mirror's: every one but link
 * attach's connected routes. */
int mr_rt_owned(const struct xr_mirror *mi, int v6, const union mr_rt *rt);

/* mirror_conn.c: the connected route of k on ifindex as link attach
 * writes it (prefsrc: the link's address in k, when it has one). */
void mr_conn_route(const struct mr_pkey *k, uint32_t ifindex, union mr_rt *rt);

#endif
