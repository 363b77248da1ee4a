/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The kernel's limits on ICMP errors: the global token bucket
 * (icmp_global_allow, net.ipv4.icmp_msgs_per_sec / icmp_msgs_burst),
 * the per-destination one (inet_peer_xrlim_allow, net.ipv4.icmp_ratelimit,
 * for the types of net.ipv4.icmp_ratemask), and the redirect back-off of
 * ip_rt_send_redirect. Time is given in milliseconds (the kernel's
 * jiffies at HZ=1000), so tests can drive it.
 */
#ifndef XR_SP_RATELIMIT_H
#define XR_SP_RATELIMIT_H

#include <stdint.h>
#include <linux/types.h>

#define XR_ICMP_RATELIMIT_MS   1000   /* net.ipv4.icmp_ratelimit */
#define XR_ICMP_MSGS_PER_SEC   1000   /* net.ipv4.icmp_msgs_per_sec */
#define XR_ICMP_MSGS_BURST     50     /* net.ipv4.icmp_msgs_burst */
#define XR_ICMP_RATEMASK       0x1818 /* unreach, quench, time exc, param */
#define XR_PEERS               4096

struct xr_peer {
	__be32 addr;
	uint8_t used;
	uint32_t n_redirects;
	uint64_t rate_last;          /* per-destination bucket */
	uint64_t rate_tokens;
	uint64_t redirect_last;      /* redirect back-off */
	uint64_t touched;
};

struct xr_icmp_rl {
	uint32_t ratelimit_ms;       /* 0: no per-destination limit */
	uint32_t msgs_per_sec;
	uint32_t msgs_burst;
	int64_t credit;              /* global bucket */
	uint64_t stamp;
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
/* ip_rt_send_redirect's back-off for redirects to saddr: 1 to send. */
int xr_redirect_allow(struct xr_icmp_rl *rl, __be32 saddr, uint64_t now_ms);

#endif
