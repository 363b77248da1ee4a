// SPDX-License-Identifier: GPL-2.0
/* xr_sync: who owns the routes and neighbours (lib/sync.h). */
#include <errno.h>
#include <sys/socket.h>
#include <string.h>
#include <bpf/bpf.h>
#include "lib/ifaces.h"
#include "lib/sync.h"

int xr_sync_get(const struct xr_maps *m, struct xr_sync *s)
{
	uint32_t zero = 0;

	if (bpf_map_lookup_elem(m->sync, &zero, s) == 0)
		return 0;
	memset(s, 0, sizeof(*s));
	return -errno;
}

int xr_sync_set(const struct xr_maps *m, const struct xr_sync *s)
{
	uint32_t zero = 0;

	return bpf_map_update_elem(m->sync, &zero, s, BPF_ANY) ? -errno : 0;
}

#define XR__SYNC_NAME(n) #n,
static const char *const counter_names[] = { XR_SYNC_COUNTER_LIST(XR__SYNC_NAME) };
#undef XR__SYNC_NAME

const char *xr_sync_counter_name(uint32_t idx)
{
	return idx < XR_SYNC_N_COUNTERS ? counter_names[idx] : NULL;
}

const char *xr_sync_mode_name(uint32_t mode)
{
	switch (mode) {
	case XR_SYNC_OFF:    return "off";
	case XR_SYNC_KERNEL: return "kernel";
	case XR_SYNC_FPM:    return "fpm";
	}
	return "unknown";
}

const char *xr_sync_refusal(const struct xr_sync *s, int neigh)
{
	if (s->mode == XR_SYNC_OFF)
		return NULL;
	if (neigh)
		return "neighbours follow the kernel: use ip neigh";
	if (s->mode == XR_SYNC_FPM)
		return "routes follow FRR (fpm): configure them in FRR";
	return "routes follow the kernel: use ip route";
}

static int gw_none(const struct xr_inaddr *gw, int family)
{
	static const uint8_t zero[16];

	return family == AF_INET6 ? !memcmp(gw->b, zero, 16) : !gw->v4;
}

int xr_route_connected(const struct xr_maps *m, uint8_t proto, uint8_t type,
		       int one_nh, int has_gw, uint32_t ifindex)
{
	struct xr_iface v;

	return proto == XR_RTPROT_KERNEL && type == XR_RTN_UNICAST && one_nh &&
	       !has_gw && ifindex && xr_iface_get(m, ifindex, &v) == 0;
}

int xr_rt_connected(const struct xr_maps *m, const struct xr_rt *rt)
{
	return xr_route_connected(m, rt->proto, rt->type, !rt->nhg,
				  !gw_none(&rt->gw, rt->dst.family), rt->ifindex);
}
