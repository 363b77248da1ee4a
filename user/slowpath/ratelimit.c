// SPDX-License-Identifier: GPL-2.0
#include <arpa/inet.h>
#include <string.h>
#include "slowpath/naddr.h"
#include "slowpath/ratelimit.h"

#define XRLIM_BURST_FACTOR      6
#define IP_RT_REDIRECT_NUMBER   9
#define IP_RT_REDIRECT_LOAD     20                    /* HZ / 50 */
#define IP_RT_REDIRECT_SILENCE  (IP_RT_REDIRECT_LOAD << (IP_RT_REDIRECT_NUMBER + 1))
#define PEER_PROBES             8

void xr_rl_init(struct xr_icmp_rl *rl, uint32_t ratelimit_ms,
		uint32_t msgs_per_sec, uint32_t msgs_burst)
{
	memset(rl, 0, sizeof(*rl));
	rl->ratelimit_ms = ratelimit_ms;
	rl->ratelimit6_ms = XR_ICMP6_RATELIMIT_MS;
	rl->msgs_per_sec = msgs_per_sec;
	rl->msgs_burst = msgs_burst;
}

/* time_after(a, b) on the millisecond clock */
static int time_after(uint64_t a, uint64_t b)
{
	return (int64_t)(b - a) < 0;
}

/* The kernel's hash_32: the product's high bits, which every bit of the
 * address moves (its low bits follow the address's low bits only: a
 * /16's hosts would all start at one slot). */
static uint32_t hash_32(uint32_t v)
{
	return (v * 0x61C88647u) >> (32 - XR_PEERS_BITS);
}

/* The slot for addr among its probe run: its own, else a free one, else
 * the one looked up longest ago (inet_peer_gc reclaims idle entries;
 * with the table full the kernel reclaims any, ttl 0). */
/* IPv4 (mapped) hashes its address as before; IPv6 its words folded */
static uint32_t peer_hash(const struct xr_in6 *a)
{
	if (xr_na_is4(a))
		return hash_32(ntohl(a->a[3]));
	return hash_32(ntohl(a->a[0] ^ a->a[1] ^ a->a[2] ^ a->a[3]));
}

static struct xr_peer *peer_slot(struct xr_icmp_rl *rl, const struct xr_in6 *addr)
{
	uint32_t h = peer_hash(addr), i;
	struct xr_peer *p, *victim = NULL;

	for (i = 0; i < PEER_PROBES; i++) {
		p = &rl->peers[(h + i) % XR_PEERS];
		if (p->used && xr_in6_eq(&p->addr, addr))
			return p;
		if (!victim || (victim->used &&
				(!p->used || p->dtime < victim->dtime)))
			victim = p;
	}
	return victim;
}

/* inet_getpeer: the entry of addr, made when missing; a live entry
 * (looked up within inet_peer_minttl) replaced is counted. */
static struct xr_peer *getpeer6(struct xr_icmp_rl *rl,
				const struct xr_in6 *addr, uint64_t now)
{
	struct xr_peer *p = peer_slot(rl, addr);

	if (!p->used || !xr_in6_eq(&p->addr, addr)) {
		if (p->used && !time_after(now, p->dtime + XR_PEER_MINTTL_MS))
			rl->evictions++;
		memset(p, 0, sizeof(*p));
		p->used = 1;
		p->addr = *addr;
		/* "60*HZ is arbitrary, but chosen enough high so that the
		 * first calculation of tokens is at its maximum" */
		p->rate_last = now - 60 * 1000;
	}
	p->dtime = now;
	return p;
}

static struct xr_peer *getpeer(struct xr_icmp_rl *rl, __be32 addr,
			       uint64_t now)
{
	struct xr_in6 a = xr_na4(addr);

	return getpeer6(rl, &a, now);
}

uint64_t xr_rl_take_evictions(struct xr_icmp_rl *rl)
{
	uint64_t n = rl->evictions;

	rl->evictions = 0;
	return n;
}

/* icmp_global_allow (Linux 6.12 and later): refill only when empty. */
static int global_allow(struct xr_icmp_rl *rl, uint64_t now)
{
	uint64_t delta;
	int64_t incr;

	if (rl->credit > 0)
		return 1;
	delta = now - rl->stamp;
	if (delta > 1000)
		delta = 1000;
	if (delta < 1000 / 50)
		return 0;
	incr = (int64_t)rl->msgs_per_sec * (int64_t)delta / 1000;
	if (!incr)
		return 0;
	rl->stamp = now;
	rl->credit += incr;
	if (rl->credit > (int64_t)rl->msgs_burst)
		rl->credit = rl->msgs_burst;
	return 1;
}

