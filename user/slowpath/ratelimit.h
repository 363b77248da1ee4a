/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The kernel's limits on ICMP errors: the global token bucket
 * (icmp_global_allow, net.ipv4.icmp_msgs_per_sec / icmp_msgs_burst),
 * and the per-host state of inet_peer, one entry per address, whose
 * rate_tokens and rate_last three users share as the kernel's do:
 * ip_error (unreachables from route errors, per offending source),
 * inet_peer_xrlim_allow (net.ipv4.icmp_ratelimit, per ICMP destination,
 * for the types of net.ipv4.icmp_ratemask) and ip_rt_send_redirect
 * (redirects, per offending source). An error from ip_error is thus
 * limited twice by one bucket, as in Linux. Time is given in
 * milliseconds (the kernel's jiffies at HZ=1000), so tests can drive it.
 */
#ifndef XR_SP_RATELIMIT_H
#define XR_SP_RATELIMIT_H

#include <stdint.h>
#include <linux/types.h>
#include "xdp_router/abi.h"

#define XR_ICMP_RATELIMIT_MS   1000   /* net.ipv4.icmp_ratelimit */
#define XR_ICMP_MSGS_PER_SEC   1000   /* net.ipv4.icmp_msgs_per_sec */
#define XR_ICMP_MSGS_BURST     50     /* net.ipv4.icmp_msgs_burst */
#define XR_ICMP_RATEMASK       0x1818 /* unreach, quench, time exc, param */
#define XR_ICMP6_RATELIMIT_MS  1000   /* net.ipv6.icmp.ratelimit */
#define XR_IP_RT_ERROR_COST    1000   /* net.ipv4.route.error_cost: HZ */
#define XR_IP_RT_ERROR_BURST   5000   /* net.ipv4.route.error_burst: 5 * HZ */
/* inet_peer_threshold's floor (inet_initpeers clamps it to 4096..65664) */
#define XR_PEERS_BITS          12
#define XR_PEERS               (1u << XR_PEERS_BITS)
/* inet_peer_minttl: an entry idle this long is the kernel's to reclaim */
#define XR_PEER_MINTTL_MS      (120 * 1000)

/* struct inet_peer: what the limits keep per address (IPv4 mapped,
 * slowpath/naddr.h; the kernel keeps one table per family) */
struct xr_peer {
	struct xr_in6 addr;
	uint8_t used;
	uint32_t n_redirects;
	uint64_t rate_tokens;
	uint64_t rate_last;
	uint64_t dtime;              /* last looked up */
};

struct xr_icmp_rl {
	uint32_t ratelimit_ms;       /* 0: no per-destination limit */
	uint32_t ratelimit6_ms;      /* IPv6's (net.ipv6.icmp.ratelimit) */
	uint32_t msgs_per_sec;
	uint32_t msgs_burst;
	int64_t credit;              /* global bucket */
	uint64_t stamp;
	uint64_t evictions;          /* live peers replaced (table full) */
	struct xr_peer peers[XR_PEERS];
};

enum { XR_RL_ALLOW = 0, XR_RL_GLOBAL, XR_RL_HOST };

void xr_rl_init(struct xr_icmp_rl *rl, uint32_t ratelimit_ms,
		uint32_t msgs_per_sec, uint32_t msgs_burst);
/* Whether an error of this type/code to daddr may go now: XR_RL_ALLOW,
 * or which limit stopped it. Allowing consumes a token of both.
 * Fragmentation needed is never limited (path MTU discovery). */
int xr_icmp_rl_allow(struct xr_icmp_rl *rl, uint8_t type, uint8_t code,
		     __be32 daddr, uint64_t now_ms);
/* ip_error's per-host limit on unreachables about a datagram from
 * saddr (error_cost, error_burst): 1 to go on to icmp_send. */
int xr_ip_error_allow(struct xr_icmp_rl *rl, __be32 saddr, uint64_t now_ms);
/* ip_rt_send_redirect's back-off for redirects to saddr: 1 to send. */
int xr_redirect_allow(struct xr_icmp_rl *rl, __be32 saddr, uint64_t now_ms);
/*
 * IPv6 (net/ipv6/icmp.c): icmpv6_global_allow (types of
 * net.ipv6.icmp.ratemask, "0-1,3-127": all errors but packet too big;
 * the global bucket is IPv4's, shared) then icmpv6_xrlim_allow: per
 * destination, ratelimit6_ms shortened for wide routes back ("give more
 * bandwidth to wider prefixes": >> (128 - plen) / 32).
 */
int xr_icmp6_rl_allow(struct xr_icmp_rl *rl, uint8_t type,
		      const struct xr_in6 *daddr, uint8_t plen, uint64_t now_ms);
/* inet_peer_xrlim_allow(inet_getpeer_v6(addr), tmo_ms): ip6_forward's
 * and ndisc_send_redirect's limits on redirects (1 s a host). */
int xr_peer6_allow(struct xr_icmp_rl *rl, const struct xr_in6 *addr,
		   uint64_t tmo_ms, uint64_t now_ms);
/* The live peers replaced since the last call (for a counter). */
uint64_t xr_rl_take_evictions(struct xr_icmp_rl *rl);

#endif
