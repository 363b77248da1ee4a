/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Parsers for the words of the CLI. Each returns 0, or -1 after one
 * error line on stderr that names the bad word.
 */
#ifndef XR_PARSE_H
#define XR_PARSE_H

#include <stdint.h>
#include <linux/types.h>

/* Dotted quad, exactly four decimal parts of 0..255. */
int xr_parse_ipv4(const char *word, __be32 *addr);
/* Like xr_parse_ipv4 but silent: for telling words apart. */
int xr_is_ipv4(const char *word);
/* A.B.C.D[/N] or "default"; host bits set is an error, as in iproute2. */
int xr_parse_prefix(const char *word, __be32 *addr, uint8_t *plen);
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
char *xr_fmt_mac(const uint8_t mac[6], char *buf);          /* 18 bytes */

#endif
