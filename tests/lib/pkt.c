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
