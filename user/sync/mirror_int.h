/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The mirror's insides (sync/mirror.h), shared by mirror*.c only: the
 * tables of the shadow (routes, next-hop objects, neighbours: pools of
 * fixed-size entries chained in hash buckets by index), the interned
 * next-hop sets routes point at, the dirty queues.
 */
#ifndef XR_SYNC_MIRROR_INT_H
#define XR_SYNC_MIRROR_INT_H

#include <stddef.h>
#include <stdint.h>
#include "lib/nhg.h"
#include "sync/krt.h"
#include "sync/mirror.h"

/* ---- a pool of entries chained in hash buckets (mirror_tab.c) ---- */

/* Every entry starts so. */
struct mr_ent {
	uint32_t next;         /* the next in the bucket, index + 1; 0: end */
	uint8_t used;
	uint8_t flags;         /* MR_* */
	uint8_t family;
	uint8_t plen;
};

#define MR_STALE   0x1     /* not named since resync_begin */
#define MR_DIRTY   0x2     /* queued for the next commit */
#define MR_NHID    0x4     /* a route through a next-hop object */
#define MR_ALIAS   0x8     /* a route of a prefix and metric held already,
			    * after it (IPv4's `ip route append`, IPv6's
			    * device route on another link): the kernel
			    * does not use it while the first is there
			    * (mirror_route.c) */

struct mr_tab {
	uint8_t *pool;
	size_t esz, n, cap;    /* entry size, entries used, room */
	uint32_t *bkt;         /* index + 1 of each chain's first entry */
	size_t nb;             /* buckets: a power of two */
	uint32_t free;         /* a chain of free entries (index + 1) */
	uint32_t (*hash)(const void *ent);
};

int mr_tab_init(struct mr_tab *t, size_t esz, uint32_t (*hash)(const void *));
void mr_tab_fini(struct mr_tab *t);
static inline void *mr_tab_at(const struct mr_tab *t, uint32_t idx)
{
	return t->pool + (size_t)idx * t->esz;
}
/* The first entry of the chain of hash h (index + 1; 0: none), then
 * each one's next. */
static inline uint32_t mr_tab_first(const struct mr_tab *t, uint32_t h)
{
	return t->bkt[h & (t->nb - 1)];
}
/* A new entry, zeroed but for used, filled by the caller then linked;
 * -ENOMEM. */
int mr_tab_alloc(struct mr_tab *t, uint32_t *idx);
void mr_tab_link(struct mr_tab *t, uint32_t idx);
void mr_tab_remove(struct mr_tab *t, uint32_t idx);
size_t mr_tab_bytes(const struct mr_tab *t);
uint32_t mr_hash(const void *p, size_t len, uint32_t seed);

/* ---- interned next-hop sets (mirror_set.c) ---- */

/* The members a route's next hops make, normalised (sorted, merged,
 * weights capped), at most XR_NHG_MAX_MEMBERS. */
struct mr_set {
	uint32_t next, refs, hash;
	uint8_t family;
	uint8_t n;
	struct xr_nhg_spec m[];
};

struct mr_sets {
	struct mr_set **s;     /* by id; NULL: free */
	size_t cap, used, top; /* room, sets, the highest id given */
	uint32_t *freed;       /* ids given back, to reuse */
	size_t nfree, free_cap;
	uint32_t *bkt;         /* id + 1 */
	size_t nb;
	size_t bytes;
};

int mr_sets_init(struct mr_sets *ss);
void mr_sets_fini(struct mr_sets *ss);
/* The set of these members (normalised here): one reference taken. */
int mr_set_get(struct mr_sets *ss, uint8_t family, struct xr_nhg_spec *m,
	       unsigned int n, uint32_t *id);
void mr_set_put(struct mr_sets *ss, uint32_t id);
static inline const struct mr_set *mr_set_at(const struct mr_sets *ss,
					     uint32_t id)
{
	return ss->s[id];
}
/* Sort, merge equal members (weights added), cap weights; the count. */
unsigned int mr_spec_norm(struct xr_nhg_spec *m, unsigned int n);

/* ---- the shadow's entries ---- */

