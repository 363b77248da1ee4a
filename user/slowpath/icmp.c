// SPDX-License-Identifier: GPL-2.0
#include <string.h>
#include <arpa/inet.h>
#include "xdp_router/martian.h"
#include "slowpath/csum.h"
#include "slowpath/icmp.h"

/* icmp_pointers[].error: the types that are errors (RFC 1122 3.2.2). */
static int icmp_is_error(uint8_t type)
{
	switch (type) {
	case ICMP_DEST_UNREACH: case 4 /* source quench */: case ICMP_REDIRECT:
	case ICMP_TIME_EXCEEDED: case ICMP_PARAMETERPROB:
		return 1;
	default:
		/* types the kernel does not know count as errors too */
		return type > 18;
	}
}

static int martian(uint32_t a)
{
	return IPV4_IS_ZERONET(a) || IPV4_IS_LOOPBACK(a) ||
	       IPV4_IS_MULTICAST(a) || IPV4_IS_LBCAST(a);
}

int xr_icmp_may_send(const uint8_t *ip, size_t len, int l2_bcast,
		     int dst_bcast)
{
	size_t hlen = (size_t)(ip[0] & 0x0f) * 4;
	uint16_t frag = (uint16_t)(ip[6] << 8 | ip[7]);
	uint32_t saddr, daddr;

	memcpy(&saddr, ip + 12, 4);
	memcpy(&daddr, ip + 16, 4);
	saddr = ntohl(saddr);
	daddr = ntohl(daddr);
	if (l2_bcast || dst_bcast || IPV4_IS_MULTICAST(daddr) ||
	    IPV4_IS_LBCAST(daddr) || martian(saddr))
		return XR_ICMP_NOT_ABOUT_BCAST;
	if (frag & 0x1fff)
		return XR_ICMP_NOT_ABOUT_FRAGMENT;
	if (ip[9] == 1 /* ICMP */) {
		/* no type to read: treat it as an error, as the kernel does */
		if (len < hlen + 1 || icmp_is_error(ip[hlen]))
			return XR_ICMP_NOT_ABOUT_ERROR;
	}
	return XR_ICMP_SEND;
}

size_t xr_icmp_build(uint8_t *out, const uint8_t *orig, size_t orig_len,
		     uint8_t type, uint8_t code, __be32 info, __be32 saddr,
		     uint16_t id)
{
	size_t quote = orig_len, len;
	uint16_t v;

	if (quote > XR_ICMP_MAX_LEN - 20 - 8)
		quote = XR_ICMP_MAX_LEN - 20 - 8;
	len = 20 + 8 + quote;

	/* ip_build: a header without options */
	out[0] = 0x45;
	out[1] = (uint8_t)((orig[1] & 0x1e) | 0xc0);  /* IPTOS_PREC_INTERNETCONTROL */
	v = htons((uint16_t)len);
	memcpy(out + 2, &v, 2);
	v = htons(id);
	memcpy(out + 4, &v, 2);
	out[6] = out[7] = 0;                          /* IP_PMTUDISC_DONT */
	out[8] = 64;                                  /* sysctl_ip_default_ttl */
	out[9] = 1;
	memcpy(out + 12, &saddr, 4);
	memcpy(out + 16, orig + 12, 4);               /* back to the source */
	xr_ip_send_check(out);

	out[20] = type;
	out[21] = code;
	out[22] = out[23] = 0;
	memcpy(out + 24, &info, 4);
	memcpy(out + 28, orig, quote);
	*(uint16_t *)(out + 22) = xr_csum(out + 20, 8 + quote);
	return len;
}
