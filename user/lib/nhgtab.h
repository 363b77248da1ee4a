/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The next-hop groups of one family as the library keeps them (the
 * public API is lib/nhg.h): the mapped xr_fibN_nhg, the family's
 * next-hop table its members are slots of, and the slots given up that
 * wait for a grace period. Only for the library's own files (nhg*.c,
 * fib4.c, fib6.c, nexthop.c, routes.c, fibrepair*.c).
 */
#ifndef XR_NHGTAB_H
#define XR_NHGTAB_H

#include <stddef.h>
#include <stdint.h>
#include "xdp_router/abi.h"
#include "lib/idlist.h"

struct xr_nh_table;
struct xr_maps;

struct xr_nhg_table {
	struct xr_nhg *g;           /* XR_MAX_NHG slots, mapped; slot 0 unused */
	size_t len;
	struct xr_nh_table *nh;     /* the family's next hops */
	struct xr_idlist pending;   /* given up, waiting for a grace period */
	uint32_t cursor;
	uint32_t last;              /* the group found or made last: tried
				     * first (a batch of routes shares few) */
};

/* The family's groups of maps m (IPv6 when v6); NULL when not mapped. */
struct xr_nhg_table *xr_nhg_table_of(const struct xr_maps *m, int v6);
/* Map xr_fibN_nhg (fd) for the next-hop table nh (fd < 0: no groups). */
int xr_nhg_open(struct xr_nhg_table *t, int fd, struct xr_nh_table *nh);
void xr_nhg_close(struct xr_nhg_table *t);
/* Free the slots given up (sync first unless nosync: the caller has
 * waited for readers); their members' next hops lose a reference. */
int xr_nhg_release(struct xr_nhg_table *t, int nosync);
/* The table's slot gid when it is in use, else NULL. */
struct xr_nhg *xr_nhg_slot(const struct xr_nhg_table *t, uint32_t gid);
int xr_nhg_tab_hold(struct xr_nhg_table *t, uint32_t gid);
int xr_nhg_tab_put(struct xr_nhg_table *t, uint32_t gid);
/* Free slot gid at once, its members' references kept (a repair). */
void xr_nhg_clear(struct xr_nhg_table *t, uint32_t gid);

/* xr_mp_cfg by the map's fd (nhg_cfg.c): read; seed unless seeded
 * (state creation, upgrade). */
int xr_mp_cfg_get_fd(int fd, struct xr_mp_cfg *cfg);
int xr_mp_cfg_seed_fd(int fd);

/* Buckets (nhgbal.c). ideal[] from the members' weights: each member's
 * count by largest remainder, interleaved. */
void xr_nhg_ideal(struct xr_nhg *g);
/* How many of g's ideal[] differ from what its members make (fix:
 * rewritten). */
unsigned int xr_nhg_ideal_check(struct xr_nhg *g, int fix);
/* Whether a member's next hop can carry traffic now (its rewrite). */
int xr_nhg_usable(const struct xr_nh_table *nh, uint32_t id);
/* bucket[] made what the members' state asks, resiliently (abi/nhg.h):
 * only buckets of unusable owners are lent, only they come back. How
 * many buckets differed (fix: were rewritten). */
unsigned int xr_nhg_balance(const struct xr_nhg_table *t, struct xr_nhg *g,
			    int fix);
/* The rewrites of next hops ids changed: every group holding one is
 * balanced again. */
void xr_nhg_nh_changed(const struct xr_nhg_table *t, const uint32_t *ids,
		       size_t n);

/* Check and repair (nhgrepair.c), with the counts the routes want by
 * group (want_g) and by next-hop slot (want). */
struct xr_fib4_report;
void xr_nhg_repair_want(const struct xr_nhg_table *t, const uint32_t *want_g,
			uint32_t *want);
int xr_nhg_repair_leaks(const struct xr_nhg_table *t, const uint32_t *want_g);
void xr_nhg_repair_recount(struct xr_nhg_table *t, const uint32_t *want_g,
			   int fix, struct xr_fib4_report *r);
void xr_nhg_repair_buckets(struct xr_nhg_table *t, int fix,
			   struct xr_fib4_report *r);

#endif
