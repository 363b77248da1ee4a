// SPDX-License-Identifier: GPL-2.0
#include <string.h>
#include <arpa/inet.h>
#include "slowpath/csum.h"
#include "slowpath/icmp6.h"
#include "slowpath/naddr.h"
#include "slowpath/ndisc.h"

void xr_ndisc_snma(const struct xr_in6 *target, struct xr_in6 *mc)
{
	mc->a[0] = htonl(0xff020000);
	mc->a[1] = 0;
	mc->a[2] = htonl(1);
	mc->a[3] = htonl(0xff000000) | (target->a[3] & htonl(0x00ffffff));
}

/* ndisc_fill_addr_option for Ethernet: 8 bytes */
static void lladdr_opt(uint8_t *o, uint8_t type, const uint8_t mac[6])
{
	o[0] = type;
	o[1] = 1;
	memcpy(o + 2, mac, 6);
}

size_t xr_ndisc_build_ns(uint8_t *out, const uint8_t smac[6],
			 const struct xr_in6 *saddr,
			 const struct xr_in6 *target, const uint8_t *dmac)
{
	uint8_t *ip = out + 14, *ns = ip + XR_IP6_HLEN;
	struct xr_in6 dst = *target;

	if (!dmac)
		xr_ndisc_snma(target, &dst);
	if (dmac) {
		memcpy(out, dmac, 6);
	} else {                            /* ipv6_eth_mc_map */
		out[0] = out[1] = 0x33;
		memcpy(out + 2, (const uint8_t *)&dst + 12, 4);
	}
	memcpy(out + 6, smac, 6);
	out[12] = 0x86;
	out[13] = 0xdd;
	xr_ip6_hdr(ip, 32, IPPROTO_ICMPV6_, 255, saddr, &dst);
	memset(ns, 0, 8);
	ns[0] = NDISC_NEIGHBOUR_SOLICITATION;
	memcpy(ns + 8, target, 16);
	lladdr_opt(ns + 24, ND_OPT_SOURCE_LL_ADDR, smac);
	xr_icmp6_csum_set(ip);
	return XR_NS_LEN;
}

/* ndisc_parse_options: each option of a non-zero length within the
 * message; the link-layer one of this message's kind kept (8 bytes). */
static int nd_options(const uint8_t *o, size_t len, uint8_t want,
		      struct xr_nd *nd)
{
	while (len) {
		size_t ol = len < 2 ? 0 : (size_t)o[1] * 8;

		if (!ol || ol > len)
			return -1;
		if (o[0] == want) {
			if (ol != 8)            /* ndisc_opt_addr_data */
				return -1;
			memcpy(nd->lladdr, o + 2, 6);
			nd->has_lladdr = 1;
		}
		o += ol;
		len -= ol;
	}
	return 0;
}

/* ndisc_recv_ns/na's first checks */
static int nd_sane(const struct xr_nd *nd)
{
	if (xr_in6_mcast(&nd->target))
		return -1;
	if (nd->type == NDISC_NEIGHBOUR_ADVERTISEMENT)
		return xr_in6_mcast(&nd->daddr) && (nd->flags & ND_NA_SOLICITED) ?
		       -1 : 0;
	return xr_in6_any(&nd->saddr) && nd->has_lladdr ? -1 : 0;
}

int xr_ndisc_parse(const uint8_t *frame, size_t len, struct xr_nd *nd)
{
	const uint8_t *ip = frame + 14, *m = ip + XR_IP6_HLEN;
	size_t plen;

	if (len < 14 + XR_IP6_HLEN + 24 || frame[12] != 0x86 ||
	    frame[13] != 0xdd || (ip[0] >> 4) != 6)
		return -1;
	plen = (size_t)(ip[4] << 8 | ip[5]);
	if (plen < 24 || plen > len - 14 - XR_IP6_HLEN ||
	    ip[6] != IPPROTO_ICMPV6_ || ip[7] != 255 || m[1] != 0 ||
	    (m[0] != NDISC_NEIGHBOUR_SOLICITATION &&
	     m[0] != NDISC_NEIGHBOUR_ADVERTISEMENT) ||
	    xr_csum6(ip, m, plen, IPPROTO_ICMPV6_) != 0)
		return -1;
	memset(nd, 0, sizeof(*nd));
	nd->type = m[0];
	nd->flags = m[0] == NDISC_NEIGHBOUR_ADVERTISEMENT ? m[4] & 0xe0 : 0;
	nd->mcast = frame[0] & 1;
	memcpy(&nd->saddr, ip + 8, 16);
	memcpy(&nd->daddr, ip + 24, 16);
	memcpy(&nd->target, m + 8, 16);
	if (nd_options(m + 24, plen - 24, nd->type == NDISC_NEIGHBOUR_SOLICITATION ?
		       ND_OPT_SOURCE_LL_ADDR : ND_OPT_TARGET_LL_ADDR, nd))
		return -1;
	return nd_sane(nd);
}

size_t xr_ndisc_build_redirect(uint8_t *out, const uint8_t *orig,
			       size_t orig_len, const struct xr_in6 *saddr,
			       const struct xr_in6 *target,
			       const uint8_t *tlladdr)
{
	uint8_t *rd = out + XR_IP6_HLEN, *o = rd + 40;
	size_t optlen = tlladdr ? 8 : 0, rd_len;

	rd_len = IPV6_MIN_MTU - XR_IP6_HLEN - 40 - optlen;
	if (rd_len > orig_len + 8)
		rd_len = orig_len + 8;
	rd_len &= ~(size_t)7;
	xr_ip6_hdr(out, 40 + optlen + rd_len, IPPROTO_ICMPV6_, 255, saddr,
		   (const struct xr_in6 *)(const void *)(orig + 8));
	memset(rd, 0, 8);
	rd[0] = NDISC_REDIRECT;
	memcpy(rd + 8, target, 16);
	memcpy(rd + 24, orig + 24, 16);          /* the destination */
	if (tlladdr) {
		lladdr_opt(o, ND_OPT_TARGET_LL_ADDR, tlladdr);
		o += 8;
	}
	if (rd_len) {                            /* redirected header */
		memset(o, 0, 8);
		o[0] = ND_OPT_REDIRECT_HDR;
		o[1] = (uint8_t)(rd_len >> 3);
		memcpy(o + 8, orig, rd_len - 8);
	}
	xr_icmp6_csum_set(out);
	return XR_IP6_HLEN + 40 + optlen + rd_len;
}
