// SPDX-License-Identifier: GPL-2.0
/*
 * The flow of a datagram as the fast path's hash reads it (bpf/lib/nhg.h,
 * ip_multipath_l3_keys, ip6_multipath_l3_keys): the header an ICMP error
 * quotes, else the datagram's own; IPv6's upper-layer protocol past at
 * most XR_MP_EXTHDRS extension headers; the ports when the L4 words
 * apply; of the frame's first XR_MP_HASH_LEN bytes only (the datagram's
 * first XR_MP_HASH_LEN - 14), as the fast path. For the slow path, which routes an error by the hash of the
 * datagram it is about, as icmp_route_lookup and icmp6_send do.
 */
#include <string.h>
#include <arpa/inet.h>
#include "lib/nhg.h"

#define XR_MP_EXTHDRS 4        /* as the fast path's XR_IP6_EXTHDRS */

static uint16_t get16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

/* The ports at off into f; 0 when they are not within len. */
static int read_ports(const uint8_t *ip, size_t len, size_t off,
		      struct xr_mp_flow *f)
{
	if (off + 4 > len)
		return 0;
	f->sport = get16(ip + off);
	f->dport = get16(ip + off + 2);
	return 1;
}

static int frag4(const uint8_t *ip)
{
	return (get16(ip + 6) & 0x3fff) != 0;      /* MF or an offset */
}

/* The header an ICMP error (not a later fragment) quotes, whole in the
 * frame; else ip itself. */
static const uint8_t *key4(const uint8_t *ip, size_t *len)
{
	size_t hl = (ip[0] & 0xfu) * 4;
	uint8_t t = ip[hl < *len ? hl : 0];

	if (ip[9] != 1 || (get16(ip + 6) & 0x1fff) || hl + 8 + 20 > *len ||
	    !(t == 3 || t == 4 || t == 5 || t == 11 || t == 12))
		return ip;
	*len -= hl + 8;
	return ip + hl + 8;
}

static int flow4(const uint8_t *ip, size_t len, struct xr_mp_flow *f)
{
	const uint8_t *k = key4(ip, &len);

	memcpy(&f->saddr.a[0], k + 12, 4);
	memcpy(&f->daddr.a[0], k + 16, 4);
	f->proto = k[9];
	if (frag4(ip) || frag4(k) || !xr_mp_has_ports(f->proto))
		return 0;
	return read_ports(k, len, (k[0] & 0xfu) * 4, f);
}

/* The header an ICMPv6 error (right after the header) quotes, whole in
 * the frame; else ip itself. */
static const uint8_t *key6(const uint8_t *ip, size_t *len)
{
	if (ip[6] != 58 || 40 + 8 + 40 > *len || ip[40] >= 128)
		return ip;
	*len -= 48;
	return ip + 48;
}

/* ipv6_skip_exthdr as the fast path's ip6_skip_exthdr_at: the offset of
 * the upper layer and its protocol (*nh), -1 for none; *frag: a Fragment
 * header crossed, *fnh: its next header. */
static long skip6(const uint8_t *k, size_t len, uint8_t *nh, int *frag,
		  uint8_t *fnh)
{
	size_t off = 40;

	for (int i = 0; i < XR_MP_EXTHDRS && XR_IP6_EXT_HDR(*nh); i++) {
		const uint8_t *p = k + off;
		int fh = *nh == 44;

		if (off + 8 > len)
			return -1;
		off += fh ? 8 : *nh == 51 ? ((size_t)p[1] + 2) << 2 :
					    ((size_t)p[1] + 1) << 3;
		*frag |= fh;
		if (fh)
			*fnh = p[0];
		*nh = p[0];
		if (fh && (get16(p + 2) & ~7))
			break;                 /* a later fragment */
	}
	return XR_IP6_EXT_HDR(*nh) || *nh == 59 ? -1 : (long)off;
}

static int flow6(const uint8_t *ip, size_t len, struct xr_mp_flow *f)
{
	const uint8_t *k = key6(ip, &len);
	uint8_t nh = k[6], fnh = 0;
	int frag = 0;
	long off = skip6(k, len, &nh, &frag, &fnh);
	uint32_t w0;

	memcpy(&f->saddr, k + 8, 16);
	memcpy(&f->daddr, k + 24, 16);
	memcpy(&w0, k, 4);
	f->flowlabel = ntohl(w0) & 0xfffff;
	f->proto = frag ? fnh : off < 0 ? k[6] : nh;
	if (off < 0 || frag || !xr_mp_has_ports(f->proto))
		return 0;
	return read_ports(k, len, (size_t)off, f);
}

int xr_mp_flow_of(const uint8_t *ip, size_t len, int v6, struct xr_mp_flow *f)
{
	memset(f, 0, sizeof(*f));
	f->v6 = v6;
	if (len > XR_MP_HASH_LEN - 14)
		len = XR_MP_HASH_LEN - 14;     /* as the fast path reads */
	if (len < (v6 ? 40u : 20u))
		return 0;
	return v6 ? flow6(ip, len, f) : flow4(ip, len, f);
}
