// SPDX-License-Identifier: GPL-2.0
/*
 * What the slow path may send, judged from the bytes (never with the
 * slow path's own code): any frame, and the frames sent while one punted
 * frame was handled (its forwarded pieces, or ICMP errors about it).
 */
#include <string.h>
#include <arpa/inet.h>
#include "xdp_router/martian.h"
#include "pkt.h"
#include "spcheck.h"

#define ICMP_ERR_MAX 576       /* RFC 1812 4.3.2.3: an error fits 576 bytes */

static const char *arp_invalid(const struct fz_cfg *c, const struct fz_link *l,
			       const uint8_t *f, size_t len)
{
	__be32 sip;

	if (len < 42)
		return "ARP frame too short";
	if (fz_get16(f + 14) != 1 || fz_get16(f + 16) != 0x0800 || f[18] != 6 ||
	    f[19] != 4)
		return "ARP hardware/protocol fields";
	if (fz_get16(f + 20) != 1 && fz_get16(f + 20) != 2)
		return "ARP operation";
	if (memcmp(f + 22, l->mac, 6))
		return "ARP sender MAC is not the link's";
	memcpy(&sip, f + 28, 4);
	if (!fz_is_local(c, sip))
		return "ARP sender address is not the router's";
	return NULL;
}

static const char *ip_invalid(const struct fz_link *l, const uint8_t *f, size_t len)
{
	const uint8_t *ip = f + 14;

	if (f[0] & 1)
		return "IPv4 to an L2 broadcast/multicast";
	if (!fz_ip_valid(ip, len - 14) || fz_get16(ip + 2) != len - 14)
		return "invalid IPv4 header (version, IHL, length, checksum)";
	if (ip[8] == 0)
		return "TTL 0 sent";
	if (len - 14 > l->mtu)
		return "larger than the link's MTU";
	return NULL;
}

/* The datagram handed over, as the slow path may take it (from the
 * bytes: xr_sp_handle's own acceptance). */
struct dgram {
	const uint8_t *ip;
	size_t hl, tot;
	int l2_bcast;
};

static int dgram_of(const uint8_t *f, size_t len, const struct xr_punt_meta *m,
		    struct dgram *d)
{
	if (m->magic != XR_PUNT_MAGIC || m->ifindex >= XR_MAX_IFINDEX ||
	    len < 34 || f[14] >> 4 != 4)
		return -1;
	d->ip = f + 14;
	d->hl = (size_t)(f[14] & 15) * 4;
	d->tot = fz_get16(f + 16);
	d->l2_bcast = f[0] & 1;
	return d->hl >= 20 && d->tot >= d->hl && d->tot <= len - 14 ? 0 : -1;
}

static int icmp_is_error(const struct dgram *d)
{
	uint8_t t;

	if (d->ip[9] != 1)
		return 0;
	if (d->tot <= d->hl)
		return 1;                  /* no type: the kernel says error */
	t = d->ip[d->hl];
	return t == 3 || t == 4 || t == 5 || t == 11 || t == 12 || t > 18;
}

/* May an ICMP error be sent about d at all (RFC 1812 4.3.2.7)? */
static const char *icmp_not_allowed(const struct dgram *d)
{
	uint32_t s, t;

	memcpy(&s, d->ip + 12, 4);
	memcpy(&t, d->ip + 16, 4);
	s = ntohl(s);
	t = ntohl(t);

	if (d->l2_bcast)
		return "ICMP error about an L2 broadcast";
	if (IPV4_IS_MULTICAST(t) || IPV4_IS_LBCAST(t))
		return "ICMP error about a multicast/broadcast destination";
	if (IPV4_IS_ZERONET(s) || IPV4_IS_LOOPBACK(s) || IPV4_IS_MULTICAST(s) ||
	    IPV4_IS_LBCAST(s))
		return "ICMP error about a martian source";
	if (fz_get16(d->ip + 6) & 0x1fff)
		return "ICMP error about a non-first fragment";
	if (icmp_is_error(d))
		return "ICMP error about an ICMP error";
	return NULL;
}

/* The quote: the offending header and the start of its payload, as
 * received (the TTL may be one less: a redirect quotes it forwarded;
 * options may have been processed). */
static const char *quote_wrong(const struct dgram *d, const uint8_t *q, size_t qlen)
{
	size_t want = d->tot < ICMP_ERR_MAX - 28 ? d->tot : ICMP_ERR_MAX - 28;

	if (qlen != want)
		return "ICMP quote length";
	if (memcmp(q, d->ip, 8) || q[9] != d->ip[9] || memcmp(q + 12, d->ip + 12, 8))
		return "ICMP quote: not the offending header";
	if (q[8] != d->ip[8] && q[8] != (uint8_t)(d->ip[8] - 1))
		return "ICMP quote: TTL";
	if (qlen > d->hl && memcmp(q + d->hl, d->ip + d->hl, qlen - d->hl))
		return "ICMP quote: not the offending payload";
	return NULL;
}

