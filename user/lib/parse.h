/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Parsers for the words of the CLI. Each returns 0, or -1 after one
 * error line on stderr that names the bad word.
 */
#ifndef XR_PARSE_H
#define XR_PARSE_H

#include <stdint.h>
#include <sys/socket.h>
#include <linux/types.h>
#include "xdp_router/abi/route6.h"

/* An address of either family: ip's words take the family from the
 * address. IPv4 is in the first four bytes. */
struct xr_inaddr {
	int family;                /* AF_INET, AF_INET6; 0: "default" of no
				    * family yet */
	union {
		__be32 v4;
		struct xr_in6 v6;
		uint8_t b[16];
	};
};

#define XR_ADDRSTRLEN 46           /* INET6_ADDRSTRLEN */
#define XR_PFXSTRLEN  50           /* and "/128" */

/* Dotted quad, exactly four decimal parts of 0..255. */
int xr_parse_ipv4(const char *word, __be32 *addr);
/* Like xr_parse_ipv4 but silent: for telling words apart. */
int xr_is_ipv4(const char *word);
/* A.B.C.D[/N] or "default"; host bits set is an error, as in iproute2. */
int xr_parse_prefix(const char *word, __be32 *addr, uint8_t *plen);
/* An address of family (AF_INET, AF_INET6; 0: either) in every form
 * inet_pton takes for IPv6 (compressed, embedded IPv4) and the strict
 * dotted quad for IPv4. The error says when it is the other family. */
int xr_parse_inaddr(const char *word, int family, struct xr_inaddr *a);
int xr_parse_ipv6(const char *word, struct xr_in6 *addr);
/* ADDR[/N] or "default" (family kept as given: 0 stays 0, for the
 * gateway to decide); host bits set and lengths above the family's are
 * errors. */
int xr_parse_inprefix(const char *word, int family, struct xr_inaddr *a,
		      uint8_t *plen);
/* 32 or 128 */
int xr_family_bits(int family);
/* Clear the bits after plen. */
void xr_inaddr_mask(struct xr_inaddr *a, uint8_t plen);
int xr_inaddr_eq(const struct xr_inaddr *a, const struct xr_inaddr *b);
int xr_inaddr_is_zero(const struct xr_inaddr *a);
/* IPv6 multicast (ff00::/8), link-local unicast (fe80::/10); 0 for IPv4. */
static inline int xr_inaddr_mcast6(const struct xr_inaddr *a)
{
	return a->family == AF_INET6 && a->b[0] == 0xff;
}

static inline int xr_inaddr_ll6(const struct xr_inaddr *a)
{
	return a->family == AF_INET6 && a->b[0] == 0xfe &&
	       (a->b[1] & 0xc0) == 0x80;
}

/* aa:bb:cc:dd:ee:ff (also aa-bb-...); not all-zero, not multicast. */
int xr_parse_mac(const char *word, uint8_t mac[6]);
/* A decimal number in min..max; the error names what it is for. */
int xr_parse_u32(const char *word, const char *what, uint32_t min,
		 uint32_t max, uint32_t *out);
/* A network device of this namespace; its index. */
int xr_parse_dev(const char *word, uint32_t *ifindex);

__be32 xr_plen_mask(uint8_t plen);

/* Formatting. */
char *xr_fmt_ipv4(__be32 addr, char *buf);       /* 16 bytes */
char *xr_fmt_prefix(__be32 addr, uint8_t plen, char *buf); /* 19 bytes */
/* RFC 5952 (XR_ADDRSTRLEN bytes); either family; prefixes as
 * xr_fmt_prefix ("default", no "/N" for a host) in XR_PFXSTRLEN bytes. */
char *xr_fmt_ipv6(const struct xr_in6 *addr, char *buf);
char *xr_fmt_inaddr(const struct xr_inaddr *a, char *buf);
char *xr_fmt_inprefix(const struct xr_inaddr *a, uint8_t plen, char *buf);
char *xr_fmt_mac(const uint8_t mac[6], char *buf);          /* 18 bytes */

#endif
