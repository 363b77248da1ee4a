// SPDX-License-Identifier: GPL-2.0
/*
 * What the slow path may send for IPv6, judged from the bytes (the
 * checksums with pkt_csum over the pseudo-header, never the slow path's
 * own code).
 */
#include <string.h>
#include "pkt.h"
#include "spcheck6.h"

static int mcast6(const uint8_t *a) { return a[0] == 0xff; }

static int any6(const uint8_t *a)
{
	static const uint8_t zero[16];

	return !memcmp(a, zero, 16);
}


static const char *ns_wrong(const uint8_t *f)
{
	const uint8_t *ip = f + 14;

	if (ip[6] != 58 || ip[40] != 135 || ip[7] != 255)
		return "to a multicast MAC, not a neighbour solicitation";
	if (!pkt_icmp6_csum_ok(ip))
		return "NS: ICMPv6 checksum";
	if (f[0] != 0x33 || f[1] != 0x33 || memcmp(f + 2, ip + 36, 4))
		return "NS: MAC not the destination's 33:33:...";
	if (ip[24] != 0xff || ip[25] != 0x02 || ip[35] != 1 || ip[36] != 0xff ||
	    memcmp(ip + 37, ip + 48 + 13, 3))
		return "NS: not to the target's solicited-node address";
	return NULL;
}

const char *fz_sp6_frame_wrong(const struct fz_link *l, const uint8_t *f,
			       size_t len)
{
	const uint8_t *ip = f + 14;
	size_t mtu = l->mtu < 1280 ? 1280 : l->mtu;

	if (len < 54 || ip[0] >> 4 != 6 || fz_get16(ip + 4) != len - 54)
		return "invalid IPv6 header (version, payload length)";
	if (ip[7] == 0)
		return "hop limit 0 sent";
	if (len - 14 > mtu)
		return "IPv6 larger than the link's MTU";
	return f[0] & 1 ? ns_wrong(f) : NULL;
}

/* The packet handed over, as xr_sp_handle6 takes it. */
struct pkt6 {
	const uint8_t *ip;
	size_t tot;
	int l2_mcast;
};

static int pkt6_of(const uint8_t *f, size_t len, const struct xr_punt_meta *m,
		   struct pkt6 *p)
{
	if (m->magic != XR_PUNT_MAGIC || m->ifindex >= XR_MAX_IFINDEX ||
	    m->out_ifindex >= XR_MAX_IFINDEX || len < 54 || f[14] >> 4 != 6)
		return -1;
	p->ip = f + 14;
	p->tot = 40 + (size_t)fz_get16(f + 18);
	if (p->tot == 40 && f[20] == 0)
		p->tot = len - 14;            /* a jumbogram's */
	p->l2_mcast = f[0] & 1;
	return p->tot <= len - 14 ? 0 : -1;
}

/* ipv6_skip_exthdr, then whether an ICMPv6 error type (or none) */
static int about_error(const struct pkt6 *p)
{
	size_t off = 40;
	uint8_t nh = p->ip[6];

	while (nh == 0 || nh == 43 || nh == 60 || nh == 44 || nh == 51) {
		const uint8_t *h = p->ip + off;

		if (off + (nh == 44 ? 4 : 2) > p->tot)
			return 0;
		if (nh == 44 && (fz_get16(h + 2) & ~7))
			return 0;
		off += nh == 44 ? 8 : nh == 51 ? ((size_t)h[1] + 2) * 4 :
		       ((size_t)h[1] + 1) * 8;
		nh = h[0];
	}
	return nh == 58 && (off >= p->tot || p->ip[off] < 128);
}

static const char *error_not_allowed(const struct pkt6 *p, const uint8_t *e)
{
	uint32_t info = (uint32_t)fz_get16(e + 44) << 16 | fz_get16(e + 46);
	int unrec = e[40] == 4 && e[41] == 2 &&
		    (info >= p->tot || (p->ip[info] & 0xc0) == 0x80);

	if (any6(p->ip + 8) || mcast6(p->ip + 8))
		return "ICMPv6 error to :: or a multicast source";
	if ((mcast6(p->ip + 24) || p->l2_mcast) && e[40] != 2 && !unrec)
		return "ICMPv6 error about a packet to multicast";
	if (about_error(p))
		return "ICMPv6 error about an ICMPv6 error";
	return NULL;
}

static const char *error_wrong(const struct pkt6 *p, const uint8_t *e,
			       size_t elen)
{
	size_t q = p->tot < 1232 ? p->tot : 1232;

	if (e[40] < 1 || e[40] > 4)
		return "ICMPv6 type not an error";
	if (e[7] != 64)
		return "ICMPv6 error: hop limit not 64";
	if (mcast6(e + 8) || any6(e + 8))
		return "ICMPv6 error from a multicast or unspecified source";
	if (elen != 48 + q || memcmp(e + 48, p->ip, q))
		return "ICMPv6 error: the quote is not the packet's first bytes";
	return error_not_allowed(p, e);
}

static const char *redirect_wrong(const struct pkt6 *p, const uint8_t *e)
{
	if (e[7] != 255 || e[8] != 0xfe || (e[9] & 0xc0) != 0x80)
		return "redirect: not hop limit 255 from a link-local address";
	if (memcmp(e + 64, p->ip + 24, 16))
		return "redirect: destination is not the packet's";
	return NULL;
}

static int forwarded(const struct pkt6 *p, const uint8_t *ip, size_t len)
{
	return len == p->tot && !memcmp(ip, p->ip, 7) &&
	       ip[7] == (uint8_t)(p->ip[7] - 1) &&
	       !memcmp(ip + 8, p->ip + 8, len - 8);
}

/* One IPv6 frame sent while p was handled. */
static const char *sent_wrong(const struct pkt6 *p, const struct fz_sent *s,
			      struct fz_sp6_seen *seen)
{
	const uint8_t *ip = s->f + 14;
	size_t len = s->len - 14;

	if (forwarded(p, ip, len)) {
		seen->forwarded++;
		return NULL;
	}
	if (ip[6] != 58 || len < 48)
		return "IPv6 sent: neither the packet forwarded nor ICMPv6";
	if (!pkt_icmp6_csum_ok(ip))
		return "ICMPv6 checksum";
	if (ip[40] == 135) {
		seen->solicits++;
		return NULL;
	}
	if (memcmp(ip + 24, p->ip + 8, 16))
		return "ICMPv6 not to the packet's source";
	if (ip[40] == 137) {
		seen->redirects++;
		return redirect_wrong(p, ip);
	}
	seen->errors++;
	return error_wrong(p, ip, len);
}

const char *fz_sp6_handled_wrong(const uint8_t *frame, size_t len,
				 const struct xr_punt_meta *m,
				 const struct fz_sent *sent, int nsent,
				 struct fz_sp6_seen *seen)
{
	const char *w = NULL;
	struct pkt6 p;
	int i, ok = pkt6_of(frame, len, m, &p) == 0;

	for (i = 0; i < nsent && i < FZ_SENT_MAX && !w; i++) {
		if (fz_get16(sent[i].f + 12) != 0x86dd)
			continue;
		w = ok ? sent_wrong(&p, &sent[i], seen) :
			 "sent IPv6 about a frame it cannot take";
	}
	return w;
}
