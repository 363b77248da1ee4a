// SPDX-License-Identifier: GPL-2.0
/*
 * A link's IPv6 addresses in the maps, as link attach and the link watch
 * keep them (iface.c does IPv4): each address the kernel owns on the
 * link (global and link-local, not tentative) in xr_addrs6 and as a
 * local /128 in the IPv6 FIB; its prefix as a connected route (proto
 * kernel), as addrconf_prefix_route makes it, but for link-local ones:
 * the kernel keeps an fe80::/64 on every link, which one route table
 * keyed by prefix cannot, and the fast path gives link-local
 * destinations to the kernel whatever the table says.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <linux/if_addr.h>
#include <bpf/bpf.h>
#include "xdp_router/abi.h"
#include "lib/addr6.h"
#include "lib/iface.h"
#include "lib/ifaces.h"
#include "lib/netdev.h"
#include "lib/parse.h"
#include "lib/route6.h"

#define XR_MAX_DEV_ADDRS6 256

static int in6_linklocal(const struct xr_in6 *a)
{
	const uint8_t *b = (const uint8_t *)a;

	return b[0] == 0xfe && (b[1] & 0xc0) == 0x80;
}

int xr_addr6_has_route(const struct xr_ifaddr6 *a)
{
	return !in6_linklocal(&a->addr) && !(a->flags & IFA_F_NOPREFIXROUTE);
}

void xr_connected_route6(uint32_t ifindex, const struct xr_ifaddr6 *a,
			 struct xr_route6 *rt)
{
	struct xr_inaddr dst = { .family = AF_INET6, .v6 = a->addr };

	xr_inaddr_mask(&dst, a->plen);
	memset(rt, 0, sizeof(*rt));
	rt->dst = dst.v6;
	rt->plen = a->plen;
	rt->type = XR_RTN_UNICAST;
	rt->proto = XR_RTPROT_KERNEL;
	rt->ifindex = ifindex;
	rt->prefsrc = a->addr;
}

/* Another attached link that holds addr (a link-local address may be on
 * several): its ifindex, or 0. */
static uint32_t other_holder(const struct xr_maps *m, uint32_t ifindex,
			     const struct xr_in6 *addr)
{
	struct xr_ifaddr6 *a = calloc(XR_MAX_DEV_ADDRS6, sizeof(*a));
	struct xr_iface v;
	uint32_t found = 0;
	int i, n = a ? xr_dev_addrs6(0, a, XR_MAX_DEV_ADDRS6) : -ENOMEM;

	for (i = 0; i < n && !found; i++)
		if (a[i].ifindex != ifindex && !memcmp(&a[i].addr, addr, 16) &&
		    xr_iface_get(m, a[i].ifindex, &v) == 0)
			found = a[i].ifindex;
	free(a);
	return found;
}

/* Its connected route (when it is still the link's), its local entry
 * and its xr_addrs6 entry; an address another attached link holds too
 * stays, as that link's. */
static void forget_one(const struct xr_maps *m, uint32_t ifindex,
		       const struct xr_addr6_entry *e)
{
	struct xr_inaddr dst = { .family = AF_INET6, .v6 = e->addr };
	struct xr_addr val = e->val;
	struct xr_route6 rt;

	xr_inaddr_mask(&dst, e->val.plen);
	if (xr_route6_get(m, &dst.v6, e->val.plen, &rt) == 0 &&
	    rt.proto == XR_RTPROT_KERNEL && rt.ifindex == ifindex &&
	    !memcmp(&rt.prefsrc, &e->addr, sizeof(rt.prefsrc)))
		xr_route6_delete(m, &dst.v6, e->val.plen);
	val.ifindex = other_holder(m, ifindex, &e->addr);
	if (val.ifindex) {
		bpf_map_update_elem(m->addrs6, &e->addr, &val, BPF_ANY);
		return;
	}
	xr_fib6_local_del(m, &e->addr);      /* after the route */
	bpf_map_delete_elem(m->addrs6, &e->addr);
}

void xr_iface_forget6(const struct xr_maps *m, uint32_t ifindex)
{
	struct xr_addr6_entry *a = NULL;
	size_t i, n;

	if (xr_addrs6_dump(m, &a, &n))
		return;
	for (i = 0; i < n; i++)
		if (a[i].val.ifindex == ifindex)
			forget_one(m, ifindex, &a[i]);
	free(a);
}

/* The address's entry and connected route; its local entry after. */
static int sync_one(const struct xr_maps *m, uint32_t ifindex,
		    const struct xr_ifaddr6 *a)
{
	struct xr_addr v = { .ifindex = ifindex, .plen = a->plen,
			     .type = XR_ADDR_LOCAL };
	struct xr_route6 rt, old;

	if (bpf_map_update_elem(m->addrs6, &a->addr, &v, BPF_ANY) < 0)
		return -errno;
	if (!xr_addr6_has_route(a))
		return 0;
	xr_connected_route6(ifindex, a, &rt);
	/* a static route of the same prefix stays, as for IPv4 */
	if (xr_route6_get(m, &rt.dst, rt.plen, &old) == 0 &&
	    old.proto != XR_RTPROT_KERNEL)
		return 0;
	return xr_route6_update(m, &rt);
}

int xr_iface_sync6(const struct xr_maps *m, uint32_t ifindex)
{
	struct xr_ifaddr6 *a = calloc(XR_MAX_DEV_ADDRS6, sizeof(*a));
	int i, n = a ? xr_dev_addrs6(ifindex, a, XR_MAX_DEV_ADDRS6) : -ENOMEM;
	int err = n < 0 ? n : 0;

	if (!err)
		xr_iface_forget6(m, ifindex);
	for (i = 0; !err && i < n; i++)
		err = sync_one(m, ifindex, &a[i]);
	/* the kernel's local table: after the connected routes */
	for (i = 0; !err && i < n; i++)
		err = xr_fib6_local_add(m, &a[i].addr, ifindex);
	free(a);
	return err;
}

/* Whether addr/plen of the link is in xr_addrs6 as the link's. */
static int have_addr(const struct xr_maps *m, uint32_t ifindex,
		     const struct xr_ifaddr6 *a)
{
	struct xr_addr v;

	return !bpf_map_lookup_elem(m->addrs6, &a->addr, &v) &&
	       v.ifindex == ifindex && v.plen == a->plen;
}

int xr_iface_addrs6_differ(const struct xr_maps *m, uint32_t ifindex)
{
	struct xr_ifaddr6 *a = calloc(XR_MAX_DEV_ADDRS6, sizeof(*a));
	struct xr_addr6_entry *e = NULL;
	int i, n = a ? xr_dev_addrs6(ifindex, a, XR_MAX_DEV_ADDRS6) : -ENOMEM;
	size_t k, cnt, mine = 0;
	int differ = n < 0 || xr_addrs6_dump(m, &e, &cnt);

	for (k = 0; !differ && k < cnt; k++)
		mine += e[k].val.ifindex == ifindex;
	differ = differ || mine != (size_t)n;
	for (i = 0; !differ && i < n; i++)
		differ = !have_addr(m, ifindex, &a[i]);
	free(a);
	free(e);
	return differ;
}
