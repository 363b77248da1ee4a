// SPDX-License-Identifier: GPL-2.0
/* icmp6_send's rules and the error's bytes (net/ipv6/icmp.c). */
#include <string.h>
#include <arpa/inet.h>
#include "slowpath/csum.h"
#include "slowpath/icmp.h"
#include "slowpath/icmp6.h"
#include "slowpath/naddr.h"

/* ipv6_ext_hdr: what ipv6_skip_exthdr walks over */
static int ext_hdr(uint8_t nh)
{
	return XR_IP6_EXT_HDR(nh) || nh == XR_IP6_NEXTHDR_NONE;
}

/*
 * ipv6_skip_exthdr: the offset of the upper-layer header and its type
 * in *nh, or -1 (no next header, or a header's first bytes cut short).
 * A fragment other than the first stops the walk (its next header
 * unread).
 */
static long skip_exthdr(const uint8_t *ip, size_t len, uint8_t *nh)
{
	size_t off = XR_IP6_HLEN;

	while (ext_hdr(*nh)) {
		size_t hlen;

		if (*nh == 59 || off + (*nh == 44 ? 4 : 2) > len)
			return -1;
		if (*nh == 44) {
			if ((ip[off + 2] << 8 | ip[off + 3]) & ~7)
				break;
			hlen = 8;
		} else if (*nh == 51) {
			hlen = ((size_t)ip[off + 1] + 2) << 2;   /* ipv6_authlen */
		} else {
			hlen = ((size_t)ip[off + 1] + 1) << 3;   /* ipv6_optlen */
		}
		*nh = ip[off];
		off += hlen;
	}
	return (long)off;
}

/* is_ineligible: an ICMPv6 error (or no type to read) is not answered */
static int is_ineligible(const uint8_t *ip, size_t len)
{
	uint8_t nh = ip[6];
	long off = skip_exthdr(ip, len, &nh);

	if (off < 0 || nh != IPPROTO_ICMPV6_)
		return 0;
	return (size_t)off >= len || !(ip[off] & 0x80);
}

/* opt_unrec: the option at offset is one whose action bits are 10 */
static int opt_unrec(const uint8_t *ip, size_t len, uint32_t offset)
{
	return offset >= len || (ip[offset] & 0xc0) == 0x80;
}

int xr_icmp6_may_send(const uint8_t *ip, size_t len, int l2_mcast,
		      uint8_t type, uint8_t code, uint32_t info)
{
	const struct xr_in6 *s = (const void *)(ip + 8), *d = (const void *)(ip + 24);
	struct xr_in6 src, dst;

	memcpy(&src, s, sizeof(src));
	memcpy(&dst, d, sizeof(dst));
	if ((xr_in6_mcast(&dst) || l2_mcast) && type != ICMPV6_PKT_TOOBIG &&
	    !(type == ICMPV6_PARAMPROB && code == ICMPV6_UNK_OPTION &&
	      opt_unrec(ip, len, info)))
		return XR_ICMP_NOT_ABOUT_BCAST;
	if (xr_in6_any(&src) || xr_in6_mcast(&src))
		return XR_ICMP_NOT_ABOUT_BCAST;
	if (is_ineligible(ip, len))
		return XR_ICMP_NOT_ABOUT_ERROR;
	return XR_ICMP_SEND;
}

void xr_ip6_hdr(uint8_t *out, size_t plen, uint8_t nh, uint8_t hlim,
		const struct xr_in6 *saddr, const struct xr_in6 *daddr)
{
	memset(out, 0, 4);
	out[0] = 0x60;
	out[4] = (uint8_t)(plen >> 8);
	out[5] = (uint8_t)plen;
	out[6] = nh;
	out[7] = hlim;
	memcpy(out + 8, saddr, 16);
	memcpy(out + 24, daddr, 16);
}

void xr_icmp6_csum_set(uint8_t *ip6)
{
	size_t plen = (size_t)(ip6[4] << 8 | ip6[5]);
	uint8_t *icmp = ip6 + XR_IP6_HLEN;
	uint16_t c;

	icmp[2] = icmp[3] = 0;
	c = xr_csum6(ip6, icmp, plen, IPPROTO_ICMPV6_);
	memcpy(icmp + 2, &c, 2);
}

size_t xr_icmp6_build(uint8_t *out, const uint8_t *orig, size_t orig_len,
		      uint8_t type, uint8_t code, uint32_t info,
		      const struct xr_in6 *saddr)
{
	size_t quote = orig_len;
	uint32_t be = htonl(info);
	uint8_t *icmp = out + XR_IP6_HLEN;

	if (quote > IPV6_MIN_MTU - XR_IP6_HLEN - 8)
		quote = IPV6_MIN_MTU - XR_IP6_HLEN - 8;
	xr_ip6_hdr(out, 8 + quote, IPPROTO_ICMPV6_, 64, saddr,
		   (const struct xr_in6 *)(const void *)(orig + 8));
	icmp[0] = type;
	icmp[1] = code;
	memcpy(icmp + 4, &be, 4);
	memcpy(icmp + 8, orig, quote);
	xr_icmp6_csum_set(out);
	return XR_IP6_HLEN + 8 + quote;
}
