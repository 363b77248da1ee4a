// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <linux/if_link.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <xdp/libxdp.h>
#include "xdp_router/abi.h"
#include "lib/addr4.h"
#include "lib/counters.h"
#include "lib/err.h"
#include "lib/fib4.h"
#include "lib/fib6.h"
#include "lib/iface.h"
#include "lib/ifaces.h"
#include "lib/netdev.h"
#include "lib/parse.h"
#include "lib/route4.h"
#include "lib/version.h"
#include "xdp_router.skel.h"
#include "xdp_router_tc.skel.h"

#define XR_MAX_DEV_ADDRS 64

const char *xr_mode_name(int mode)
{
	return mode == XR_MODE_TC ? "tc" :
	       mode == XR_MODE_GENERIC ? "generic" : "native";
}

const char *xr_hook_name(int mode)
{
	return mode == XR_MODE_TC ? "tc" : "xdp";
}

static void tc_hook_of(uint32_t ifindex, struct bpf_tc_hook *h)
{
	memset(h, 0, sizeof(*h));
	h->sz = sizeof(*h);
	h->ifindex = (int)ifindex;
	h->attach_point = BPF_TC_INGRESS;
}

/* Our filter on the link's clsact ingress, if any: its program id. */
static uint32_t tc_prog(uint32_t ifindex)
{
	struct bpf_tc_hook h;
	LIBBPF_OPTS(bpf_tc_opts, o, .handle = XR_TC_HANDLE, .priority = XR_TC_PRIO);
	struct bpf_prog_info info = { 0 };
	__u32 len = sizeof(info);
	int fd;

	tc_hook_of(ifindex, &h);
	if (bpf_tc_query(&h, &o) < 0 || !o.prog_id)
		return 0;
	fd = bpf_prog_get_fd_by_id(o.prog_id);
	if (fd < 0)
		return 0;
	if (bpf_obj_get_info_by_fd(fd, &info, &len) < 0 ||
	    strcmp(info.name, XR_TC_PROG_NAME))
		o.prog_id = 0;
	close(fd);
	return o.prog_id;
}

static int to_xdp_mode(int mode)
{
	return mode == XR_MODE_GENERIC ? XDP_MODE_SKB : XDP_MODE_NATIVE;
}

/* Find our program among those libxdp sees on the link. */
static struct xdp_program *find_ours(struct xdp_multiprog *mp)
{
	struct xdp_program *p;

	if (xdp_multiprog__is_legacy(mp)) {
		p = xdp_multiprog__main_prog(mp);
		return p && !strcmp(xdp_program__name(p), XR_PROG_NAME) ? p : NULL;
	}
	for (p = xdp_multiprog__next_prog(NULL, mp); p;
	     p = xdp_multiprog__next_prog(p, mp))
		if (!strcmp(xdp_program__name(p), XR_PROG_NAME))
			return p;
	return NULL;
}

uint32_t xr_iface_prog(uint32_t ifindex, int *mode)
{
	struct xdp_multiprog *mp;
	struct xdp_program *p;
	uint32_t id = tc_prog(ifindex);

	if (id) {
		if (mode)
			*mode = XR_MODE_TC;
		return id;
	}
	mp = xdp_multiprog__get_from_ifindex((int)ifindex);
	if (libxdp_get_error(mp) || !mp)
		return 0;
	p = find_ours(mp);
	if (p) {
		id = xdp_program__id(p);
		if (mode)
			*mode = xdp_multiprog__attach_mode(mp) == XDP_MODE_SKB ?
				XR_MODE_GENERIC : XR_MODE_NATIVE;
	}
	xdp_multiprog__close(mp);
	return id;
}

/* Remove the link's addresses and the connected routes they brought:
 * found from the addresses, not by walking a table of a million routes. */
static void forget_addrs(const struct xr_maps *m, uint32_t ifindex)
{
	struct xr_addr4_entry *a = NULL;
	struct xr_route4 rt;
	size_t i, n;

	if (xr_addrs4_dump(m, &a, &n))
		return;
	for (i = 0; i < n; i++) {
		__be32 dst = a[i].addr & xr_plen_mask(a[i].val.plen);

		if (a[i].val.ifindex != ifindex)
			continue;
		if (a[i].val.type == XR_ADDR_LOCAL &&
		    xr_route4_get(m, dst, a[i].val.plen, &rt) == 0 &&
		    rt.proto == XR_RTPROT_KERNEL && rt.ifindex == ifindex)
			xr_route4_delete(m, dst, a[i].val.plen);
		xr_fib4_local_del(m, a[i].addr);     /* after the route */
		bpf_map_delete_elem(m->addrs4, &a[i].addr);
	}
	free(a);
}

