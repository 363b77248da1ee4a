// SPDX-License-Identifier: GPL-2.0
/*
 * The fuzzers' frames: valid seeds (Ethernet, IPv4 with or without
 * options, addresses drawn from what the namespace holds), then
 * mutations: header fields, lengths, padding, truncation, fragments,
 * VLAN tags, TTL 0/1/255, bad checksums, random bytes.
 */
#include <string.h>
#include <arpa/inet.h>
#include "fuzz.h"
#include "pkt.h"

uint64_t fz_next(struct fz_rng *r)        /* splitmix64 */
{
	uint64_t z = (r->s += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

uint32_t fz_below(struct fz_rng *r, uint32_t n)
{
	return n ? (uint32_t)((fz_next(r) >> 32) * n >> 32) : 0;
}

int fz_pct(struct fz_rng *r, uint32_t pct)
{
	return fz_below(r, 100) < pct;
}

struct fz_rng fz_rng_at(uint64_t seed, uint64_t i)
{
	struct fz_rng r = { seed ^ (i * 0xd1342543de82ef95ull) };

	fz_next(&r);
	return r;
}

static void fill(struct fz_rng *r, uint8_t *p, size_t n)
{
	uint64_t v = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		if (!(i & 7))
			v = fz_next(r);
		p[i] = (uint8_t)(v >> ((i & 7) * 8));
	}
}

static void put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static __be32 martian(struct fz_rng *r)
{
	static const uint32_t base[] = { 0x00000000u, 0x7f000000u, 0xe0000000u,
					 0xef000000u, 0xffffffffu };
	uint32_t b = base[fz_below(r, 5)];

	/* of 0.0.0.0/8 only 0.0.0.0 is a martian (Linux 5.3 and later):
	 * half the time that, else the unicast rest of it */
	if (b == 0 && fz_pct(r, 50))
		return 0;
	return htonl(b == 0xffffffffu ? b : b | (fz_below(r, 1u << 24)));
}

__be32 fz_addr(struct fz_rng *r, const struct fz_cfg *c)
{
	uint32_t k = fz_below(r, 100), host;
	const struct fz_pfx *p;

	if (k < 40 && c->n_pfx) {
		p = &c->pfx[fz_below(r, (uint32_t)c->n_pfx)];
		host = p->plen ? (uint32_t)fz_next(r) & ~(0xffffffffu << (32 - p->plen))
			       : (uint32_t)fz_next(r);
		if (p->plen < 32 && fz_pct(r, 10))  /* the network or broadcast */
			host = fz_pct(r, 50) ? 0 : ~(0xffffffffu << (32 - p->plen));
		return p->net | htonl(host);
	}
	if (k < 55 && c->n_nbr)
		return c->nbr[fz_below(r, (uint32_t)c->n_nbr)].addr;
	if (k < 63 && c->n_local)
		return c->local[fz_below(r, (uint32_t)c->n_local)];
	if (k < 67 && c->n_bcast)
		return c->bcast[fz_below(r, (uint32_t)c->n_bcast)];
	if (k < 80)
		return martian(r);
	return (__be32)fz_next(r);
}

/* One IP option, or random bytes; returns its length (<= room). */
static size_t gen_option(struct fz_rng *r, uint8_t *o, size_t room)
{
	static const uint8_t types[] = { 7, 68, 131, 137, 148, 130, 0, 1 };
	uint8_t t = fz_pct(r, 85) ? types[fz_below(r, 8)] : (uint8_t)fz_next(r);
	size_t len;

	if (t <= 1 || room < 4) {
		o[0] = room < 4 ? 1 : t;
		return 1;
	}
	len = t == 148 ? 4 : 3 + 4 * fz_below(r, (uint32_t)(room - 3) / 4 + 1);
	if (len > room)
		len = room;
	o[0] = t;
	o[1] = fz_pct(r, 90) ? (uint8_t)len : (uint8_t)fz_next(r);
	o[2] = fz_pct(r, 80) ? (uint8_t)(t == 68 ? 5 : 4) : (uint8_t)fz_below(r, 48);
	fill(r, o + 3, len - 3);
	if (t == 68 && fz_pct(r, 80))           /* timestamp flags */
		o[3] = (uint8_t)(fz_below(r, 4));
	return len;
}

static size_t gen_options(struct fz_rng *r, uint8_t *o)
{
	size_t want = 4 * (1 + fz_below(r, 10)), n = 0;

	while (n < want)
		n += gen_option(r, o + n, want - n);
	return want;
}

static size_t gen_payload_len(struct fz_rng *r)
{
	uint32_t k = fz_below(r, 100);

	if (k < 45)
		return fz_below(r, 64);
	if (k < 85)
		return 64 + fz_below(r, 1500 - 64);
	return 1400 + fz_below(r, FZ_FRAME_MAX - 14 - 60 - 1400);
}

static uint8_t gen_ttl(struct fz_rng *r)
{
	static const uint8_t edge[] = { 0, 1, 2, 255, 64 };

	return fz_pct(r, 40) ? edge[fz_below(r, 5)] : (uint8_t)fz_next(r);
}

static uint16_t gen_frag(struct fz_rng *r)
{
	uint32_t k = fz_below(r, 100);

	if (k < 55)
		return 0;
	if (k < 80)
		return 0x4000;                         /* DF */
	if (k < 88)
		return 0x2000;                         /* first fragment */
	if (k < 93)                                    /* near the 64 KiB end */
		return (uint16_t)((fz_next(r) & 0x2000) | (0x1f00 + fz_below(r, 256)));
	return (uint16_t)(fz_next(r) & 0xbfff);        /* any offset, MF */
}

static void gen_l4(struct fz_rng *r, uint8_t *ip, size_t hl, size_t pl)
{
	static const uint8_t protos[] = { 17, 6, 1, 1, 47, 4 };

	ip[9] = fz_pct(r, 85) ? protos[fz_below(r, 6)] : (uint8_t)fz_next(r);
	fill(r, ip + hl, pl);
	if (ip[9] == 1 && pl && fz_pct(r, 60))  /* an ICMP type worth a look */
		ip[hl] = (uint8_t)fz_below(r, 19);
}

/* The MAC a frame on link l is sent to. */
static void gen_dmac(struct fz_rng *r, const struct fz_link *l, uint8_t *d)
{
	uint32_t k = fz_below(r, 100);

	memcpy(d, l->mac, 6);
	if (k < 88)
		return;
	if (k < 92)
		memset(d, 0xff, 6);
	else if (k < 96)
		memcpy(d, "\x01\x00\x5e\x00\x00\x05", 6);
	else
		fill(r, d, 6);
}

/* Mostly an attached link: the unattached ones only pass frames on. */
static const struct fz_link *pick_link(struct fz_rng *r, const struct fz_cfg *c)
{
	const struct fz_link *l;

	do
		l = &c->link[fz_below(r, (uint32_t)c->n_link)];
	while (!l->attached && fz_pct(r, 80));
	return l;
}

/* A source that may be forwarded: a host of a prefix or a neighbour. */
static __be32 host_addr(struct fz_rng *r, const struct fz_cfg *c)
{
	const struct fz_pfx *p = &c->pfx[fz_below(r, (uint32_t)c->n_pfx)];
	uint32_t host = (uint32_t)fz_next(r);

	if (fz_pct(r, 30))
		return c->nbr[fz_below(r, (uint32_t)c->n_nbr)].addr;
	return p->plen ? p->net | htonl(host & ~(0xffffffffu << (32 - p->plen))) :
			 (__be32)host;
}

/* A well-formed IPv4 datagram in an Ethernet frame: the seed. */
static void gen_seed(struct fz_rng *r, const struct fz_cfg *c, struct fz_frame *f)
{
	const struct fz_link *l = pick_link(r, c);
	uint8_t *ip = f->d + 14;
	size_t hl = 20, pl;
	__be32 a;

	f->ifindex = l->ifindex;
	gen_dmac(r, l, f->d);
	fill(r, f->d + 6, 6);
	f->d[6] &= 0xfe;
	put16(f->d + 12, 0x0800);
	if (fz_pct(r, 15))
		hl += gen_options(r, ip + 20);
	pl = gen_payload_len(r);
	ip[0] = (uint8_t)(0x40 | hl / 4);
	ip[1] = (uint8_t)fz_next(r);
	put16(ip + 2, (uint16_t)(hl + pl));
	put16(ip + 4, (uint16_t)fz_next(r));
	put16(ip + 6, gen_frag(r));
	ip[8] = gen_ttl(r);
	a = fz_pct(r, 70) ? host_addr(r, c) : fz_addr(r, c);
	memcpy(ip + 12, &a, 4);
	a = fz_pct(r, 50) ? host_addr(r, c) : fz_addr(r, c);
	memcpy(ip + 16, &a, 4);
	gen_l4(r, ip, hl, pl);
	f->len = 14 + hl + pl;
}

static void set_csum(uint8_t *ip)
{
	size_t hl = (size_t)(ip[0] & 0xf) * 4;

	if (hl < 20)
		hl = 20;
	ip[10] = ip[11] = 0;
	put16(ip + 10, pkt_csum(ip, hl));
}

static void grow(struct fz_frame *f, size_t to)
{
	if (to > FZ_FRAME_MAX)
		to = FZ_FRAME_MAX;
	if (to > f->len)
		memset(f->d + f->len, 0xee, to - f->len);
	f->len = to;
}

/* One VLAN tag (or two) in front of the IPv4 header. */
static void add_vlan(struct fz_rng *r, struct fz_frame *f)
{
	size_t tags = fz_pct(r, 30) ? 2 : 1, n = 4 * tags, i;

	if (f->len < 14 || f->len + n > FZ_FRAME_MAX)
		return;
	memmove(f->d + 12 + n, f->d + 12, f->len - 12);
	for (i = 0; i < tags; i++) {
		put16(f->d + 12 + 4 * i, i == 0 && tags == 2 ? 0x88a8 :
			  (fz_pct(r, 80) ? 0x8100 : 0x88a8));
		put16(f->d + 14 + 4 * i, (uint16_t)fz_below(r, 4096));
	}
	f->len += n;
}

static void mutate_once(struct fz_rng *r, struct fz_frame *f)
{
	uint8_t *ip = f->d + 14;
	size_t i;

	switch (fz_below(r, 12)) {
	case 0:                                     /* bytes of the headers */
		for (i = fz_below(r, 4) + 1; i; i--)
			f->d[fz_below(r, (uint32_t)(f->len < 74 ? f->len : 74))] ^=
				(uint8_t)(1u << fz_below(r, 8));
		break;
	case 1:                                     /* tot_len */
		put16(ip + 2, fz_pct(r, 50) ? (uint16_t)fz_next(r) :
			  (uint16_t)(fz_get16(ip + 2) + fz_below(r, 41) - 20));
		break;
	case 2:                                     /* IHL, version */
		ip[0] = fz_pct(r, 70) ? (uint8_t)((ip[0] & 0xf0) | fz_below(r, 16))
				     : (uint8_t)((fz_below(r, 16) << 4) | (ip[0] & 15));
		break;
	case 3:                                     /* link-layer padding */
		grow(f, f->len + 1 + fz_below(r, 64));
		break;
	case 4:                                     /* truncated, tiny */
		f->len = fz_pct(r, 50) ? fz_below(r, 60) : fz_below(r, (uint32_t)f->len + 1);
		break;
	case 5:                                     /* fragments */
		put16(ip + 6, (uint16_t)fz_next(r));
		break;
	case 6:
		ip[8] = gen_ttl(r);
		break;
	case 7:
		add_vlan(r, f);
		return;
	case 8:                                     /* ethertype */
		put16(f->d + 12, fz_pct(r, 40) ? 0x0806 : fz_pct(r, 30) ? 0x88b5 :
			  (uint16_t)fz_next(r));
		return;
	case 9:                                     /* a big frame */
		grow(f, FZ_FRAME_MAX - fz_below(r, 64));
		break;
	case 10:
		ip[1] = (uint8_t)fz_next(r);
		break;
	default:                                    /* the ingress link */
		f->ifindex = fz_pct(r, 80) ? f->ifindex + 1 : (uint32_t)fz_next(r);
		return;
	}
	if (f->len >= 34 && fz_pct(r, 60))
		set_csum(ip);                       /* go deeper than ip_rcv */
}

void fz_gen(struct fz_rng *r, const struct fz_cfg *c, struct fz_frame *f)
{
	uint32_t k = fz_below(r, 100), n;

	gen_seed(r, c, f);
	if (k < 3) {                                 /* anything at all */
		f->len = fz_below(r, 200);
		fill(r, f->d, f->len);
		return;
	}
	set_csum(f->d + 14);
	if (k < 35)
		return;                              /* the seed itself */
	for (n = 1 + fz_below(r, 3); n; n--)
		mutate_once(r, f);
	if (fz_pct(r, 5) && f->len >= 26)            /* bad checksum */
		f->d[24] ^= (uint8_t)(1 + fz_below(r, 255));
}

void fz_gen_arp(struct fz_rng *r, const struct fz_cfg *c, struct fz_frame *f)
{
	const struct fz_link *l = pick_link(r, c);
	uint8_t *a = f->d + 14;
	__be32 sip = fz_addr(r, c), tip = fz_addr(r, c);

	f->ifindex = l->ifindex;
	memcpy(f->d, fz_pct(r, 50) ? l->mac : (const uint8_t *)"\xff\xff\xff\xff\xff\xff", 6);
	fill(r, f->d + 6, 6);
	f->d[6] &= 0xfe;
	put16(f->d + 12, 0x0806);
	put16(a, 1);
	put16(a + 2, 0x0800);
	a[4] = 6;
	a[5] = 4;
	put16(a + 6, (uint16_t)(1 + fz_below(r, 2)));
	memcpy(a + 8, f->d + 6, 6);
	memcpy(a + 14, &sip, 4);
	fill(r, a + 18, 6);
	memcpy(a + 24, &tip, 4);
	f->len = 42 + (fz_pct(r, 50) ? 18 : 0);
	memset(f->d + 42, 0, f->len - 42);
	if (fz_pct(r, 30))
		f->d[fz_below(r, 42)] ^= (uint8_t)(1 + fz_below(r, 255));
	if (fz_pct(r, 5))
		f->len = fz_below(r, 42);
}
