/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Neighbour discovery frames (RFC 4861) for Ethernet: ndisc_send_ns,
 * ndisc_send_redirect's message, and what ndisc_rcv checks of a
 * solicitation or advertisement before ndisc_recv_ns/na use it.
 */
#ifndef XR_SP_NDISC_H
#define XR_SP_NDISC_H

#include <stddef.h>
#include <stdint.h>
#include "xdp_router/abi.h"

#define XR_NS_LEN   (14 + 40 + 32)   /* Ethernet, IPv6, NS with SLLAO */
#define ND_OPT_SOURCE_LL_ADDR 1
#define ND_OPT_TARGET_LL_ADDR 2
#define ND_OPT_REDIRECT_HDR   4
#define ND_NA_ROUTER    0x80
#define ND_NA_SOLICITED 0x40
#define ND_NA_OVERRIDE  0x20

struct xr_nd {
	uint8_t type;            /* 135 (NS) or 136 (NA) */
	uint8_t flags;           /* NA: ND_NA_* */
	uint8_t has_lladdr;      /* a source (NS) or target (NA) option */
	uint8_t mcast;           /* sent to a multicast MAC */
	uint8_t lladdr[6];
	struct xr_in6 saddr, daddr, target;
};

/* addrconf_addr_solict_mult: ff02::1:ffXX:XXXX of target */
void xr_ndisc_snma(const struct xr_in6 *target, struct xr_in6 *mc);
/*
 * A neighbour solicitation for target from saddr (at smac), with the
 * source link-layer address option: to target's solicited-node
 * multicast address and its MAC 33:33:ff:XX:XX:XX, or, dmac given (a
 * probe), to target itself at dmac. Hop limit 255. XR_NS_LEN bytes.
 */
size_t xr_ndisc_build_ns(uint8_t *out, const uint8_t smac[6],
			 const struct xr_in6 *saddr,
			 const struct xr_in6 *target, const uint8_t *dmac);
/* 0 when frame is an NS or NA ndisc_rcv accepts (hop limit 255, code 0,
 * checksum, length, well-formed options, no multicast target, no
 * solicited NA to a multicast address, no source option from ::). */
int xr_ndisc_parse(const uint8_t *frame, size_t len, struct xr_nd *nd);
/*
 * ndisc_send_redirect's packet into out (IPV6_MIN_MTU bytes): from
 * saddr (the link's link-local address) to orig's source, hop limit
 * 255: target (the better first hop), destination (orig's), the target
 * link-layer address option when tlladdr is known, and the redirected
 * header option holding as much of orig as fits in 1280 bytes, cut to
 * a multiple of 8. Returns the length.
 */
size_t xr_ndisc_build_redirect(uint8_t *out, const uint8_t *orig,
			       size_t orig_len, const struct xr_in6 *saddr,
			       const struct xr_in6 *target,
			       const uint8_t *tlladdr);

#endif
