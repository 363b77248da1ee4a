/* SPDX-License-Identifier: GPL-2.0 */
/* The Internet checksum (RFC 1071), for headers the slow path writes. */
#ifndef XR_SP_CSUM_H
#define XR_SP_CSUM_H

#include <stddef.h>
#include <stdint.h>
#include <arpa/inet.h>

/* Folds a partial one's-complement sum of data into sum. */
static inline uint32_t xr_csum_add(uint32_t sum, const void *data, size_t len)
{
	const uint8_t *p = data;
	size_t i;

	for (i = 0; i + 1 < len; i += 2)
		sum += (uint32_t)(p[i] << 8 | p[i + 1]);
	if (len & 1)
		sum += (uint32_t)p[len - 1] << 8;
	return sum;
}

/* The checksum of data, in network byte order, ready to store. */
static inline uint16_t xr_csum_fold(uint32_t sum)
{
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return htons((uint16_t)~sum);
}

static inline uint16_t xr_csum(const void *data, size_t len)
{
	return xr_csum_fold(xr_csum_add(0, data, len));
}

/* Recomputes the IPv4 header checksum of ip (ihl read from it). */
static inline void xr_ip_send_check(uint8_t *ip)
{
	size_t hlen = (size_t)(ip[0] & 0x0f) * 4;

	ip[10] = ip[11] = 0;
	*(uint16_t *)(ip + 10) = xr_csum(ip, hlen);
}

/* The checksum of an IPv6 upper-layer message (RFC 8200 8.1): the
 * pseudo-header of ip6 (its addresses, the length, next header nh)
 * and the len bytes at l4. */
static inline uint16_t xr_csum6(const uint8_t *ip6, const uint8_t *l4,
				size_t len, uint8_t nh)
{
	uint32_t sum = xr_csum_add(0, ip6 + 8, 32);

	sum += (uint32_t)(len >> 16) + (uint32_t)(len & 0xffff) + nh;
	return xr_csum_fold(xr_csum_add(sum, l4, len));
}

#endif
