// SPDX-License-Identifier: GPL-2.0
#include <arpa/inet.h>
#include <string.h>
#include "slowpath/hopopts.h"
#include "slowpath/icmp6.h"

#define TLV_PAD1   0
#define TLV_PADN   1
#define TLV_RA     5       /* router alert */
#define TLV_CALIPSO 7
#define TLV_IOAM   0x31
#define TLV_JUMBO  0xc2

struct tlv_ctx {
	const uint8_t *nh;     /* the IPv6 header: offsets count from it */
	size_t len;            /* the packet's */
	uint8_t code;
	uint32_t pointer;
};

static int param_prob(struct tlv_ctx *c, uint8_t code, uint32_t pointer)
{
	c->code = code;
	c->pointer = pointer;
	return XR_HBH_PARAMPROB;
}

/* ipv6_hop_jumbo: no jumbogram fits a punted frame */
static int hop_jumbo(struct tlv_ctx *c, size_t off)
{
	uint32_t pkt_len;

	if (c->nh[off + 1] != 4 || (off & 3) != 2)
		return XR_HBH_DROP;
	memcpy(&pkt_len, c->nh + off + 2, 4);
	if (ntohl(pkt_len) <= 65535)
		return param_prob(c, ICMPV6_HDR_FIELD, (uint32_t)off + 2);
	if (c->nh[4] | c->nh[5])
		return param_prob(c, ICMPV6_HDR_FIELD, (uint32_t)off);
	return XR_HBH_DROP;          /* longer than the frame: truncated */
}

/* ip6_tlvopt_unknown: the option type's two high bits say */
static int tlv_unknown(struct tlv_ctx *c, size_t off)
{
	switch (c->nh[off] >> 6) {
	case 0:
		return XR_HBH_FORWARD;
	case 1:
		return XR_HBH_DROP;
	case 3:
		if (c->nh[24] == 0xff)   /* to a multicast address */
			return XR_HBH_DROP;
		/* fallthrough */
	default:
		return param_prob(c, ICMPV6_UNK_OPTION, (uint32_t)off);
	}
}

static int tlv_one(struct tlv_ctx *c, size_t off)
{
	switch (c->nh[off]) {
	case TLV_RA:              /* ipv6_hop_ra: then forwarded */
		return c->nh[off + 1] == 2 ? XR_HBH_FORWARD : XR_HBH_DROP;
	case TLV_IOAM:            /* ipv6_hop_ioam: IOAM off, skipped */
		return off & 3 ? XR_HBH_DROP : XR_HBH_FORWARD;
	case TLV_JUMBO:
		return hop_jumbo(c, off);
	case TLV_CALIPSO:         /* calipso_validate: no DOI known */
		return XR_HBH_DROP;
	default:
		return tlv_unknown(c, off);
	}
}

/* PadN: its padding counted (at most 7 in a row) and all zeros */
static int tlv_padn(struct tlv_ctx *c, size_t off, size_t optlen, size_t *padlen)
{
	size_t i;

	*padlen += optlen;
	if (*padlen > 7)
		return XR_HBH_DROP;
	for (i = 2; i < optlen; i++)
		if (c->nh[off + i])
			return XR_HBH_DROP;
	return XR_HBH_FORWARD;
}

/* ip6_parse_tlv over the options from off, left bytes */
static int parse_tlv(struct tlv_ctx *c, size_t off, size_t left)
{
	size_t padlen = 0, count = 0, optlen;
	int v;

	while (left > 0) {
		if (c->nh[off] == TLV_PAD1) {
			if (++padlen > 7)
				return XR_HBH_DROP;
			off++;
			left--;
			continue;
		}
		if (left < 2 || (optlen = (size_t)c->nh[off + 1] + 2) > left)
			return XR_HBH_DROP;
		if (c->nh[off] == TLV_PADN) {
			v = tlv_padn(c, off, optlen, &padlen);
		} else {
			v = ++count > XR_MAX_HBH_OPTS ? XR_HBH_DROP : tlv_one(c, off);
			padlen = 0;
		}
		if (v != XR_HBH_FORWARD)
			return v;
		off += optlen;
		left -= optlen;
	}
	return XR_HBH_FORWARD;
}

int xr_ip6_hopopts(const uint8_t *ip, size_t len, uint8_t *code,
		   uint32_t *pointer)
{
	struct tlv_ctx c = { ip, len, 0, 0 };
	size_t hlen;
	int v;

	if (len < XR_IP6_HLEN + 8)
		return XR_HBH_DROP;
	hlen = ((size_t)ip[XR_IP6_HLEN + 1] + 1) << 3;
	if (XR_IP6_HLEN + hlen > len)
		return XR_HBH_DROP;
	v = parse_tlv(&c, XR_IP6_HLEN + 2, hlen - 2);
	*code = c.code;
	*pointer = c.pointer;
	return v;
}
