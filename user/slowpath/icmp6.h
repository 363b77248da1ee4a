/* SPDX-License-Identifier: GPL-2.0 */
/*
 * icmpv6_send: the ICMPv6 errors a router sends (RFC 4443) about a
 * packet it could not forward, the rules of icmp6_send for when it must
 * not, and the IPv6 header the slow path writes (ip6_flow_hdr).
 */
#ifndef XR_SP_ICMP6_H
#define XR_SP_ICMP6_H

#include <stddef.h>
#include <stdint.h>
#include "xdp_router/abi.h"

#define ICMPV6_DEST_UNREACH    1
#define ICMPV6_PKT_TOOBIG      2
#define ICMPV6_TIME_EXCEED     3
#define ICMPV6_PARAMPROB       4
#define ICMPV6_NOROUTE         0
#define ICMPV6_ADM_PROHIBITED  1
#define ICMPV6_NOT_NEIGHBOUR   2      /* beyond scope of source address */
#define ICMPV6_ADDR_UNREACH    3
#define ICMPV6_EXC_HOPLIMIT    0
#define ICMPV6_HDR_FIELD       0
#define ICMPV6_UNK_OPTION      2
#define NDISC_NEIGHBOUR_SOLICITATION  135
#define NDISC_NEIGHBOUR_ADVERTISEMENT 136
#define NDISC_REDIRECT                137

#define IPV6_MIN_MTU           1280   /* an error fits in it */
#define XR_IP6_HLEN            40
#define IPPROTO_ICMPV6_        58

/*
 * Whether an error of type/code (info: a parameter problem's pointer)
 * may be sent about the IPv6 packet ip (len bytes, 40 at least): never
 * from an unspecified or multicast source (XR_ICMP_NOT_ABOUT_BCAST),
 * nor about a packet to a multicast address or received as link-layer
 * multicast (l2_mcast), except packet too big and a parameter problem
 * about an option whose action bits are 10 (opt_unrec), nor about an
 * ICMPv6 error (is_ineligible: after the extension headers, a type
 * below 128; XR_ICMP_NOT_ABOUT_ERROR). An enum xr_icmp_verdict.
 */
int xr_icmp6_may_send(const uint8_t *ip, size_t len, int l2_mcast,
		      uint8_t type, uint8_t code, uint32_t info);

/* An IPv6 header: payload plen bytes, next header nh, hop limit hlim,
 * traffic class and flow label 0. */
void xr_ip6_hdr(uint8_t *out, size_t plen, uint8_t nh, uint8_t hlim,
		const struct xr_in6 *saddr, const struct xr_in6 *daddr);
/* The ICMPv6 checksum of the packet ip6 (a message right after the
 * header, as long as the payload length says), written in place. */
void xr_icmp6_csum_set(uint8_t *ip6);

/*
 * The packet of an ICMPv6 error about orig (orig_len bytes) into out
 * (IPV6_MIN_MTU bytes at least): from saddr to orig's source, hop limit
 * 64, the header's second word info (an MTU, a pointer; host order),
 * then orig's first bytes, as many as keep the whole within 1280.
 * Returns the length.
 */
size_t xr_icmp6_build(uint8_t *out, const uint8_t *orig, size_t orig_len,
		      uint8_t type, uint8_t code, uint32_t info,
		      const struct xr_in6 *saddr);

#endif
