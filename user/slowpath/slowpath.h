/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The slow path: what the fast path punts (struct xr_punt_meta says why)
 * is finished here as the kernel would finish it: icmp_send, ip_forward
 * with options and fragmentation, and neighbour resolution (ARP) with a
 * queue per unresolved neighbour and the kernel's NUD states; for IPv6
 * (slowpath6.c) icmpv6_send, ip6_forward with the Hop-by-Hop options,
 * and ndisc with the same neighbour code (addresses: slowpath/naddr.h).
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
#include "lib/addr6.h"
#include "lib/neigh6.h"
#include "slowpath/naddr.h"
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
	uint32_t icmp6_ratelimit_ms;  /* net.ipv6.icmp.ratelimit */
	uint32_t icmp_msgs_per_sec;
	uint32_t icmp_msgs_burst;
	uint32_t locktime_ms;       /* the option; nud.locktime_ns is used */
	struct xr_nud_parms nud;
	/* daemon --textfile: the metrics written to textfile every
	 * textfile_interval_s by textfile_write (the CLI's; 0 or 1) */
	const char *textfile;
	uint32_t textfile_interval_s;
	int (*textfile_write)(const struct xr_maps *m, const char *path);
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

/* Neighbours that follow the kernel: ask it to resolve addr (IPv4
 * mapped, naddr.h) on ifindex; what it learns reaches the map. */
typedef int (*xr_sp_kick)(void *arg, uint32_t ifindex,
			  const struct xr_in6 *addr);

struct xr_unres_pkt;
struct xr_sp_pend;

/* A neighbour being resolved (INCOMPLETE), with its queue. */
struct xr_unres {
	uint32_t ifindex;
	struct xr_in6 addr;         /* IPv4 mapped (naddr.h) */
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
	struct xr_addr6_entry *addrs6;
	size_t n_addrs6;
	struct xr_unres unres[XR_UNRES_MAX];
	size_t n_unres;
	size_t unres_bytes;             /* charged in all queues */
	size_t n_neigh;                 /* learned entries in xr_neigh4/6 */
	uint64_t gc_ns;                 /* the last forced GC */
	struct xr_sp_pend *pend;        /* neighbour writes waiting for the */
	size_t n_pend;                  /* lock (slowpath/pending.c) */
	uint64_t cfg_gen_locked;        /* the configuration's generation at
					 * the last write lock */
	int gen_seen;
	uint64_t repair_failed_ns;      /* the last repair that failed */
	xr_sp_kick kick;                /* set: neighbours follow the kernel */
	void *kick_arg;
};

/* Set up (parms copied); stats may be NULL. */
int xr_sp_init(struct xr_sp *sp, struct xr_state *st, struct xr_maps *m,
	       struct xr_slow_stats *stats, const struct xr_sp_parms *p,
	       xr_sp_xmit xmit, void *xmit_arg);
void xr_sp_fini(struct xr_sp *sp);
/* Neighbours follow the kernel's table (daemon --kernel-sync, --fpm),
 * kick not NULL: the slow path writes no neighbour, ages none, and has
 * its own datagrams' next hops resolved by kick, waiting (as for its
 * own solicitations) for the entry to show up in the map. */
void xr_sp_follow_kernel(struct xr_sp *sp, xr_sp_kick kick, void *arg);
/* Re-read links and addresses (after a change; the daemon: each tick). */
int xr_sp_sync(struct xr_sp *sp);
/* One punted frame (Ethernet header first, len bytes); may change it. */
void xr_sp_handle(struct xr_sp *sp, uint8_t *frame, size_t len,
		  const struct xr_punt_meta *m);
/* An ARP packet received on ifindex (AF_PACKET). */
void xr_sp_arp_rcv(struct xr_sp *sp, uint32_t ifindex, const struct xr_arp *a);
/* An NS or NA received on ifindex (AF_PACKET; slowpath/ndisc.h). */
struct xr_nd;
void xr_sp_ndisc_rcv(struct xr_sp *sp, uint32_t ifindex, const struct xr_nd *nd);
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
/* ip_finish_output2 / ip6_finish_output2: the datagram ip (IPv4 or
 * IPv6, its version says) to nexthop, through resolution if needed. */
void xr_sp_neigh_output(struct xr_sp *sp, uint32_t ifindex,
			const struct xr_in6 *nexthop, const uint8_t *ip,
			size_t len, const struct xr_punt_meta *m);
void xr_sp_resolve_queue(struct xr_sp *sp, uint32_t ifindex,
			 const struct xr_in6 *addr, const uint8_t *ip,
			 size_t len, const struct xr_punt_meta *m);
/* The neighbour counter idx (an ARP one: Neigh group) for addr's family:
 * IPv6 counts in the Ndisc group. */
void xr_sp_ninc(struct xr_sp *sp, const struct xr_in6 *addr, unsigned int idx);
#define SP_NINC(sp, a, n) xr_sp_ninc((sp), (a), XR_SLOW_##n)
/* What a queued datagram gets when its neighbour failed: host
 * unreachable (3/1), or address unreachable (ICMPv6 1/3). */
