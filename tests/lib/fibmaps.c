// SPDX-License-Identifier: GPL-2.0
#include <criterion/criterion.h>
#include <bpf/libbpf.h>
#include "fibmaps.h"
#include "xdp_router.skel.h"

struct xdp_router_bpf *fm_load(struct xr_maps *m)
{
	struct xdp_router_bpf *s = xdp_router_bpf__open();
	struct bpf_program *p;

	cr_assert(s);
	bpf_object__for_each_program(p, s->obj)
		bpf_program__set_autoload(p, false);
	cr_assert_eq(xdp_router_bpf__load(s), 0);
	cr_assert_eq(xr_maps_from_obj(m, s->obj), 0);
	cr_assert(m->fib && m->fib6);
	return s;
}

void fm_unload(struct xdp_router_bpf *s, struct xr_maps *m)
{
	cr_assert_eq(xr_maps_close_fib(m), 0);
	xdp_router_bpf__destroy(s);
}

void fm_assert_empty(struct xr_poptrie *t)
{
	uint32_t i;

	cr_assert_eq(xr_pt_release(t), 0);
	cr_assert_eq(t->meta->nodes_used, 0, "%llu nodes leaked",
		     (unsigned long long)t->meta->nodes_used);
	cr_assert_eq(t->meta->leaves_used, 0, "%llu leaves leaked",
		     (unsigned long long)t->meta->leaves_used);
	for (i = 0; i < 1u << t->g->direct_bits; i++)
		cr_assert_eq(t->direct[i], 0, "direct[%u] left 0x%x", i,
			     t->direct[i]);
}