/* One kernel route: (family, prefix, length, metric). */
struct mr_route {
	struct mr_ent e;
	struct xr_in6 dst;
	uint32_t metric;
	uint32_t nh;           /* MR_NHID: an object's id; else a set's id
				* (unicast), unused (other types) */
	uint8_t type, proto;
	uint8_t kernel;        /* cannot be expressed: to the kernel */
	uint8_t pad;
};

/* One next-hop object. */
struct mr_obj {
	struct mr_ent e;
	uint32_t id;
	uint32_t users;        /* routes naming it by id */
	uint32_t set;          /* a single next hop: its set (+1; 0: none) */
	uint8_t blackhole, kernel;
	uint16_t n_grp;
	void *grp;             /* n_grp members: struct mr_grp */
};

struct mr_grp {
	uint32_t id;
	uint16_t weight;
};

/* One neighbour. */
struct mr_neigh {
	struct mr_ent e;
	struct xr_in6 addr;
	uint32_t ifindex;
	uint16_t state;
	uint8_t mac[6];
	uint8_t has_mac;
	uint8_t pad[3];
};

/* A prefix queued for a commit (its routes may be gone). */
struct mr_pkey {
	struct xr_in6 dst;
	uint8_t family, plen;
};

/* A neighbour queued. */
struct mr_nkey {
	struct xr_in6 addr;
	uint32_t ifindex;
	uint8_t family;
};

struct mr_queue {
	void *q;
	size_t esz, head, n, cap;
};

/* What the FIB should hold for a prefix (mirror_resolve.c). */
enum mr_want_kind {
	MR_ABSENT,             /* no route of ours */
	MR_FOREIGN,            /* link attach's connected route: left alone */
	MR_ROUTE,
};
struct mr_want {
	enum mr_want_kind kind;
	uint8_t type, proto, kernel;
	uint32_t metric;
	unsigned int n;        /* members: 1 a plain next hop, more a group */
	struct xr_nhg_spec m[XR_NHG_MAX_MEMBERS];
};
/* A route of either family. */
union mr_rt {
	struct xr_route4 r4;
	struct xr_route6 r6;
};

/* Routes of one family waiting for a batch write, with the group each
 * one's reference was taken on (0: none). */
struct mr_batch {
	void *rts;
	uint32_t *gid;
	size_t n;
};

/* A copy of a family's route table (mirror_snap.c). */
struct mr_snap {
	void *rts;             /* sorted as xr_route4_dump gives them */
	uint8_t *used;         /* entries answered once already */
	size_t n;
	uint64_t gen;          /* the configuration's generation it holds at */
	int valid;
};

struct xr_mirror {
	struct xr_state *st;
	struct xr_mirror_parms p;
	uint64_t *ctr;
	uint64_t own_ctr[XR_SYNC_N_COUNTERS];
	struct mr_tab routes, objs, neigh;
	struct mr_sets sets;
	struct mr_queue rq, nq;
	size_t prefixes;
	uint64_t cfg_gen;      /* the configuration's generation last seen */
	int gen_seen;
	size_t objs_changed;   /* objects replaced, their routes not queued yet */
	int cfg_bumped;        /* the configuration's generation bumped in this lock */
	struct mr_batch b[2];  /* IPv4's, IPv6's */
	struct mr_snap snap[2];
	int resyncing;         /* between resync_begin and end (routes) */
	struct mr_want want;
	struct xr_krt krt;     /* messages read into these: not on the stack */
	struct xr_knh knh;
};

#define MR_COUNT(mi, c) ((mi)->ctr[XR_SYNC_##c]++)

/* mirror_queue.c */
int mr_queue_push(struct mr_queue *q, const void *e);
const void *mr_queue_peek(const struct mr_queue *q);
void mr_queue_pop(struct mr_queue *q);
void mr_queue_fini(struct mr_queue *q);
/* Up to max (0: all) keys of q taken in order, fn called on each; how
 * many. */
size_t mr_queue_drain(struct xr_mirror *mi, struct mr_queue *q, size_t max,
		      void (*fn)(struct xr_mirror *, const void *));

