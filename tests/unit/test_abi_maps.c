// SPDX-License-Identifier: GPL-2.0
/*
 * The maps named once (include/xdp_router/abi/maps.h): every program
 * object the router loads has exactly the maps of XR_MAP_LIST, in its
 * order (the order the state's layout digest follows), and user space
 * finds each of them by that name in struct xr_maps. Objects are only
 * opened, never loaded: no BPF needed.
 */
#include <criterion/criterion.h>
#include <stddef.h>
#include <string.h>
#include <bpf/libbpf.h>
#include "xdp_router/abi.h"
#include "lib/state.h"
#include "xdp_router.skel.h"
#include "xdp_router_tc.skel.h"
#include "xdp_router_resume.skel.h"
#include "xdp_router_probe.skel.h"

#define NAME(name, ...) XR_MAP_NAME(name),
static const char *const names[] = { XR_MAP_LIST(NAME, NAME) };
#define N_NAMES (sizeof(names) / sizeof(names[0]))

/* The object's own maps (not .rodata and the like) against the list. */
static void same_maps(struct bpf_object *obj, const char *what)
{
	struct bpf_map *map;
	size_t n = 0;

	cr_assert(obj, "%s: cannot open", what);
	bpf_object__for_each_map(map, obj) {
		if (bpf_map__is_internal(map))
			continue;
		cr_assert(n < N_NAMES, "%s: map %s is not in XR_MAP_LIST", what,
			  bpf_map__name(map));
		cr_expect_str_eq(bpf_map__name(map), names[n],
				 "%s: map %zu is %s, XR_MAP_LIST says %s", what, n,
				 bpf_map__name(map), names[n]);
		n++;
	}
	cr_expect_eq(n, N_NAMES, "%s: %zu maps, XR_MAP_LIST has %zu", what, n,
		     N_NAMES);
}

/* Each program object, opened from its skeleton, has the list's maps.
 * (route get's probe too: it reuses every pinned map, and one it had
 * beyond the list would be created and pinned by a reader.) */
#define OBJECT_HAS_THE_LIST(skel)                                         \
	Test(abi_maps, skel##_object_has_the_list)                        \
	{                                                                 \
		struct skel##_bpf *s = skel##_bpf__open();                \
									  \
		same_maps(s ? s->obj : NULL, #skel);                      \
		skel##_bpf__destroy(s);                                   \
	}

OBJECT_HAS_THE_LIST(xdp_router)
OBJECT_HAS_THE_LIST(xdp_router_tc)
OBJECT_HAS_THE_LIST(xdp_router_resume)
OBJECT_HAS_THE_LIST(xdp_router_probe)

/* Each name finds its own fd in struct xr_maps, and no two the same. */
Test(abi_maps, struct_xr_maps_by_name)
{
	size_t i, al = _Alignof(struct xr_fib4 *);
	struct xr_maps m;

	memset(&m, 0, sizeof(m));
	/* the fds first, one int per map of the list, then the FIB */
	cr_assert_eq(offsetof(struct xr_maps, fib),
		     (N_NAMES * sizeof(int) + al - 1) / al * al);
	for (i = 0; i < N_NAMES; i++)
		((int *)&m)[i] = 100 + (int)i;
	for (i = 0; i < N_NAMES; i++)
		cr_expect_eq(xr_maps_fd(&m, names[i]), 100 + (int)i,
			     "%s: fd %d", names[i], xr_maps_fd(&m, names[i]));
	cr_expect_eq(xr_maps_fd(&m, "xr_none"), -1);
	cr_expect_eq(m.fib4_dir, xr_maps_fd(&m, XR_MAP_NAME(fib4_dir)));
	cr_expect_eq(m.fib6_ptmeta, xr_maps_fd(&m, XR_MAP_NAME(fib6_ptmeta)));
	cr_expect_eq(m.state_info, xr_maps_fd(&m, XR_MAP_NAME(state_info)));
}

/* The maps a handler shares: the first of the list, by name. */
Test(abi_maps, shared_maps)
{
	size_t i;

	cr_assert_eq(XR_N_SHARED_MAPS, 3);
	for (i = 0; i < XR_N_SHARED_MAPS; i++)
		cr_expect_str_eq(xr_shared_maps[i], names[i]);
	cr_expect_str_eq(xr_shared_maps[1], "xr_tx_ports");
}
