/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The fuzzers' frame generator and the fast path's invariants, shared by
 * tests/bpf/test_fuzz.c (both entries, BPF_PROG_TEST_RUN) and the slow
 * path's fuzzer under ASan/UBSan (tests/fuzz/). No Criterion here: the
 * callers turn a violation into a failure.
 *
 * Reproducible: frame i of a run is made from its own generator state,
 * fz_rng_at(seed, i), so XR_FUZZ_SEED=s XR_FUZZ_FIRST=i XR_FUZZ_COUNT=1
 * makes that one frame again.
 */
#ifndef XR_TEST_FUZZ_H
#define XR_TEST_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <linux/types.h>

/* The largest frame BPF_PROG_TEST_RUN takes for a program without
 * frags: a 4 KiB page less XDP headroom and skb_shared_info. */
#define FZ_FRAME_MAX 3520

struct fz_rng { uint64_t s; };

uint64_t fz_next(struct fz_rng *r);
/* Uniform in [0, n). */
uint32_t fz_below(struct fz_rng *r, uint32_t n);
/* True with probability pct %. */
int fz_pct(struct fz_rng *r, uint32_t pct);
/* The generator state of frame i of the run seeded seed. */
struct fz_rng fz_rng_at(uint64_t seed, uint64_t i);

/* What the namespace holds, as the generator draws from it and the
 * checker judges by it (host byte order nowhere: addresses __be32). */
#define FZ_MAX 32
struct fz_link { uint32_t ifindex; uint8_t mac[6]; int attached; uint32_t mtu; };
struct fz_nbr  { uint32_t ifindex; __be32 addr; uint8_t mac[6]; };
struct fz_pfx  { __be32 net; uint8_t plen; };

struct fz_cfg {
	struct fz_link link[FZ_MAX];
	size_t n_link;
	struct fz_nbr nbr[FZ_MAX];     /* every neighbour with a MAC */
	size_t n_nbr;
	struct fz_pfx pfx[FZ_MAX];     /* connected and routed prefixes */
	size_t n_pfx;
	__be32 local[FZ_MAX];          /* the router's addresses (attached links) */
	size_t n_local;
	__be32 bcast[FZ_MAX];          /* their directed broadcasts */
	size_t n_bcast;
};

struct fz_frame {
	uint8_t d[FZ_FRAME_MAX + 64];
	size_t len;
	uint32_t ifindex;              /* the ingress link */
};

/* A random frame, or a mutation of a valid seed, arriving on a link. */
void fz_gen(struct fz_rng *r, const struct fz_cfg *c, struct fz_frame *f);
/* A random ARP frame (request or reply, often broken) to link ifindex. */
void fz_gen_arp(struct fz_rng *r, const struct fz_cfg *c, struct fz_frame *f);
/* A random address: from the prefixes, a neighbour, the router's own,
 * a broadcast, a martian, or anything. */
__be32 fz_addr(struct fz_rng *r, const struct fz_cfg *c);

/* What an entry did with a frame, in one vocabulary for XDP and tc. */
enum {
	FZ_V_PASS,       /* XDP_PASS / TC_ACT_OK, nothing in front */
	FZ_V_PUNT,       /* XDP_PASS with a struct xr_punt_meta in front */
	FZ_V_DROP,       /* XDP_DROP / TC_ACT_SHOT */
	FZ_V_FWD,        /* XDP_REDIRECT / TC_ACT_REDIRECT */
	FZ_V_TX,         /* XDP_TX */
	FZ_V_ABORTED,    /* XDP_ABORTED: a program error */
	FZ_V_OTHER,      /* any other return code */
	FZ_V_REFUSED,    /* BPF_PROG_TEST_RUN refused the frame (EINVAL) */
	FZ_V_MAX
};
extern const char *const fz_verdict_name[FZ_V_MAX];

/*
 * The fast path's invariants on one output. in: the frame as generated;
 * out/ol: the frame as the test run returned it, metadata removed;
 * meta/meta_len: the metadata in front of it. NULL when all hold, else
 * what broke (in why, why_sz bytes).
 */
const char *fz_check_fast(const struct fz_cfg *c, const struct fz_frame *in,
			  int verdict, const uint8_t *out, size_t ol,
			  const void *meta, uint32_t meta_len,
			  char *why, size_t why_sz);

/* Helpers on frames, also for the slow path's checks. */
uint16_t fz_get16(const uint8_t *p);
/* The IPv4 header at ip is well formed within len bytes: version 4,
 * IHL >= 5 and inside, tot_len from the header to len, checksum. */
int fz_ip_valid(const uint8_t *ip, size_t len);
int fz_martian_src(const struct fz_cfg *c, __be32 a);
int fz_martian_dst(const struct fz_cfg *c, __be32 a);
int fz_is_local(const struct fz_cfg *c, __be32 a);
const struct fz_link *fz_link(const struct fz_cfg *c, uint32_t ifindex);

/* XR_FUZZ_SEED (or a fresh one), XR_FUZZ_FIRST (0), XR_FUZZ_COUNT (def). */
uint64_t fz_env_seed(void);
uint64_t fz_env_u64(const char *name, uint64_t def);
void fz_hexdump(FILE *to, const char *title, const uint8_t *p, size_t n);

#endif
