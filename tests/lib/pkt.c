// SPDX-License-Identifier: GPL-2.0
#include <arpa/inet.h>
#include <string.h>
#include "pkt.h"

__be32 pkt_addr(const char *dotted)
{
	struct in_addr a;

	if (!dotted || inet_pton(AF_INET, dotted, &a) != 1)
		return 0;
	return a.s_addr;
}

uint16_t pkt_csum(const void *data, size_t len)
{
	const uint8_t *p = data;
	uint32_t sum = 0;
	size_t i;

	for (i = 0; i + 1 < len; i += 2)
		sum += (uint32_t)(p[i] << 8 | p[i + 1]);
	if (len & 1)
		sum += (uint32_t)p[len - 1] << 8;
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

uint16_t pkt_ip_csum_recompute(const uint8_t *frame)
{
	uint8_t h[60];
	size_t ihl = (size_t)(frame[IP_OFF] & 0xf) * 4;

	memcpy(h, frame + IP_OFF, ihl);
	h[10] = h[11] = 0;
	return pkt_csum(h, ihl);
}

static void put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

size_t pkt_build(uint8_t *buf, const struct pkt_spec *s)
{
	size_t hl = 20 + s->options_len;
	size_t tot = hl + s->payload_len;
	uint8_t *ip = buf + 14;
	__be32 sa = pkt_addr(s->saddr ? s->saddr : "192.0.2.2");
	__be32 da = pkt_addr(s->daddr ? s->daddr : "203.0.113.9");
	size_t i;

	memcpy(buf, s->dmac, 6);
	memcpy(buf + 6, s->smac, 6);
	put16(buf + 12, s->ethertype ? s->ethertype : 0x0800);
	ip[0] = (uint8_t)((s->version ? s->version : 4) << 4 |
			  (s->ihl ? s->ihl : hl / 4));
	ip[1] = 0;
	put16(ip + 2, (uint16_t)((int)tot + s->tot_len_delta));
	put16(ip + 4, s->id);
	put16(ip + 6, s->df ? 0x4000 : 0);
	ip[8] = s->ttl_zero ? 0 : (s->ttl ? s->ttl : 64);
	ip[9] = s->proto ? s->proto : 17;
	ip[10] = ip[11] = 0;
	memcpy(ip + 12, &sa, 4);
	memcpy(ip + 16, &da, 4);
	if (s->options_len)
		memcpy(ip + 20, s->options, s->options_len);
	put16(ip + 10, pkt_csum(ip, hl));
	if (s->bad_csum)
		ip[11] ^= 0x5a;
	for (i = 0; i < s->payload_len; i++)
		ip[hl + i] = (uint8_t)(i * 7 + 1);
	for (i = 0; i < s->padding; i++)
		ip[tot + i] = 0xee;
	return 14 + tot + s->padding;
}

int pkt_force_csum(uint8_t *frame, uint16_t want)
{
	uint8_t *ip = frame + IP_OFF;
	size_t ihl = (size_t)(ip[0] & 0xf) * 4;
	uint32_t id;

	for (id = 0; id <= 0xffff; id++) {
		put16(ip + 4, (uint16_t)id);
		ip[10] = ip[11] = 0;
		if (pkt_csum(ip, ihl) == want) {
			put16(ip + 10, want);
			return 0;
		}
	}
	return -1;
}

int pkt_addr6(const char *text, void *addr16)
{
	return text && inet_pton(AF_INET6, text, addr16) == 1 ? 0 : -1;
}

/* The upper layer's checksum over the IPv6 pseudo-header. */
static uint16_t pkt6_l4_csum(const uint8_t *ip6, const uint8_t *l4,
			     size_t len, uint8_t proto)
{
	uint8_t b[2048 + 40];
	size_t n = len < 2048 ? len : 2048;

	memcpy(b, ip6 + 8, 32);
	b[32] = (uint8_t)(len >> 24);
	b[33] = (uint8_t)(len >> 16);
	b[34] = (uint8_t)(len >> 8);
	b[35] = (uint8_t)len;
	b[36] = b[37] = b[38] = 0;
	b[39] = proto;
	memcpy(b + 40, l4, n);
	return pkt_csum(b, 40 + n);
}

static void pkt6_l4(uint8_t *ip6, uint8_t *l4, const struct pkt6_spec *s,
		    uint8_t proto)
{
	size_t i;

	for (i = 8; i < s->payload_len; i++)
		l4[i] = (uint8_t)(i * 7 + 1);
	if (proto == 58) {                     /* echo request */
		l4[0] = 128;
		l4[1] = 0;
		put16(l4 + 4, 0x1234);
		put16(l4 + 6, 1);
	} else {                               /* UDP 4000 -> 5000 */
		put16(l4, 4000);
		put16(l4 + 4, (uint16_t)s->payload_len);
		put16(l4 + 2, 5000);
	}
	l4[proto == 58 ? 2 : 6] = l4[proto == 58 ? 3 : 7] = 0;
	put16(l4 + (proto == 58 ? 2 : 6),
	      pkt6_l4_csum(ip6, l4, s->payload_len, proto));
}

size_t pkt6_build(uint8_t *buf, const struct pkt6_spec *s)
{
	uint8_t *ip6 = buf + 14, proto = s->proto ? s->proto : 17;
	size_t plen = s->ext_len + s->payload_len, i;
	uint32_t w0 = (uint32_t)(s->version ? s->version : 6) << 28 |
		      (uint32_t)s->tclass << 20 | (s->flow & 0xfffff);

	memcpy(buf, s->dmac, 6);
	memcpy(buf + 6, s->smac, 6);
	put16(buf + 12, 0x86dd);
	put16(ip6, (uint16_t)(w0 >> 16));
	put16(ip6 + 2, (uint16_t)w0);
	put16(ip6 + 4, (uint16_t)((int)plen + s->plen_delta));
	ip6[6] = s->ext_len ? s->nexthdr : proto;
	ip6[7] = s->hl_zero ? 0 : (s->hop_limit ? s->hop_limit : 64);
	pkt_addr6(s->saddr ? s->saddr : "2001:db8:1::2", ip6 + 8);
	pkt_addr6(s->daddr ? s->daddr : "2001:db8:3::9", ip6 + 24);
	if (s->ext_len)
		memcpy(ip6 + 40, s->ext, s->ext_len);
	pkt6_l4(ip6, ip6 + 40 + s->ext_len, s, proto);
	for (i = 0; i < s->padding; i++)
		ip6[40 + plen + i] = 0xee;
	return 14 + 40 + plen + s->padding;
}

int pkt_icmp6_csum_ok(const uint8_t *ip6)
{
	size_t plen = (size_t)(ip6[4] << 8 | ip6[5]);

	return plen <= 2048 && pkt6_l4_csum(ip6, ip6 + 40, plen, 58) == 0;
}
