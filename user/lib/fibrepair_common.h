/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the check and repair of both families' FIBs share (fibrepair.c
 * for IPv4, fibrepair6.c for IPv6): next hops of the compile, a group
 * no reader can hold, and the recount of groups and slots once the
 * entries are right. Only for fibrepair*.c.
 */
#ifndef XR_FIBREPAIR_COMMON_H
#define XR_FIBREPAIR_COMMON_H

#include <stdint.h>
#include "lib/dir24.h"
#include "lib/fibrepair.h"
#include "lib/nexthop.h"
#include "lib/nhgtab.h"

/* What a check or repair of either family holds beside its compile. */
struct xr_repair {
	uint32_t *want;            /* references wanted, by slot */
	uint32_t *want_g;          /* references wanted, by next-hop group */
	__u64 *reach;              /* live groups readers can reach */
	uint32_t cursor;           /* where a free live group is sought */
	int fix;
	struct xr_fib4_report *r;
	struct xr_groups pool;     /* the compile's groups, plain memory */
	uint32_t pool_used;
};

/* For a live FIB of ngroups groups and nslots next-hop slots: -ENOMEM
 * (nothing held) or 0. */
int xr_repair_init(struct xr_repair *b, uint32_t ngroups, uint32_t nslots,
		   int fix, struct xr_fib4_report *r);
void xr_repair_free(struct xr_repair *b);

/* Before a repair: what this process gave up is unreachable, freed with
 * the rest, and its index of the slots is built anew from the table. */
void xr_repair_forget(struct xr_groups *live, struct xr_nh_table *t,
		      struct xr_nhg_table *g);

/* The slot of a compiled route's next hop: a repair makes a missing one
 * (its count is set at the end), a check names it xr_nh_max(t). */
int xr_repair_nh(struct xr_nh_table *t, const struct xr_nh_key *k, int fix,
		 struct xr_fib4_report *r, uint32_t *id);
/* The FIB id of a compiled route, counted: its next hop's slot (as
 * xr_repair_nh), or the next-hop group nhg names, which must be in use
 * (-EUCLEAN: a route names a freed group, which no write order leaves). */
int xr_repair_id(struct xr_repair *b, struct xr_nh_table *t,
		 const struct xr_nh_key *k, uint32_t nhg, uint32_t *id);
/* A live group no reader can hold: neither in use nor reachable. */
int xr_repair_group_free(const struct xr_groups *d, const __u64 *reach,
			 uint32_t *cursor, uint32_t *out);
/* Whether anything is to be freed: then readers must be waited for. */
int xr_repair_leaks(const struct xr_groups *d, const __u64 *reach,
		    const struct xr_nh_table *t, const uint32_t *want);
/* Groups in use: exactly those reachable; slots: those the compile
 * wants, with its counts. Leaked ones are freed (after the grace period
 * the caller waited for). */
void xr_repair_groups_recount(struct xr_groups *d, const __u64 *reach,
			      int fix, struct xr_fib4_report *r);
void xr_repair_slots_recount(struct xr_nh_table *t, const uint32_t *want,
			     int fix, struct xr_fib4_report *r);
/* The IPv6 FIB's items: the routes, then the router's addresses (the
 * local /128s win, as xr_fib6_local_add makes them). *out malloc'd. */
int xr_fib6_items(const struct xr_maps *m, struct xr_fib6_item **out,
		  size_t *n, struct xr_fib4_report *r);
/* After the entries: wait if anything is to be freed, recount, rebuild
 * the slot index, and recompute the rewrites. */
int xr_repair_finish(struct xr_repair *b, struct xr_groups *d,
		     struct xr_nh_table *t);

#endif