void xr_iface_forget(const struct xr_maps *m, uint32_t ifindex)
{
	struct xr_iface none = { 0 };

	if (ifindex >= XR_MAX_IFINDEX)
		return;
	xr_maps_write_begin(m);
	forget_addrs(m, ifindex);
	xr_iface_forget6(m, ifindex);
	bpf_map_update_elem(m->ifaces, &ifindex, &none, BPF_ANY);
	/* next hops through it (both families) become exceptions */
	xr_maps_link_changed(m, ifindex);
	bpf_map_delete_elem(m->tx_ports, &ifindex);
	xr_if_stats_reset(m, ifindex);
}

void xr_connected_route(uint32_t ifindex, const struct xr_ifaddr4 *a,
			struct xr_route4 *rt)
{
	memset(rt, 0, sizeof(*rt));
	rt->dst = a->addr & xr_plen_mask(a->plen);
	rt->plen = a->plen;
	rt->type = XR_RTN_UNICAST;
	rt->proto = XR_RTPROT_KERNEL;
	rt->ifindex = ifindex;
	rt->prefsrc = a->addr;
}

int xr_iface_sync(const struct xr_maps *m, uint32_t ifindex, int mode)
{
	return xr_iface_sync_carrier(m, ifindex, mode, 0);
}

int xr_iface_sync_carrier(const struct xr_maps *m, uint32_t ifindex, int mode,
			  int carrier)
{
	struct xr_ifaddr4 addrs[XR_MAX_DEV_ADDRS];
	struct xr_iface ifv = { 0 };
	struct xr_devinfo d;
	int i, n, err;

	if (xr_dev_info(ifindex, &d) < 0)
		return -errno;
	n = xr_dev_addrs4(ifindex, addrs, XR_MAX_DEV_ADDRS);
	if (n < 0)
		return -errno;

	if (ifindex >= XR_MAX_IFINDEX)
		return -ERANGE;
	xr_maps_write_begin(m);
	memcpy(ifv.mac, d.mac, 6);
	ifv.mtu = d.mtu;
	ifv.mode = (uint32_t)mode;
	ifv.flags = XR_IF_ATTACHED | ((carrier ? d.up : d.admin_up) ? XR_IF_UP : 0);
	{
		struct xr_iface cur;

		/* a link attached anew starts its counters from zero; one
		 * synced again keeps its settings */
		err = xr_iface_get(m, ifindex, &cur);
		if (err == -ENOENT && (err = xr_if_stats_reset(m, ifindex)))
			return err;
		if (!err)
			ifv.flags |= cur.flags & (XR_IF_NO_REDIRECTS | XR_IF_CAPTURE);
	}
	if (bpf_map_update_elem(m->tx_ports, &ifindex, &ifindex, BPF_ANY) < 0 ||
	    bpf_map_update_elem(m->ifaces, &ifindex, &ifv, BPF_ANY) < 0)
		return -errno;
	if ((err = xr_maps_link_changed(m, ifindex)))
		return err;

	forget_addrs(m, ifindex);
	for (i = 0; i < n; i++) {
		struct xr_addr a = { .ifindex = ifindex, .plen = addrs[i].plen,
				      .type = XR_ADDR_LOCAL };
		struct xr_route4 rt, old;

		xr_connected_route(ifindex, &addrs[i], &rt);

		if (bpf_map_update_elem(m->addrs4, &addrs[i].addr, &a, BPF_ANY) < 0)
			return -errno;
		if (addrs[i].brd) {
			a.type = XR_ADDR_BCAST;
			if (bpf_map_update_elem(m->addrs4, &addrs[i].brd, &a,
						BPF_ANY) < 0)
				return -errno;
		}
		/* A static route of the same prefix stays, as the kernel
		 * would refuse the second one; the connected one is not made. */
		if (xr_route4_get(m, rt.dst, rt.plen, &old) == 0 &&
		    old.proto != XR_RTPROT_KERNEL)
			continue;
		if ((err = xr_route4_update(m, &rt)))
			return err;
	}
	/* the kernel's local table: after the connected routes */
	for (i = 0; i < n; i++) {
		if ((err = xr_fib4_local_add(m, addrs[i].addr, XR_RTN_LOCAL,
					     ifindex)) ||
		    (addrs[i].brd &&
		     (err = xr_fib4_local_add(m, addrs[i].brd, XR_RTN_BROADCAST,
					      ifindex))))
			return err;
	}
	return xr_iface_sync6(m, ifindex);
}

