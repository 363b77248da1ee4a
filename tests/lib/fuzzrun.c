// SPDX-License-Identifier: GPL-2.0
/* One generated frame through an entry of the fast path (testenv's),
 * its verdict in the fuzzers' words (FZ_V_*). */
#include <errno.h>
#include <linux/bpf.h>
#include <bpf/bpf.h>
#include "fuzzenv.h"

static int xdp_verdict(uint32_t ret, uint32_t meta_len)
{
	switch (ret) {
	case XDP_PASS:     return meta_len ? FZ_V_PUNT : FZ_V_PASS;
	case XDP_DROP:     return FZ_V_DROP;
	case XDP_REDIRECT: return FZ_V_FWD;
	case XDP_TX:       return FZ_V_TX;
	case XDP_ABORTED:  return FZ_V_ABORTED;
	default:           return FZ_V_OTHER;
	}
}

/* A frame too short or too long for a test run is refused (EINVAL), as
 * is an ingress ifindex with no device (ENODEV); anything else the
 * kernel says is an error of the harness. */
static int refused(void)
{
	return errno == EINVAL || errno == ENODEV ? FZ_V_REFUSED : -errno;
}

int fz_run_xdp(struct xr_testenv *t, const struct fz_frame *f, uint8_t *out,
	       size_t *ol, uint32_t *meta_len)
{
	struct xdp_md ctx = { .data_end = (uint32_t)f->len,
			      .ingress_ifindex = f->ifindex }, ctx_out = { 0 };
	LIBBPF_OPTS(bpf_test_run_opts, o,
		.data_in = f->d, .data_size_in = (uint32_t)f->len,
		.data_out = out, .data_size_out = FZ_OUT_MAX,
		.ctx_in = &ctx, .ctx_size_in = sizeof(ctx),
		.ctx_out = &ctx_out, .ctx_size_out = sizeof(ctx_out), .repeat = 1);

	*meta_len = 0;
	*ol = 0;
	if (bpf_prog_test_run_opts(t->prog_fd, &o) < 0)
		return refused();
	*meta_len = ctx_out.data - ctx_out.data_meta;
	*ol = o.data_size_out;
	return xdp_verdict(o.retval, *meta_len);
}

int fz_run_tc(struct xr_testenv *t, const struct fz_frame *f, uint8_t *out,
	      size_t *ol, uint32_t gso_size)
{
	struct __sk_buff ctx = { .ifindex = f->ifindex, .gso_size = gso_size,
				 .gso_segs = gso_size ? 2 : 0 };
	LIBBPF_OPTS(bpf_test_run_opts, o,
		.data_in = f->d, .data_size_in = (uint32_t)f->len,
		.data_out = out, .data_size_out = FZ_OUT_MAX,
		.ctx_in = &ctx, .ctx_size_in = sizeof(ctx), .repeat = 1);

	*ol = 0;
	if (bpf_prog_test_run_opts(t->tc_prog_fd, &o) < 0)
		return refused();
	*ol = o.data_size_out;
	switch (o.retval) {
	case 0:  return FZ_V_PASS;       /* TC_ACT_OK */
	case 2:  return FZ_V_DROP;       /* TC_ACT_SHOT */
	case 7:  return FZ_V_FWD;        /* TC_ACT_REDIRECT */
	default: return FZ_V_OTHER;
	}
}
