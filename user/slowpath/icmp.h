/* SPDX-License-Identifier: GPL-2.0 */
/*
 * icmp_send: building the ICMP error a router sends about a datagram it
 * could not forward (RFC 792, RFC 1812 4.3.2), and the rules for when it
 * must not send one.
 */
#ifndef XR_SP_ICMP_H
#define XR_SP_ICMP_H

#include <stddef.h>
#include <stdint.h>
#include <linux/types.h>

#define ICMP_DEST_UNREACH   3
#define ICMP_REDIRECT       5
#define ICMP_TIME_EXCEEDED  11
#define ICMP_PARAMETERPROB  12

#define ICMP_NET_UNREACH    0
#define ICMP_HOST_UNREACH   1
#define ICMP_FRAG_NEEDED    4
#define ICMP_PKT_FILTERED   13
#define ICMP_REDIR_HOST     1
#define ICMP_EXC_TTL        0

/* RFC 1812 4.3.2.3: an error quotes as much as fits in 576 bytes. */
#define XR_ICMP_MAX_LEN     576

enum xr_icmp_verdict {
	XR_ICMP_SEND = 0,
	XR_ICMP_NOT_ABOUT_ERROR,     /* the datagram is itself an ICMP error */
	XR_ICMP_NOT_ABOUT_FRAGMENT,  /* not the first fragment */
	XR_ICMP_NOT_ABOUT_BCAST,     /* to or from a broadcast/multicast */
};

/*
 * Whether an error may be sent about the IP datagram ip (len bytes, the
 * header valid): not about an ICMP error, a fragment other than the
 * first, a datagram sent to a broadcast or multicast address (dst_bcast:
 * the route said so) or received as link-layer broadcast/multicast
 * (l2_bcast), or from a martian source.
 */
int xr_icmp_may_send(const uint8_t *ip, size_t len, int l2_bcast,
		     int dst_bcast);

/*
 * Builds the IP datagram of an ICMP error of type/code about orig (an IP
 * datagram of orig_len bytes) into out (XR_ICMP_MAX_LEN bytes at least):
 * from saddr to orig's source, TTL 64, TOS as icmp_send sets it, id as
 * given; the ICMP header's second word is info (network order: the next
 * hop MTU in its low 16 bits, a parameter-problem pointer in its top 8,
 * a redirect's gateway). The quote is orig's header and as much of the
 * rest as keeps the whole within 576 bytes. Returns the length.
 */
size_t xr_icmp_build(uint8_t *out, const uint8_t *orig, size_t orig_len,
		     uint8_t type, uint8_t code, __be32 info, __be32 saddr,
		     uint16_t id);

#endif