/* inet_peer_xrlim_allow: the bucket grows only when time has passed */
static int peer_allow(struct xr_peer *p, uint64_t timeout, uint64_t now)
{
	uint64_t token = p->rate_tokens, delta = now - p->rate_last;
	int rc = 0;

	if (delta) {
		p->rate_last = now;
		token += delta;
		if (token > XRLIM_BURST_FACTOR * timeout)
			token = XRLIM_BURST_FACTOR * timeout;
	}
	if (token >= timeout) {
		token -= timeout;
		rc = 1;
	}
	p->rate_tokens = token;
	return rc;
}

int xr_icmp_rl_allow(struct xr_icmp_rl *rl, uint8_t type, uint8_t code,
		     __be32 daddr, uint64_t now_ms)
{
	/* icmpv4_mask_allow: "don't limit PMTU discovery" */
	if (type == 3 && code == 4)
		return XR_RL_ALLOW;
	if (type > 31 || !(XR_ICMP_RATEMASK & (1u << type)))
		return XR_RL_ALLOW;
	if (!global_allow(rl, now_ms))
		return XR_RL_GLOBAL;
	if (rl->ratelimit_ms &&
	    !peer_allow(getpeer(rl, daddr, now_ms), rl->ratelimit_ms, now_ms))
		return XR_RL_HOST;
	rl->credit--;   /* icmp_global_consume: the kernel takes 0-2 at random */
	return XR_RL_ALLOW;
}

/* ip_error: error_cost a message, at most error_burst saved up */
int xr_ip_error_allow(struct xr_icmp_rl *rl, __be32 saddr, uint64_t now_ms)
{
	struct xr_peer *p = getpeer(rl, saddr, now_ms);

	p->rate_tokens += now_ms - p->rate_last;
	if (p->rate_tokens > XR_IP_RT_ERROR_BURST)
		p->rate_tokens = XR_IP_RT_ERROR_BURST;
	p->rate_last = now_ms;
	if (p->rate_tokens < XR_IP_RT_ERROR_COST)
		return 0;
	p->rate_tokens -= XR_IP_RT_ERROR_COST;
	return 1;
}

int xr_redirect_allow(struct xr_icmp_rl *rl, __be32 saddr, uint64_t now_ms)
{
	struct xr_peer *p = getpeer(rl, saddr, now_ms);

	/* "No redirected packets during ip_rt_redirect_silence; reset the
	 * algorithm." */
	if (time_after(now_ms, p->rate_last + IP_RT_REDIRECT_SILENCE)) {
		p->rate_tokens = 0;
		p->n_redirects = 0;
	}
	if (p->n_redirects >= IP_RT_REDIRECT_NUMBER) {
		p->rate_last = now_ms;       /* ignored: stay silent */
		return 0;
	}
	if (p->n_redirects == 0 ||
	    time_after(now_ms, p->rate_last +
			       ((uint64_t)IP_RT_REDIRECT_LOAD << p->n_redirects))) {
		p->rate_last = now_ms;
		p->n_redirects++;
		return 1;
	}
	return 0;
}

/* icmpv6_mask_allow: ratemask "0-1,3-127" */
static int icmp6_limited(uint8_t type)
{
	return type != 2 && type < 128;
}

int xr_icmp6_rl_allow(struct xr_icmp_rl *rl, uint8_t type,
		      const struct xr_in6 *daddr, uint8_t plen, uint64_t now_ms)
{
	uint64_t tmo = rl->ratelimit6_ms;

	if (!icmp6_limited(type))
		return XR_RL_ALLOW;
	if (!global_allow(rl, now_ms))
		return XR_RL_GLOBAL;
	if (plen < 128)
		tmo >>= (128 - plen) >> 5;
	if (!peer_allow(getpeer6(rl, daddr, now_ms), tmo, now_ms))
		return XR_RL_HOST;
	rl->credit--;   /* icmp_global_consume */
	return XR_RL_ALLOW;
}

int xr_peer6_allow(struct xr_icmp_rl *rl, const struct xr_in6 *addr,
		   uint64_t tmo_ms, uint64_t now_ms)
{
	return peer_allow(getpeer6(rl, addr, now_ms), tmo_ms, now_ms);
}
