// SPDX-License-Identifier: GPL-2.0
/*
 * The fast path's invariants, judged on the bytes alone (never with the
 * router's own code): what it may forward, how a forwarded frame may
 * differ from the one that came in, and that everything else comes back
 * as it went in.
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <arpa/inet.h>
#include "fuzz.h"
#include "pkt.h"
#include "xdp_router/abi.h"
#include "xdp_router/martian.h"

const char *const fz_verdict_name[FZ_V_MAX] = {
	[FZ_V_PASS] = "PASS", [FZ_V_PUNT] = "PUNT", [FZ_V_DROP] = "DROP",
	[FZ_V_FWD] = "REDIRECT", [FZ_V_TX] = "TX", [FZ_V_ABORTED] = "ABORTED",
	[FZ_V_OTHER] = "OTHER", [FZ_V_REFUSED] = "REFUSED",
};

uint16_t fz_get16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

int fz_ip_valid(const uint8_t *ip, size_t len)
{
	size_t hl, tot;

	if (len < 20 || ip[0] >> 4 != 4)
		return 0;
	hl = (size_t)(ip[0] & 15) * 4;
	tot = fz_get16(ip + 2);
	return hl >= 20 && hl <= len && tot >= hl && tot <= len &&
	       pkt_csum(ip, hl) == 0;
}

static int in_list(const __be32 *l, size_t n, __be32 a)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (l[i] == a)
			return 1;
	return 0;
}

int fz_is_local(const struct fz_cfg *c, __be32 a)
{
	return in_list(c->local, c->n_local, a);
}

int fz_martian_src(const struct fz_cfg *c, __be32 a)
{
	uint32_t h = ntohl(a);

	return IPV4_IS_MULTICAST(h) || IPV4_IS_LBCAST(h) || IPV4_IS_ZERONET(h) ||
	       IPV4_IS_LOOPBACK(h) || fz_is_local(c, a) ||
	       in_list(c->bcast, c->n_bcast, a);
}

int fz_martian_dst(const struct fz_cfg *c, __be32 a)
{
	uint32_t h = ntohl(a);

	return IPV4_IS_ZERONET(h) || IPV4_IS_LOOPBACK(h) || IPV4_IS_LBCAST(h) ||
	       IPV4_IS_MULTICAST(h) || fz_is_local(c, a) ||
	       in_list(c->bcast, c->n_bcast, a);
}

const struct fz_link *fz_link(const struct fz_cfg *c, uint32_t ifindex)
{
	size_t i;

	for (i = 0; i < c->n_link; i++)
		if (c->link[i].ifindex == ifindex)
			return &c->link[i];
	return NULL;
}

static const char *fail(char *why, size_t sz, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static const char *fail(char *why, size_t sz, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, sz, fmt, ap);
	va_end(ap);
	return why;
}

/* May the router forward frame in at all? */
static const char *check_may_forward(const struct fz_cfg *c,
				     const struct fz_frame *in, char *why, size_t sz)
{
	const struct fz_link *l = fz_link(c, in->ifindex);
	const uint8_t *ip = in->d + 14;
	__be32 s, d;

	if (in->len < 34)
		return fail(why, sz, "forwarded a %zu-byte frame", in->len);
	if (!l || !l->attached)
		return fail(why, sz, "forwarded from link %u, not attached", in->ifindex);
	if (in->d[0] & 1)
		return fail(why, sz, "forwarded an L2 broadcast/multicast");
	if (memcmp(in->d, l->mac, 6))
		return fail(why, sz, "forwarded a frame for another host");
	if (fz_get16(in->d + 12) != 0x0800)
		return fail(why, sz, "forwarded ethertype %04x (VLAN tag?)",
			    fz_get16(in->d + 12));
	if (!fz_ip_valid(ip, in->len - 14))
		return fail(why, sz, "forwarded an invalid IPv4 header");
	memcpy(&s, ip + 12, 4);
	memcpy(&d, ip + 16, 4);
	if (fz_martian_src(c, s))
		return fail(why, sz, "forwarded a martian source");
	if (fz_martian_dst(c, d))
		return fail(why, sz, "forwarded a martian or local destination");
	if (ip[8] < 2)
		return fail(why, sz, "forwarded TTL %u", ip[8]);
	return NULL;
}

/* The MAC pair of a forwarded frame: an attached link's MAC and one of
 * the neighbours on that link. */
static int macs_known(const struct fz_cfg *c, const uint8_t *out)
{
	size_t i;

	for (i = 0; i < c->n_nbr; i++) {
		const struct fz_link *l = fz_link(c, c->nbr[i].ifindex);

		if (l && l->attached && !memcmp(out, c->nbr[i].mac, 6) &&
		    !memcmp(out + 6, l->mac, 6))
			return 1;
	}
	return 0;
}

