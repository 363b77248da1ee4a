/* SPDX-License-Identifier: GPL-2.0 */
/*
 * IP options of forwarded datagrams (RFC 791), as net/ipv4/ip_options.c
 * handles them: ip_options_compile on receipt (checks every option,
 * stamps Timestamp), ip_forward_options on the way out (Record Route and
 * Timestamp get the egress address), ip_options_fragment for the
 * fragments after the first.
 */
#ifndef XR_SP_IPOPT_H
#define XR_SP_IPOPT_H

#include <stdint.h>
#include <linux/types.h>

#define IPOPT_END       0
#define IPOPT_NOOP      1
#define IPOPT_RR        7
#define IPOPT_TIMESTAMP 68
#define IPOPT_LSRR      131
#define IPOPT_SSRR      137
#define IPOPT_COPIED(o) ((o) & 0x80)

#define IPOPT_TS_TSONLY    0
#define IPOPT_TS_TSANDADDR 1
#define IPOPT_TS_PRESPEC   3

/* What compile found: offsets from the start of the IP header. */
struct xr_ipopt {
	uint8_t optlen;
	uint8_t srr;            /* LSRR or SSRR */
	uint8_t rr;
	uint8_t ts;
	uint8_t rr_needaddr;    /* RR had room: forward writes its slot */
	uint8_t ts_needaddr;    /* TS with addresses had room */
};

enum {
	XR_IPOPT_OK = 0,
	XR_IPOPT_PARAMPROB,     /* *pp_ptr: offset of the bad byte */
};

/*
 * ip_options_compile for a received datagram ip (header with ihl > 5,
 * already length-checked). Stamps Timestamp options with now_ms (ms
 * since midnight UT) and spec_dst (the address of the ingress link);
 * is_local tells which addresses are the router's (prespecified
 * timestamps). Changes the header in place; the caller recomputes the
 * checksum.
 */
int xr_ip_options_compile(uint8_t *ip, struct xr_ipopt *o, __be32 spec_dst,
			  uint32_t now_ms, int (*is_local)(__be32, void *),
			  void *arg, uint8_t *pp_ptr);
/* ip_forward_options: the egress address into Record Route and
 * Timestamp-with-address. Returns whether the header changed. */
int xr_ip_options_forward(uint8_t *ip, const struct xr_ipopt *o,
			  __be32 egress);
/* ip_options_fragment: options without the copy bit become NOOPs (the
 * header keeps its length, as Linux does). */
void xr_ip_options_fragment(uint8_t *ip);
/* inet_current_timestamp: ms since midnight UT. */
uint32_t xr_ip_timestamp_now(void);

#endif
