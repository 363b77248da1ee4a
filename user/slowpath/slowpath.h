/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The slow path: what the fast path punts (struct xr_punt_meta says why)
 * is finished here as the kernel would finish it: icmp_send, ip_forward
 * with options and fragmentation, and neighbour resolution (ARP) with a
 * queue per unresolved neighbour and the kernel's NUD states.
 * Transmission goes through a callback, so that the daemon sends with
 * AF_XDP and the tests capture the frames.
 */
#ifndef XR_SP_SLOWPATH_H
#define XR_SP_SLOWPATH_H

#include <stddef.h>
#include <stdint.h>
#include "xdp_router/abi.h"
#include "lib/state.h"
#include "lib/addr4.h"
#include "lib/neigh4.h"
#include "slowpath/arp.h"
#include "slowpath/ipopt.h"
#include "slowpath/ratelimit.h"

/* The kernel's neighbour parameters (net.ipv4.neigh.default.*). */
struct xr_nud_parms {
	uint64_t reachable_ns;      /* base_reachable_time_ms: 30 s */
	uint64_t delay_ns;          /* delay_first_probe_time: 5 s */
	uint64_t retrans_ns;        /* retrans_time_ms: 1 s */
	uint64_t gc_stale_ns;       /* gc_stale_time: 60 s */
	uint32_t ucast_probes;      /* ucast_solicit: 3 */
	uint32_t mcast_probes;      /* mcast_solicit: 3 */
	uint32_t unres_qlen;        /* unres_qlen: 101 */
	uint32_t unres_qlen_bytes;  /* unres_qlen_bytes: 212,992 */
	uint32_t unres_total_bytes; /* all queues together: 4 MiB (ours) */
	uint32_t gc_thresh3;        /* gc_thresh3: 1,024 learned entries */
	uint64_t locktime_ns;       /* locktime: 1 s */
};

struct xr_sp_parms {
	uint32_t icmp_ratelimit_ms;
	uint32_t icmp_msgs_per_sec;
	uint32_t icmp_msgs_burst;
	uint32_t locktime_ms;       /* the option; nud.locktime_ns is used */
	struct xr_nud_parms nud;
};

void xr_sp_parms_default(struct xr_sp_parms *p);

/* The kernel's neighbour timer (neigh_timer_handler) for one learned
 * entry at time now: what to do with it. */
enum { XR_NUD_ACT_KEEP = 0, XR_NUD_ACT_WRITE, XR_NUD_ACT_PROBE, XR_NUD_ACT_DELETE };
int xr_nud_timer(struct xr_neigh *n, uint64_t now, const struct xr_nud_parms *p);
/* Probes sent in the current state live in the low byte of flags. */
#define XR_NEIGH_PROBES(n) ((n)->flags & 0xffu)

typedef int (*xr_sp_xmit)(void *arg, uint32_t ifindex, const uint8_t *frame,
			  size_t len);

struct xr_unres_pkt;
struct xr_sp_pend;

/* A neighbour being resolved (INCOMPLETE), with its queue. */
struct xr_unres {
	uint32_t ifindex;
	__be32 addr;
	uint32_t probes;
	uint64_t next_ns;
	uint32_t qlen;
	uint32_t qbytes;            /* charged: xr_unres_charge */
	struct xr_unres_pkt *head, *tail;
};

#define XR_UNRES_MAX 1024
/* What a queued datagram of len bytes is charged against the budgets:
 * its length and a fixed 256 bytes for its record and the allocator, as
 * the kernel charges skb->truesize (data and sk_buff). */
#define XR_UNRES_OVERHEAD 256
#define xr_unres_charge(len) ((size_t)(len) + XR_UNRES_OVERHEAD)
#define XR_XSK_FRAME_MAX 4096   /* the largest frame the slow path sends */

struct xr_sp {
	struct xr_state *st;            /* NULL: no locking (tests) */
	struct xr_maps *m;
	struct xr_slow_stats *stats;    /* the mapped xr_slow_stats */
	struct xr_sp_parms p;
	struct xr_icmp_rl rl;
	xr_sp_xmit xmit;
	void *xmit_arg;
	uint64_t (*clock)(void);        /* CLOCK_MONOTONIC ns; tests set it */
	uint16_t ip_id;
	/* caches of the control plane's tables, refreshed by xr_sp_sync */
	struct xr_iface ifs[XR_MAX_IFINDEX];
	struct xr_addr4_entry *addrs;
	size_t n_addrs;
	struct xr_unres unres[XR_UNRES_MAX];
	size_t n_unres;
	size_t unres_bytes;             /* charged in all queues */
	size_t n_neigh;                 /* learned entries in xr_neigh4 */
	uint64_t gc_ns;                 /* the last forced GC */
	struct xr_sp_pend *pend;        /* neighbour writes waiting for the */
	size_t n_pend;                  /* lock (slowpath/pending.c) */
	uint64_t cfg_gen_locked;        /* the configuration's generation at
					 * the last write lock */
	int gen_seen;
	uint64_t repair_failed_ns;      /* the last repair that failed */
};