/* mirror_route.c */
uint32_t mr_route_hash(const void *ent);
int mr_route_msg(struct xr_mirror *mi, const struct xr_krt *r);
/* The prefix of k queued (once while its routes are dirty). */
int mr_route_dirty(struct xr_mirror *mi, const struct mr_pkey *k);
/* The route of the prefix with the lowest metric (index; -1: none). */
long mr_route_best(const struct xr_mirror *mi, const struct mr_pkey *k);
/* The prefix's routes no longer queued; its best route (as
 * mr_route_best). */
long mr_route_clean(struct xr_mirror *mi, const struct mr_pkey *k);
void mr_route_free(struct xr_mirror *mi, uint32_t idx);
/* A route gone from the source: freed, the next alias of its key (if
 * it was the first) promoted. */
void mr_route_drop(struct xr_mirror *mi, uint32_t idx);
void mr_pkey_of(const struct mr_route *r, struct mr_pkey *k);
/* mirror_sibling.c: an IPv6 RTM_DELROUTE naming some of a multipath
 * route's members takes those out (1); 0: the route goes. */
int mr_route_del_members(struct xr_mirror *mi, const struct xr_krt *r,
			 uint32_t idx);
/* Whether the delete r names route idx's next hops (or names none, or
 * they cannot be told apart). */
int mr_route_named(const struct xr_mirror *mi, const struct xr_krt *r,
		   uint32_t idx);

/* mirror_obj.c */
uint32_t mr_obj_hash(const void *ent);
struct mr_obj *mr_obj_find(const struct xr_mirror *mi, uint32_t id);
/* A route names id: counted on its object (made, unknown, if none). */
int mr_obj_use(struct xr_mirror *mi, uint32_t id);
int mr_obj_msg(struct xr_mirror *mi, const struct xr_knh *n);
void mr_obj_free(struct xr_mirror *mi, uint32_t idx);
/* Routes naming id, or a group holding it, queued. */
void mr_obj_dirty_users(struct xr_mirror *mi, uint32_t id);
/* The routes through objects changed since the last call (MR_DIRTY on
 * the object) queued: one walk of the routes (commit calls it). */
void mr_obj_flush(struct xr_mirror *mi);

/* mirror_resolve.c: what the FIB should hold for prefix k, whose best
 * route is best (-1: none). */
void mr_resolve(struct xr_mirror *mi, const struct mr_pkey *k, long best,
		struct mr_want *w);

/* mirror_snap.c: the route tables read in bulk (*rts, n: the family's
 * routes, kept as the copy; not to be freed by the caller), then asked
 * instead of the table: 0 (*rt the route), -ENOENT (no route), 1 (the
 * copy cannot tell: ask the table). */
int mr_snap_read(struct xr_mirror *mi, int v6, void **rts, size_t *n);
int mr_snap_get(struct xr_mirror *mi, const struct mr_pkey *k, union mr_rt *rt);
/* Under the lock: another writer since the copy (cfg_gen moved), or a
 * dead one, drops it; our own writes keep it. */
void mr_snap_check(struct xr_mirror *mi, uint64_t cfg_gen, int writer_died);
void mr_snap_own_write(struct xr_mirror *mi, uint64_t cfg_gen);
void mr_snap_drop(struct xr_mirror *mi);

/* mirror_lock.c */
int mr_lock(struct xr_mirror *mi);
void mr_unlock(struct xr_mirror *mi);
/* Under the lock, before a route or group is written. */
void mr_cfg_write(struct xr_mirror *mi);

/* mirror_neigh.c */
uint32_t mr_neigh_hash(const void *ent);
int mr_neigh_msg(struct xr_mirror *mi, const struct xr_kneigh *n);
/* Up to max queued neighbours written; how many. */
size_t mr_neigh_commit(struct xr_mirror *mi, size_t max);
void mr_neigh_sweep(struct xr_mirror *mi);

/* mirror_commit.c */
size_t mr_route_commit(struct xr_mirror *mi, size_t max);

/* mirror_sweep.c */
void mr_routes_sweep(struct xr_mirror *mi);

#endif