/* The tc entry (its own object, on the pinned maps) as a clsact ingress
 * filter; flags BPF_TC_F_REPLACE: in place of the one there (tc filter
 * replace: the classifier swaps its program at once). */
static int tc_attach(struct xr_state *st, uint32_t ifindex, __u32 flags)
{
	struct xdp_router_tc_bpf *skel = xdp_router_tc_bpf__open();
	struct bpf_tc_hook h;
	LIBBPF_OPTS(bpf_tc_opts, o, .handle = XR_TC_HANDLE,
		    .priority = XR_TC_PRIO, .flags = flags);
	int err;

	if (!skel)
		return -errno;
	xr_build_set(skel->rodata->xr_build, sizeof(skel->rodata->xr_build));
	err = xr_state_set_pins(skel->obj, st->dir);
	if (!err)
		err = xdp_router_tc_bpf__load(skel);
	tc_hook_of(ifindex, &h);
	if (!err) {
		err = bpf_tc_hook_create(&h);   /* the clsact qdisc */
		if (err == -EEXIST)
			err = 0;
	}
	if (!err) {
		o.prog_fd = bpf_program__fd(skel->progs.xdp_router_tc);
		err = bpf_tc_attach(&h, &o);
	}
	xdp_router_tc_bpf__destroy(skel);  /* the filter keeps the program */
	if (err)
		xr_err("cannot attach to ifindex %u at tc ingress: %s", ifindex,
		       strerror(-err));
	return err;
}

static int load_and_attach(struct xr_state *st, uint32_t ifindex, int mode)
{
	struct xdp_router_bpf *skel;
	struct xdp_program *prog;
	char msg[256];
	int err;

	skel = xdp_router_bpf__open();
	if (!skel)
		return -errno;
	xr_build_set(skel->rodata->xr_build, sizeof(skel->rodata->xr_build));
	err = xr_state_set_pins(skel->obj, st->dir);
	if (err)
		goto out;
	prog = xdp_program__from_bpf_obj(skel->obj, "xdp");
	err = (int)libxdp_get_error(prog);
	if (err)
		goto out;
	err = xdp_program__attach(prog, (int)ifindex, to_xdp_mode(mode), 0);
	xdp_program__close(prog);
out:
	xdp_router_bpf__destroy(skel);
	if (err) {
		libxdp_strerror(err, msg, sizeof(msg));
		xr_err("cannot attach to ifindex %u in %s mode: %s", ifindex,
		       xr_mode_name(mode), msg);
	}
	return err;
}

int xr_iface_attach(struct xr_state *st, uint32_t ifindex, int mode)
{
	int cur_mode = 0;
	int err;

	if (xr_iface_prog(ifindex, &cur_mode)) {
		if (cur_mode != mode) {
			xr_err("ifindex %u is attached with hook %s (%s); detach "
			       "first", ifindex, xr_hook_name(cur_mode),
			       xr_mode_name(cur_mode));
			return -EEXIST;
		}
		return xr_iface_sync(&st->m, ifindex, mode);   /* refresh */
	}
	err = xr_iface_sync(&st->m, ifindex, mode);
	if (!err)
		err = mode == XR_MODE_TC ? tc_attach(st, ifindex, 0)
					 : load_and_attach(st, ifindex, mode);
	else
		xr_err("cannot write the link's entries: %s", strerror(-err));
	if (err)
		xr_iface_forget(&st->m, ifindex);
	return err;
}

