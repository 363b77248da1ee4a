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

#define ETH_OFF_PROTO 12
#define IP_OFF        14
#define IP_OFF_TTL    (IP_OFF + 8)
#define IP_OFF_CSUM   (IP_OFF + 10)

#endif
