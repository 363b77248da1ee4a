/* SPDX-License-Identifier: GPL-2.0 */
/* Per-CPU counters: IP and IPv6 MIB, exception reasons, interface rx/tx. */
#ifndef XR_BPF_STATS_H
#define XR_BPF_STATS_H
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include "../../include/xdp_router/abi.h"
#include "ctx.h"
#include "maps.h"

#ifdef XR_PROBE
#include "probe.h"     /* route get: counts into the probe's own */
#endif

/* this CPU's counters, looked up once a packet */
static __always_inline void xr_stats_begin(struct xr_ctx *c)
{
#ifdef XR_PROBE
	c->cnt = &xr_probe_counters;
#else
	__u32 zero = 0;

	c->cnt = bpf_map_lookup_elem(&xr_counters, &zero);
#endif
}

static __always_inline void xr_count_add(struct xr_ctx *c, __u32 idx, __u64 n)
{
	if (c->cnt && idx < XR_CNT_MAX)
		c->cnt->c[idx] += n;
}

/* These count through the parse context named c in the caller's scope. */
#define XR_MIB_INC(m)        xr_count_add(c, XR_CNT_MIB(XR_MIB_##m), 1)
#define XR_MIB_ADD(m, n)     xr_count_add(c, XR_CNT_MIB(XR_MIB_##m), (n))
#define XR_MIB6_INC(m)       xr_count_add(c, XR_CNT_MIB6(XR_MIB6_##m), 1)
#define XR_MIB6_ADD(m, n)    xr_count_add(c, XR_CNT_MIB6(XR_MIB6_##m), (n))
#define XR_OTHER_INC(o)      xr_count_add(c, XR_CNT_OTHER(XR_CNT_##o), 1)
#define XR_REASON_INC(r)     xr_count_add(c, XR_CNT_REASON(r), 1)

/* The family's counter of a header error (InHdrErrors, Ip6InHdrErrors)
 * and of a packet the entry could not take in or send out (InDiscards,
 * OutDiscards; Ip6InDiscards, Ip6OutDiscards). */
static __always_inline void xr_mib_in_hdr_errors(struct xr_ctx *c)
{
	if (c->family == AF_INET6)
		XR_MIB6_INC(Ip6InHdrErrors);
	else
		XR_MIB_INC(InHdrErrors);
}

static __always_inline void xr_mib_in_discards(struct xr_ctx *c)
{
	if (c->family == AF_INET6)
		XR_MIB6_INC(Ip6InDiscards);
	else
		XR_MIB_INC(InDiscards);
}

static __always_inline void xr_mib_out_discards(struct xr_ctx *c)
{
	if (c->family == AF_INET6)
		XR_MIB6_INC(Ip6OutDiscards);
	else
		XR_MIB_INC(OutDiscards);
}

/* A link's counters (none for route get's probe). */
#ifdef XR_PROBE
#define XR_IF_STATS(ifindex) ((struct xr_if_stats *)0)
#else
#define XR_IF_STATS(ifindex) bpf_map_lookup_elem(&xr_if_stats, &(ifindex))
#endif

static __always_inline void xr_if_rx(__u32 ifindex, __u64 bytes)
{
	struct xr_if_stats *s = XR_IF_STATS(ifindex);

	if (s) {
		s->rx_packets++;
		s->rx_bytes += bytes;
	}
}

static __always_inline void xr_if_tx(__u32 ifindex, __u64 bytes)
{
	struct xr_if_stats *s = XR_IF_STATS(ifindex);

	if (s) {
		s->tx_packets++;
		s->tx_bytes += bytes;
	}
}

#endif
