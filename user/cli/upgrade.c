// SPDX-License-Identifier: GPL-2.0
/*
 * xdp-router upgrade: make the state this build's (lib/upgrade.c), then
 * put this build's program in place of the running one on every link
 * (lib/iface.c), and the router's resumed path and the handlers back on
 * the maps they share. xdp-router -V: the build and the layouts.
 */
#include <errno.h>
#include <limits.h>
#include <net/if.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include "cli/cli.h"
#include "lib/err.h"
#include "lib/iface.h"
#include "lib/proto.h"
#include "lib/upgrade.h"
#include "lib/version.h"

static __u32 pin_id(const char *dir, const char *name)
{
	char path[PATH_MAX];
	int fd;
	__u32 id;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	fd = bpf_obj_get(path);
	id = xr_map_id(fd);
	if (fd >= 0)
		close(fd);
	return id;
}

/*
 * Replace the program on every link of this namespace that runs ours.
 * A build before IPv6 kept no IPv6 address: each link's are taken
 * first, as link attach takes them, so that the new program delivers
 * the router's own IPv6 addresses from its first frame.
 */
static int replace_all(struct xr_state *st, int *n)
{
	struct if_nameindex *ifs = if_nameindex(), *i;
	int err = 0;

	for (i = ifs; i && i->if_index; i++) {
		if (!xr_iface_prog(i->if_index, NULL))
			continue;
		if (xr_iface_addrs6_differ(&st->m, i->if_index) &&
		    xr_iface_sync6(&st->m, i->if_index)) {
			xr_err("%s: cannot take its IPv6 addresses", i->if_name);
			err = -1;
		}
		if (xr_iface_replace(st, i->if_index))
			err = -1;
		else
			(*n)++;
	}
	if (ifs)
		if_freenameindex(ifs);
	return err;
}

/* Slot 0 (the router's resumed path) is router code: this build's; the
 * handlers are loaded again when a map they share was replaced. */
static int refresh_handlers(struct xr_state *st, const __u32 *before)
{
	__u32 slot = XR_PROTO_SLOT_ROUTER, id;
	size_t i;
	int moved = 0, n;

	if (bpf_map_lookup_elem(st->m.proto_progs, &slot, &id) < 0)
		return 0;                  /* no handler ever registered */
	if (xr_proto_router_slot(&st->m, st->dir))
		return -1;
	for (i = 0; i < XR_N_SHARED_MAPS; i++)
		moved |= before[i] != pin_id(st->dir, xr_shared_maps[i]);
	if (!moved)
		return 0;
	n = xr_proto_reload_all(&st->m, st->dir);
	if (n > 0)
		printf("loaded %d handler%s again on the new maps\n", n,
		       n == 1 ? "" : "s");
	return n < 0 ? -1 : 0;
}

static int upgrade(struct xr_state *st)
{
	__u32 before[XR_N_SHARED_MAPS];
	struct xr_state_info si;
	size_t i;
	int n = 0, err;

	err = xr_state_locate(st);
	for (i = 0; !err && i < XR_N_SHARED_MAPS; i++)
		before[i] = pin_id(st->dir, xr_shared_maps[i]);
	if (!err) {
		close(st->base_fd);    /* xr_state_open locates again */
		err = xr_state_open(st, XR_STATE_LOCK_EX | XR_STATE_UPGRADE);
	}
	if (err == -ENOENT) {
		printf("no state in this network namespace: nothing to upgrade\n");
		return 0;
	}
	if (err)
		return 1;
	err = replace_all(st, &n);
	if (refresh_handlers(st, before))
		err = -1;
	xr_layout_self(&si);
	printf("state layout %u (maps %08x); %d link%s now run%s %s\n",
	       si.layout, si.maps, n, n == 1 ? "" : "s", n == 1 ? "s" : "",
	       xr_build_version());
	return err ? 1 : 0;
}

int xr_upgrade_main(int argc, char **argv)
{
	static struct xr_state st;
	int ret;

	if (argc > 0) {
		xr_err("unknown argument \"%s\" (upgrade takes none)", argv[0]);
		return 1;
	}
	if (xr_check_privileges())
		return 1;
	ret = upgrade(&st);
	xr_state_close(&st);
	return ret;
}

/* The state of this namespace, when there is one we may read. */
static void print_state_version(void)
{
	struct xr_state st;
	struct xr_state_info si;

	if (geteuid() != 0 || xr_state_locate(&st))
		return;
	if (xr_layout_of_state(st.dir, &si))
		printf("no state in %s\n", st.dir);
	else if (si.layout == 1)
		printf("state in %s: layout 1 (written before versions: "
		       "'xdp-router upgrade' converts it)\n", st.dir);
	else
		printf("state in %s: layout %u (maps %08x), written by "
		       "xdp-router %.*s\n", st.dir, si.layout, si.maps,
		       (int)sizeof(si.build), si.build);
}

int xr_version_main(void)
{
	struct xr_state_info si;

	printf("xdp-router %s\n", xr_build_version());
	if (xr_layout_self(&si))
		return 1;
	printf("state layout %u (maps %08x)\n", si.layout, si.maps);
	print_state_version();
	return 0;
}