static const char *check_forwarded(const struct fz_cfg *c,
				   const struct fz_frame *in, const uint8_t *out,
				   size_t ol, char *why, size_t sz)
{
	const uint8_t *ip = in->d + 14, *op = out + 14;
	size_t tot = fz_get16(ip + 2);
	const char *w = check_may_forward(c, in, why, sz);

	if (w)
		return w;
	if (ol != 14 + tot)
		return fail(why, sz, "forwarded %zu bytes, want 14 + %zu", ol, tot);
	if (!macs_known(c, out))
		return fail(why, sz, "forwarded to an unknown MAC pair");
	if (op[8] != ip[8] - 1)
		return fail(why, sz, "TTL %u -> %u", ip[8], op[8]);
	if (fz_get16(op + 10) != pkt_ip_csum_recompute(out))
		return fail(why, sz, "checksum %04x, full recompute %04x",
			    fz_get16(op + 10), pkt_ip_csum_recompute(out));
	if (memcmp(out + 12, in->d + 12, 2 + 8) || op[9] != ip[9] ||
	    memcmp(op + 12, ip + 12, tot - 12))
		return fail(why, sz, "bytes other than MACs, TTL, checksum changed");
	return NULL;
}

/* An IPv6 header (version 6) whose payload length the frame holds: what
 * ip6_rcv_core trims to. */
static int fz_ip6_trimmed(const struct fz_frame *in, size_t ol)
{
	const uint8_t *ip = in->d + 14;

	return in->len >= 54 && fz_get16(in->d + 12) == 0x86dd &&
	       ip[0] >> 4 == 6 && ol == 54u + fz_get16(ip + 4);
}

/* A frame not forwarded comes back as it went in; only a valid IPv4
 * datagram or IPv6 packet may lose its link-layer padding (ip_rcv_core's
 * and ip6_rcv_core's trim). */
static const char *check_unchanged(const struct fz_frame *in,
				   const uint8_t *out, size_t ol,
				   char *why, size_t sz)
{
	const uint8_t *ip = in->d + 14;

	if (ol == in->len && !memcmp(out, in->d, ol))
		return NULL;
	if (ol < in->len && in->len >= 34 && fz_get16(in->d + 12) == 0x0800 &&
	    fz_ip_valid(ip, in->len - 14) && ol == 14u + fz_get16(ip + 2) &&
	    !memcmp(out, in->d, ol))
		return NULL;
	if (ol < in->len && fz_ip6_trimmed(in, ol) && !memcmp(out, in->d, ol))
		return NULL;
	return fail(why, sz, "frame not forwarded but changed (%zu -> %zu bytes)",
		    in->len, ol);
}

static const char *check_meta(const void *meta, uint32_t meta_len, int v,
			      char *why, size_t sz)
{
	struct xr_punt_meta m;

	if (!meta_len)
		return NULL;
	if (v != FZ_V_PUNT || meta_len != sizeof(m))
		return fail(why, sz, "%u bytes of metadata on a %s", meta_len,
			    fz_verdict_name[v]);
	memcpy(&m, meta, sizeof(m));
	if (m.magic != XR_PUNT_MAGIC || !m.reason || m.reason >= XR_REASON_MAX)
		return fail(why, sz, "punt metadata: magic %04x reason %u",
			    m.magic, m.reason);
	return NULL;
}

const char *fz_check_fast(const struct fz_cfg *c, const struct fz_frame *in,
			  int verdict, const uint8_t *out, size_t ol,
			  const void *meta, uint32_t meta_len,
			  char *why, size_t why_sz)
{
	const char *w = check_meta(meta, meta_len, verdict, why, why_sz);

	if (w)
		return w;
	switch (verdict) {
	case FZ_V_FWD:
	case FZ_V_TX:
		return check_forwarded(c, in, out, ol, why, why_sz);
	case FZ_V_PASS:
	case FZ_V_PUNT:
	case FZ_V_DROP:
		return check_unchanged(in, out, ol, why, why_sz);
	case FZ_V_REFUSED:
		return NULL;
	default:
		return fail(why, why_sz, "verdict %s", fz_verdict_name[verdict]);
	}
}

uint64_t fz_env_u64(const char *name, uint64_t def)
{
	const char *s = getenv(name);

	return s && *s ? strtoull(s, NULL, 0) : def;
}

uint64_t fz_env_seed(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return fz_env_u64("XR_FUZZ_SEED",
			  ((uint64_t)ts.tv_sec * 1000000007ull) ^ (uint64_t)ts.tv_nsec);
}

void fz_hexdump(FILE *to, const char *title, const uint8_t *p, size_t n)
{
	size_t i;

	fprintf(to, "%s (%zu bytes):", title, n);
	for (i = 0; i < n; i++)
		fprintf(to, "%s%02x", i % 32 ? "" : "\n  ", p[i]);
	fprintf(to, "\n");
}