void xr_sp_unres_error(struct xr_sp *sp, const uint8_t *ip, size_t len,
		       const struct xr_punt_meta *m);
/* Solicit addr on ifindex: to dmac (a probe) or multicast when NULL;
 * trigger (may be NULL): the newest datagram waiting (ndisc_solicit
 * takes its source when it is the link's). */
void xr_sp_solicit(struct xr_sp *sp, uint32_t ifindex, const struct xr_in6 *addr,
		   const uint8_t *dmac, const uint8_t *trigger);
/* neigh_update (flags: the kernel's NEIGH_UPDATE_F_*): the entry cur
 * becomes n with lladdr (NULL: keep its own) and state; 0 nothing
 * changes, 1 n differs, -1 refused (a valid entry, another lladdr, no
 * override). */
#define XR_NU_OVERRIDE      1
#define XR_NU_WEAK_OVERRIDE 2
int xr_sp_neigh_update(const struct xr_neigh *cur, const uint8_t *lladdr,
		       uint16_t state, unsigned int flags, uint64_t now,
		       struct xr_neigh *n);
/* n written for addr (RepliesLearned), its queue sent if now valid. */
void xr_sp_neigh_learn(struct xr_sp *sp, uint32_t ifindex,
		       const struct xr_in6 *addr, const struct xr_neigh *n);
int xr_sp_send_ip(struct xr_sp *sp, uint32_t ifindex, const uint8_t dmac[6],
		  const uint8_t *ip, size_t len);
void xr_sp_unres_free(struct xr_sp *sp, struct xr_unres *u);
struct xr_unres *xr_sp_unres_find(struct xr_sp *sp, uint32_t ifindex,
				  const struct xr_in6 *addr);
/* The queue goes out to mac; u leaves the table. */
void xr_sp_unres_resolved(struct xr_sp *sp, struct xr_unres *u,
			  const uint8_t mac[6]);
/* Room for one more learned entry (gc_thresh3, after a forced GC). */
int xr_sp_neigh_room(struct xr_sp *sp);
/* Both tables in one dump (IPv4 keys mapped): *e malloc'd. */
int xr_sp_neigh_dump(struct xr_sp *sp, struct xr_neigh6_entry **e, size_t *n);
/* Learned (not PERMANENT or NOARP) entries among n of a dump. */
size_t xr_sp_neigh_learned(const struct xr_neigh6_entry *e, size_t n);
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
int xr_sp_neigh_write(struct xr_sp *sp, uint32_t ifindex,
		      const struct xr_in6 *addr, const struct xr_neigh *n);
int xr_sp_neigh_get(const struct xr_sp *sp, uint32_t ifindex,
		    const struct xr_in6 *addr, struct xr_neigh *n);
int xr_sp_pending(const struct xr_sp *sp, uint32_t ifindex,
		  const struct xr_in6 *addr);
/* Pending writes that create an entry not among the n of a dump. */
size_t xr_sp_pend_new(const struct xr_sp *sp, const struct xr_neigh6_entry *e,
		      size_t n);
/* The map of addr's family (nmap.c): xr_neigh4 or xr_neigh6. */
int xr_sp_nmap_get(const struct xr_sp *sp, uint32_t ifindex,
		   const struct xr_in6 *addr, struct xr_neigh *n);
int xr_sp_nmap_put(const struct xr_sp *sp, uint32_t ifindex,
		   const struct xr_in6 *addr, const struct xr_neigh *n);
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

/* IPv6 (slowpath6.c, saddr6.c) */
void xr_sp_handle6(struct xr_sp *sp, uint8_t *frame, size_t len,
		   const struct xr_punt_meta *m);
/* icmpv6_send about the IPv6 packet ip (len bytes, as it is now). */
void xr_sp_icmp6_send(struct xr_sp *sp, const uint8_t *ip, size_t len,
		      const struct xr_punt_meta *m, int l2_mcast, uint8_t type,
		      uint8_t code, uint32_t info);
/* ipv6_dev_get_saddr: the router's address to talk to dst, preferring
 * link ifindex (only its addresses for a link-local dst); -1 if none. */
int xr_sp_saddr6(const struct xr_sp *sp, uint32_t ifindex,
		 const struct xr_in6 *dst, struct xr_in6 *saddr);
/* ipv6_get_lladdr: link ifindex's link-local address; -1 if none. */
int xr_sp_lladdr6(const struct xr_sp *sp, uint32_t ifindex, struct xr_in6 *a);
/* ndisc_solicit: an NS for target on ifindex (see xr_sp_solicit). */
void xr_sp_ndisc_solicit(struct xr_sp *sp, uint32_t ifindex,
			 const struct xr_in6 *target, const uint8_t *dmac,
			 const uint8_t *trigger);
/* ipv6_chk_addr: one of the router's addresses (on ifindex, 0: any). */
int xr_sp_is_local6(const struct xr_sp *sp, const struct xr_in6 *a,
		    uint32_t ifindex);

#endif