/* Set up (parms copied); stats may be NULL. */
int xr_sp_init(struct xr_sp *sp, struct xr_state *st, struct xr_maps *m,
	       struct xr_slow_stats *stats, const struct xr_sp_parms *p,
	       xr_sp_xmit xmit, void *xmit_arg);
void xr_sp_fini(struct xr_sp *sp);
/* Re-read links and addresses (after a change; the daemon: each tick). */
int xr_sp_sync(struct xr_sp *sp);
/* One punted frame (Ethernet header first, len bytes); may change it. */
void xr_sp_handle(struct xr_sp *sp, uint8_t *frame, size_t len,
		  const struct xr_punt_meta *m);
/* An ARP packet received on ifindex (AF_PACKET). */
void xr_sp_arp_rcv(struct xr_sp *sp, uint32_t ifindex, const struct xr_arp *a);
/* Timers: probes, failures, aging. */
void xr_sp_tick(struct xr_sp *sp);
/* Only the resolution timers (cheap: no map walk). */
void xr_sp_tick_resolve(struct xr_sp *sp);
/* Nanoseconds until the next resolution timer (for poll), at most cap. */
uint64_t xr_sp_next_timer(struct xr_sp *sp, uint64_t cap);

/* Internal, shared by slowpath.c and resolve.c. */
void xr_sp_inc(struct xr_sp *sp, unsigned int idx);
void xr_sp_add(struct xr_sp *sp, unsigned int idx, uint64_t v);
#define SP_INC(sp, n) xr_sp_inc((sp), XR_SLOW_##n)
void xr_sp_icmp_send(struct xr_sp *sp, const uint8_t *ip, size_t len,
		     const struct xr_punt_meta *m, int l2_bcast, uint8_t type,
		     uint8_t code, __be32 info);
void xr_sp_neigh_output(struct xr_sp *sp, uint32_t ifindex, __be32 nexthop,
			const uint8_t *ip, size_t len,
			const struct xr_punt_meta *m);
void xr_sp_resolve_queue(struct xr_sp *sp, uint32_t ifindex, __be32 addr,
			 const uint8_t *ip, size_t len,
			 const struct xr_punt_meta *m);
int xr_sp_send_ip(struct xr_sp *sp, uint32_t ifindex, const uint8_t dmac[6],
		  const uint8_t *ip, size_t len);
void xr_sp_unres_free(struct xr_sp *sp, struct xr_unres *u);
struct xr_unres *xr_sp_unres_find(struct xr_sp *sp, uint32_t ifindex,
				  __be32 addr);
/* The queue goes out to mac; u leaves the table. */
void xr_sp_unres_resolved(struct xr_sp *sp, struct xr_unres *u,
			  const uint8_t mac[6]);
/* Room for one more learned entry (gc_thresh3, after a forced GC). */
int xr_sp_neigh_room(struct xr_sp *sp);
/* Learned (not PERMANENT or NOARP) entries among n of a dump. */
size_t xr_sp_neigh_learned(const struct xr_neigh4_entry *e, size_t n);
int xr_sp_is_local(struct xr_sp *sp, __be32 addr);
/* Around every write of the daemon to the maps: the state's exclusive
 * lock (no lock without a state: tests), never waited for: -EWOULDBLOCK
 * while a command holds it. Taken, the neighbours' generation is bumped,
 * and the next-hop index is dropped, to be built again from the map, when
 * another process may have changed the next hops (the configuration's
 * generation moved, or a writer died). */
int xr_sp_write_lock(struct xr_sp *sp);
void xr_sp_write_unlock(struct xr_sp *sp);
/* Neighbour writes (pending.c): a learned entry written (deleted, n
 * NULL) at once when the lock is free, else kept pending, newest per
 * neighbour, until xr_sp_flush finds the lock free (not written back
 * when a command removed the entry meanwhile). -EEXIST: the CLI made it
 * permanent; -ENOBUFS: no room left to keep it (counted TableFulls).
 * The slow path reads neighbours with xr_sp_neigh_get: what is pending
 * first, then the map. */
int xr_sp_neigh_write(struct xr_sp *sp, uint32_t ifindex, __be32 addr,
		      const struct xr_neigh *n);
int xr_sp_neigh_get(const struct xr_sp *sp, uint32_t ifindex, __be32 addr,
		    struct xr_neigh *n);
int xr_sp_pending(const struct xr_sp *sp, uint32_t ifindex, __be32 addr);
/* Pending writes that create an entry not among the n of a dump. */
size_t xr_sp_pend_new(const struct xr_sp *sp, const struct xr_neigh4_entry *e,
		      size_t n);
void xr_sp_flush(struct xr_sp *sp);
void xr_sp_pend_free(struct xr_sp *sp);
/* Whether ifindex is an attached link (the cache of xr_sp_sync). */
static inline int xr_sp_attached(const struct xr_sp *sp, uint32_t ifindex)
{
	return ifindex < XR_MAX_IFINDEX &&
	       (sp->ifs[ifindex].flags & XR_IF_ATTACHED);
}
/* The address of link ifindex for talking to peer (same subnet first). */
__be32 xr_sp_link_addr(struct xr_sp *sp, uint32_t ifindex, __be32 peer);

#endif