static const char *icmp_wrong(const struct fz_cfg *c, const struct dgram *d,
			      const uint8_t *ip, struct fz_sp_seen *seen)
{
	size_t tot = fz_get16(ip + 2);
	uint8_t t = ip[20];
	__be32 src;

	memcpy(&src, ip + 12, 4);
	if ((ip[0] & 15) != 5 || tot < 28 || ip[9] != 1)
		return "neither forwarded nor an ICMP error";
	if (pkt_csum(ip + 20, tot - 20))
		return "ICMP checksum";
	if (t != 3 && t != 5 && t != 11 && t != 12)
		return "ICMP type not an error";
	if (!fz_is_local(c, src))
		return "ICMP error not from the router's address";
	if (memcmp(ip + 16, d->ip + 12, 4))
		return "ICMP error not to the offender's source";
	seen->icmp++;
	return icmp_not_allowed(d) ?: quote_wrong(d, ip + 28, tot - 28);
}

static int same_datagram(const struct dgram *d, const uint8_t *ip)
{
	return !memcmp(ip + 12, d->ip + 12, 8) && !memcmp(ip + 4, d->ip + 4, 2) &&
	       ip[9] == d->ip[9];
}

/* Forwarded pieces of d, in the order sent: they must reassemble to its
 * payload, each piece with TTL - 1, fragments without DF. */
static const char *pieces_wrong(const struct dgram *d, const struct fz_sent *sent,
				const int *idx, int n)
{
	uint16_t dfo = fz_get16(d->ip + 6);
	size_t at = (size_t)(dfo & 0x1fff) * 8, end = at + d->tot - d->hl;
	int i;

	for (i = 0; i < n; i++) {
		const uint8_t *ip = sent[idx[i]].f + 14;
		size_t hl = (size_t)(ip[0] & 15) * 4, pl = fz_get16(ip + 2) - hl;
		uint16_t fo = fz_get16(ip + 6);
		int last = i == n - 1;

		if (ip[8] != (uint8_t)(d->ip[8] - 1))
			return "forwarded TTL is not TTL - 1";
		if ((size_t)(fo & 0x1fff) * 8 != at)
			return "fragment offsets do not follow";
		if (hl < 20 || at + pl > end || memcmp(ip + hl, d->ip + d->hl + at -
						     (size_t)(dfo & 0x1fff) * 8, pl))
			return "fragment payload differs from the original";
		if (n > 1 && (fo & 0x4000))
			return "fragment with DF";
		if ((fo & 0x2000) != (last ? (dfo & 0x2000) : 0x2000))
			return "fragment MF flag";
		if (!last && pl % 8)
			return "fragment not a multiple of 8 bytes";
		at += pl;
	}
	return n && at != end ? "fragments do not cover the payload" : NULL;
}

const char *fz_sp_frame_wrong(const struct fz_cfg *c, uint32_t ifindex,
			      const uint8_t *f, size_t len)
{
	const struct fz_link *l = fz_link(c, ifindex);

	if (!l || !l->attached)
		return "sent on a link not attached";
	if (len < 14 || len > XR_XSK_FRAME_MAX)
		return "frame length";
	if (memcmp(f + 6, l->mac, 6))
		return "source MAC is not the link's";
	if (fz_get16(f + 12) == 0x0806)
		return arp_invalid(c, l, f, len);
	if (fz_get16(f + 12) == 0x0800)
		return ip_invalid(l, f, len);
	return "neither IPv4 nor ARP";
}

const char *fz_sp_handled_wrong(const struct fz_cfg *c, const uint8_t *frame,
				size_t len, const struct xr_punt_meta *m,
				const struct fz_sent *sent, int nsent,
				struct fz_sp_seen *seen)
{
	int idx[FZ_SENT_MAX], n = 0, i;
	const char *w = NULL;
	struct dgram d;

	if (dgram_of(frame, len, m, &d)) {
		for (i = 0; i < nsent; i++)
			if (fz_get16(sent[i].f + 12) == 0x0800)
				return "sent IPv4 about a frame it cannot take";
		return NULL;
	}
	for (i = 0; i < nsent && i < FZ_SENT_MAX && !w; i++) {
		const uint8_t *ip = sent[i].f + 14;

		if (fz_get16(sent[i].f + 12) != 0x0800)
			continue;
		if (same_datagram(&d, ip))
			idx[n++] = i;
		else
			w = icmp_wrong(c, &d, ip, seen);
	}
	if (n > 1)
		seen->frags += (uint64_t)n;
	return w ?: pieces_wrong(&d, sent, idx, n);
}
