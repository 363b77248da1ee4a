/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What a batch has done so far, before anything is applied: a hash of
 * keys (routes and neighbours of both families, links) marked present
 * or absent, consulted before the maps, so that a whole batch is checked
 * against the state it will meet line by line.
 */
#ifndef XR_OVERLAY_H
#define XR_OVERLAY_H

#include <stddef.h>
#include <stdint.h>
#include "xdp_router/abi.h"
#include "lib/parse.h"

enum { XR_OV_UNKNOWN = 0, XR_OV_PRESENT = 1, XR_OV_ABSENT = 2 };

struct xr_rt_mp;

/* A route of either family, as the CLI checks it (the value kept for a
 * route key). A multipath route has no gw or ifindex of its own: its
 * members are mp (as a command gave them) or, read from the maps, the
 * group nhg's. */
struct xr_rt {
	struct xr_inaddr dst, gw, prefsrc;
	uint8_t plen, type, proto;
	uint32_t ifindex;
	uint32_t nhg;               /* the group's slot (0: none) */
	uint32_t metric;            /* the kernel's RTA_PRIORITY (0: none) */
	const struct xr_rt_mp *mp;  /* the members given (NULL: none) */
};

/* w[0]: the kind, the family and the length or link; w[1..2]: the
 * address (IPv4 in its first four bytes). */
struct xr_ov_key {
	uint64_t w[3];
};

/* 32 bytes: a batch of a million routes keeps a million of them. */
struct xr_ov_entry {
	struct xr_ov_key key;
	uint32_t rt;                /* route keys: 1 + its index in rts (0:
				     * none, a zeroed route) */
	uint8_t used;
	uint8_t state;
};

struct xr_overlay {
	struct xr_ov_entry *tab;
	size_t cap;
	size_t n;
	struct xr_rt *rts;          /* the routes the entries hold */
	size_t nrt, rtcap;
};

/* Keys: a tag in the top bits keeps the three kinds apart. */
struct xr_ov_key xr_ov_route_key(const struct xr_inaddr *dst, uint8_t plen);
struct xr_ov_key xr_ov_neigh_key(uint32_t ifindex, const struct xr_inaddr *addr);
struct xr_ov_key xr_ov_link_key(uint32_t ifindex);
struct xr_ov_key xr_ov_proto_key(int kind, uint16_t key);

/* XR_OV_UNKNOWN when the batch has not touched the key. */
int xr_ov_get(const struct xr_overlay *ov, struct xr_ov_key key,
	      struct xr_rt *rt);
int xr_ov_set(struct xr_overlay *ov, struct xr_ov_key key, int state,
	      const struct xr_rt *rt);
void xr_ov_free(struct xr_overlay *ov);
/* Room for n more keys (a batch of n lines) without growing one at a
 * time; 0 or -ENOMEM. */
int xr_ov_reserve(struct xr_overlay *ov, size_t n);
/* Each handler key the batch marked, with its state. */
typedef void (*xr_ov_proto_fn)(void *arg, int kind, uint16_t key, int state);
void xr_ov_each_proto(const struct xr_overlay *ov, xr_ov_proto_fn fn, void *arg);

#endif
