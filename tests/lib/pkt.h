/* SPDX-License-Identifier: GPL-2.0 */
/* Packet builders and checkers shared by the tests and the benchmark. */
#ifndef XR_TEST_PKT_H
#define XR_TEST_PKT_H

#include <stddef.h>
#include <stdint.h>
#include <linux/types.h>

struct pkt_spec {
	uint8_t dmac[6];
	uint8_t smac[6];
	uint16_t ethertype;       /* host order; 0: IPv4 */
	const char *saddr;        /* dotted quads */
	const char *daddr;
	uint8_t ttl;              /* 0 means 64; use ttl_zero for 0 */
	int ttl_zero;
	uint8_t proto;            /* 0: UDP */
	uint8_t version;          /* 0: 4 */
	uint8_t ihl;              /* 0: 5 + options/4 */
	const uint8_t *options;   /* IP options, padded to 4 bytes by caller */
	size_t options_len;
	size_t payload_len;       /* bytes after the IP header */
	int df;
	uint16_t id;
	int tot_len_delta;        /* added to the correct tot_len */
	size_t padding;           /* link-layer bytes after the datagram */
	int bad_csum;             /* flip the checksum */
};

/* Builds an Ethernet frame; returns its length. buf must be large. */
size_t pkt_build(uint8_t *buf, const struct pkt_spec *s);
/* The Internet checksum of a buffer, computed from scratch. */
uint16_t pkt_csum(const void *data, size_t len);
/* The IPv4 header checksum recomputed from scratch with the stored
 * field taken as zero (network order value). */
uint16_t pkt_ip_csum_recompute(const uint8_t *frame);
__be32 pkt_addr(const char *dotted);
/* Sets the IP ID so that the header checksum becomes want (host order).
 * Returns 0, or -1 when no ID gives it. */
int pkt_force_csum(uint8_t *frame, uint16_t want);

/* An IPv6 frame: header, the extension headers given (raw, their own
 * next header fields written by the caller), then the upper layer: a
 * UDP datagram or an ICMPv6 echo request with its checksum. */
struct pkt6_spec {
	uint8_t dmac[6];
	uint8_t smac[6];
	const char *saddr;        /* IPv6 text; NULL: 2001:db8:1::2 */
	const char *daddr;        /* NULL: 2001:db8:3::9 */
	uint8_t hop_limit;        /* 0 means 64; hl_zero for 0 */
	int hl_zero;
	uint8_t version;          /* 0: 6 */
	uint8_t tclass;
	uint32_t flow;            /* 20 bits */
	uint8_t proto;            /* the upper layer: 0 UDP, 58 ICMPv6 */
	uint8_t nexthdr;          /* with ext: the first extension's type */
	const uint8_t *ext;
	size_t ext_len;
	size_t payload_len;       /* upper-layer bytes (>= 8) */
	int plen_delta;           /* added to the correct payload length */
	size_t padding;           /* link-layer bytes after the packet */
};

size_t pkt6_build(uint8_t *buf, const struct pkt6_spec *s);
/* 16 bytes of an IPv6 address from text; 0, or -1 when it is not one. */
int pkt_addr6(const char *text, void *addr16);
/* Whether the ICMPv6 message right after the IPv6 header ip6 (as long
 * as its payload length says, at most 2,048 bytes) has a correct
 * checksum, the pseudo-header's included. */
int pkt_icmp6_csum_ok(const uint8_t *ip6);

#define ETH_OFF_PROTO 12
#define IP_OFF        14
#define IP_OFF_TTL    (IP_OFF + 8)
#define IP_OFF_CSUM   (IP_OFF + 10)
#define IP6_OFF_PLEN  (IP_OFF + 4)
#define IP6_OFF_NH    (IP_OFF + 6)
#define IP6_OFF_HLIM  (IP_OFF + 7)
#define IP6_OFF_SADDR (IP_OFF + 8)
#define IP6_OFF_DADDR (IP_OFF + 24)
#define IP6_OFF_L4    (IP_OFF + 40)   /* with no extension header */

#endif