int xr_iface_detach(struct xr_state *st, uint32_t ifindex)
{
	struct xdp_multiprog *mp = xdp_multiprog__get_from_ifindex((int)ifindex);
	struct xdp_program *p;
	char msg[256];
	int err = 0;

	if (tc_prog(ifindex)) {
		struct bpf_tc_hook h;
		LIBBPF_OPTS(bpf_tc_opts, o, .handle = XR_TC_HANDLE,
			    .priority = XR_TC_PRIO);

		/* our filter only: the clsact qdisc may serve others */
		tc_hook_of(ifindex, &h);
		err = bpf_tc_detach(&h, &o);
		if (err) {
			xr_err("cannot detach from ifindex %u at tc ingress: %s",
			       ifindex, strerror(-err));
			if (!libxdp_get_error(mp) && mp)
				xdp_multiprog__close(mp);
			return err;
		}
	}
	if (!libxdp_get_error(mp) && mp) {
		p = find_ours(mp);
		if (p && xdp_multiprog__is_legacy(mp))
			err = xdp_multiprog__detach(mp);
		else if (p)
			err = xdp_program__detach(p, (int)ifindex,
						  xdp_multiprog__attach_mode(mp), 0);
		xdp_multiprog__close(mp);
	}
	if (err) {
		libxdp_strerror(err, msg, sizeof(msg));
		xr_err("cannot detach from ifindex %u: %s", ifindex, msg);
		return err;
	}
	xr_iface_forget(&st->m, ifindex);
	return 0;
}

/* A program attached directly (no dispatcher): the netlink attach with
 * XDP_FLAGS_REPLACE swaps it only if old is still the one there. */
static int xdp_replace_legacy(uint32_t ifindex, int mode, int new_fd,
			      struct xdp_program *old)
{
	LIBBPF_OPTS(bpf_xdp_attach_opts, o, .old_prog_fd = xdp_program__fd(old));
	__u32 flags = XDP_FLAGS_REPLACE | (mode == XR_MODE_GENERIC ?
					   XDP_FLAGS_SKB_MODE : XDP_FLAGS_DRV_MODE);

	return bpf_xdp_attach((int)ifindex, new_fd, flags, &o);
}

/* Under libxdp's dispatcher: each change builds a new dispatcher and
 * swaps it in at once; for a moment both programs are in it (the new
 * one runs only for frames the old one passes on). */
static int xdp_replace_multi(struct xdp_program *new_prog, uint32_t ifindex,
			     int mode, struct xdp_program *old)
{
	int err = xdp_program__attach(new_prog, (int)ifindex, to_xdp_mode(mode), 0);

	if (!err)
		err = xdp_program__detach(old, (int)ifindex, to_xdp_mode(mode), 0);
	return err;
}

/* Load this build's program (skel, pins set) and swap it for old. */
static int xdp_swap(struct xdp_router_bpf *skel, struct xdp_multiprog *mp,
		    struct xdp_program *old, uint32_t ifindex, int mode)
{
	struct xdp_program *prog;
	int err;

	if (xdp_multiprog__is_legacy(mp)) {
		err = xdp_router_bpf__load(skel);
		return err ? err : xdp_replace_legacy(ifindex, mode,
				bpf_program__fd(skel->progs.xdp_router), old);
	}
	prog = xdp_program__from_bpf_obj(skel->obj, "xdp");
	err = (int)libxdp_get_error(prog);
	if (err)
		return err;
	err = xdp_replace_multi(prog, ifindex, mode, old);
	xdp_program__close(prog);
	return err;
}

static int xdp_replace(struct xr_state *st, uint32_t ifindex, int mode)
{
	struct xdp_multiprog *mp = xdp_multiprog__get_from_ifindex((int)ifindex);
	struct xdp_router_bpf *skel = xdp_router_bpf__open();
	struct xdp_program *old = NULL;
	int err = libxdp_get_error(mp) || !mp ? -ENOENT : !skel ? -ENOMEM : 0;

	if (!err && !(old = find_ours(mp)))
		err = -ENOENT;
	if (!err) {
		xr_build_set(skel->rodata->xr_build, sizeof(skel->rodata->xr_build));
		err = xr_state_set_pins(skel->obj, st->dir);
	}
	if (!err)
		err = xdp_swap(skel, mp, old, ifindex, mode);
	if (!libxdp_get_error(mp) && mp)
		xdp_multiprog__close(mp);
	xdp_router_bpf__destroy(skel);
	return err;
}

int xr_iface_replace(struct xr_state *st, uint32_t ifindex)
{
	char msg[256];
	int mode = 0, err;

	if (!xr_iface_prog(ifindex, &mode))
		return -ENOENT;
	if (mode == XR_MODE_TC)
		return tc_attach(st, ifindex, BPF_TC_F_REPLACE);
	err = xdp_replace(st, ifindex, mode);
	if (err) {
		libxdp_strerror(err, msg, sizeof(msg));
		xr_err("cannot replace the program on ifindex %u (%s): %s",
		       ifindex, xr_mode_name(mode), msg);
	}
	return err;
}
