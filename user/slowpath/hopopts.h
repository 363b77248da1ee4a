/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ipv6_parse_hopopts (net/ipv6/exthdrs.c, ip6_parse_tlv) for a router:
 * the Hop-by-Hop options header right after the IPv6 header, with the
 * kernel's defaults (max_hbh_opts_number 8, IOAM off, no CALIPSO DOI).
 */
#ifndef XR_SP_HOPOPTS_H
#define XR_SP_HOPOPTS_H

#include <stddef.h>
#include <stdint.h>

#define XR_MAX_HBH_OPTS 8      /* net.ipv6.max_hbh_opts_number */

enum xr_hbh_verdict {
	XR_HBH_FORWARD = 0,    /* every option understood or skipped */
	XR_HBH_DROP,           /* dropped silently (InHdrErrors) */
	XR_HBH_PARAMPROB,      /* parameter problem code at pointer */
};

/* ip the IPv6 packet of len bytes, its next header 0 (Hop-by-Hop). */
int xr_ip6_hopopts(const uint8_t *ip, size_t len, uint8_t *code,
		   uint32_t *pointer);

#endif
