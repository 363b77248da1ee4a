/* SPDX-License-Identifier: GPL-2.0 */
/* ARP frames (RFC 826) for Ethernet and IPv4: arp_send, arp_rcv's parse. */
#ifndef XR_SP_ARP_H
#define XR_SP_ARP_H

#include <stddef.h>
#include <stdint.h>
#include <linux/types.h>

#define ARPOP_REQUEST 1
#define ARPOP_REPLY   2
#define XR_ARP_LEN    42     /* Ethernet header + ARP for IPv4 */

struct xr_arp {
	uint16_t op;
	uint8_t sha[6];
	__be32 sip;
	uint8_t tha[6];
	__be32 tip;
	uint8_t bcast;         /* sent to a broadcast or multicast MAC */
};

/* Who has tip? Tell sip (at smac). To dmac, or broadcast when NULL (an
 * unresolved neighbour; probes of a stale one go unicast). */
size_t xr_arp_build_request(uint8_t *out, const uint8_t smac[6], __be32 sip,
			    __be32 tip, const uint8_t *dmac);
/* 0 when frame is an Ethernet/IPv4 ARP packet (a filled), else -1. */
int xr_arp_parse(const uint8_t *frame, size_t len, struct xr_arp *a);

#endif
