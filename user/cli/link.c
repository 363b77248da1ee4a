// SPDX-License-Identifier: GPL-2.0
/* xdp-router link {attach|detach|set|show} */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cli/cli.h"
#include "lib/err.h"
#include "lib/iface.h"
#include "lib/netdev.h"
#include "lib/parse.h"
#include "lib/tables.h"
#include "lib/tap.h"
#include "lib/version.h"

/* "[dev] DEV" at argv[*i]; leaves *i on the device word. */
static int parse_dev_arg(int argc, char **argv, int *i, struct xr_cmd *c)
{
	if (*i < argc && !strcmp(argv[*i], "dev"))
		(*i)++;
	if (*i >= argc) {
		xr_err("missing DEV after \"%s\"", xr_word(argv[*i - 1]));
		return -1;
	}
	if (xr_parse_dev(argv[*i], &c->ifindex))
		return -1;
	snprintf(c->dev, sizeof(c->dev), "%s", argv[*i]);
	return 0;
}

int xr_link_show_parse(int argc, char **argv, struct xr_cmd *c)
{
	if (argc <= 1)
		return 0;
	if (xr_parse_end(argc, argv, 2))
		return -1;
	if (xr_parse_dev(argv[1], &c->ifindex))
		return -1;
	snprintf(c->dev, sizeof(c->dev), "%s", argv[1]);
	return 0;
}

/* link set DEV redirects on|off (net.ipv4.conf.DEV.send_redirects) */
int xr_link_set_parse(int argc, char **argv, struct xr_cmd *c)
{
	int i = 1;

	if (parse_dev_arg(argc, argv, &i, c))
		return -1;
	NEXT_ARG();
	if (strcmp(argv[i], "redirects")) {
		xr_err("unknown link setting \"%s\" (redirects)", xr_word(argv[i]));
		return -1;
	}
	NEXT_ARG();
	if (xr_name_parse(&xr_onoff_names, argv[i], &c->link.redirects)) {
		xr_err("invalid redirects \"%s\" (on, off)", xr_word(argv[i]));
		return -1;
	}
	return xr_parse_end(argc, argv, i + 1);
}

int xr_link_detach_parse(int argc, char **argv, struct xr_cmd *c)
{
	int i = 1;

	if (parse_dev_arg(argc, argv, &i, c))
		return -1;
	return xr_parse_end(argc, argv, i + 1);
}

static int mode_not_tc(void)
{
	xr_err("\"mode\" is for hook xdp, not tc");
	return -1;
}

/* hook xdp|tc: tc is a mode of its own, xdp keeps the mode given */
static int parse_hook(const char *w, struct xr_cmd *c)
{
	int hook;

	if (xr_name_parse(&xr_hook_names, w, &hook)) {
		xr_err("invalid hook \"%s\" (xdp, tc)", xr_word(w));
		return -1;
	}
	if (hook != XR_MODE_TC)
		return 0;
	if (c->link.mode == XR_MODE_GENERIC)
		return mode_not_tc();
	c->link.mode = XR_MODE_TC;
	return 0;
}

static int parse_mode(const char *w, struct xr_cmd *c)
{
	if (xr_name_parse(&xr_mode_names, w, &c->link.mode)) {
		xr_err("invalid mode \"%s\" (native, generic)", xr_word(w));
		return -1;
	}
	return 0;
}

int xr_link_attach_parse(int argc, char **argv, struct xr_cmd *c)
{
	int i = 1;

	if (parse_dev_arg(argc, argv, &i, c))
		return -1;
	c->link.mode = XR_MODE_NATIVE;
	while (++i < argc) {
		if (!strcmp(argv[i], "hook")) {
			NEXT_ARG();
			if (parse_hook(argv[i], c))
				return -1;
		} else if (!strcmp(argv[i], "mode")) {
			if (c->link.mode == XR_MODE_TC)
				return mode_not_tc();
			NEXT_ARG();
			if (parse_mode(argv[i], c))
				return -1;
		} else {
			xr_err("unknown argument \"%s\"", xr_word(argv[i]));
			return -1;
		}
	}
	return 0;
}

int xr_cli_link_attached(struct xr_cli *cli, uint32_t ifindex)
{
	struct xr_iface v;
	int s = xr_ov_get(&cli->ov, xr_ov_link_key(ifindex), NULL);

	if (s != XR_OV_UNKNOWN)
		return s == XR_OV_PRESENT;
	return cli->have_state && xr_iface_get(&cli->st.m, ifindex, &v) == 0;
}

/* Mark one connected route the link brings (or takes away) in the
 * overlay: not over a static route of the prefix, and only the link's
 * own when it goes. */
static int overlay_route(struct xr_cli *cli, uint32_t ifindex,
			 const struct xr_rt *rt, int add)
{
	struct xr_rt old;
	int have = xr_cli_route_exists(cli, &rt->dst, rt->plen, &old);

	if (add && have && old.proto != XR_RTPROT_KERNEL)
		return 0;
	if (!add && (!have || old.proto != XR_RTPROT_KERNEL ||
		     old.ifindex != ifindex))
		return 0;
	return xr_ov_set(&cli->ov, xr_ov_route_key(&rt->dst, rt->plen),
			 add ? XR_OV_PRESENT : XR_OV_ABSENT, rt);
}

int xr_link_connected_each(uint32_t ifindex, xr_link_rt_fn fn, void *arg)
{
	struct xr_ifaddr4 a[64];
	struct xr_ifaddr6 a6[64];
	struct xr_route4 r4;
	struct xr_route6 r6;
	struct xr_rt rt;
	int i, n = xr_dev_addrs4(ifindex, a, 64), n6 = xr_dev_addrs6(ifindex, a6, 64);

	for (i = 0; i < n; i++) {
		xr_connected_route(ifindex, &a[i], &r4);
		xr_anyrt_from4(&r4, &rt);
		if (fn(arg, &rt))
			return -1;
	}
	for (i = 0; i < n6; i++) {
		if (!xr_addr6_has_route(&a6[i]))
			continue;
		xr_connected_route6(ifindex, &a6[i], &r6);
		xr_anyrt_from6(&r6, &rt);
		if (fn(arg, &rt))
			return -1;
	}
	return 0;
}

struct ov_conn {
	struct xr_cli *cli;
	int add;
};

static int ov_conn_one(void *arg, const struct xr_rt *rt)
{
	struct ov_conn *o = arg;

	return overlay_route(o->cli, rt->ifindex, rt, o->add);
}

/* Mark the connected routes of both families the link brings (or takes
 * away) in the overlay, so later batch lines can use them as gateways. */
static int overlay_connected(struct xr_cli *cli, uint32_t ifindex, int add)
{
	struct ov_conn o = { cli, add };

	if (xr_link_connected_each(ifindex, ov_conn_one, &o))
		return -ENOMEM;
	memset(cli->gw_cache, 0, sizeof(cli->gw_cache));
	return 0;
}

int xr_link_attach_check(struct xr_cli *cli, struct xr_cmd *c)
{
	int mode = 0;
	struct xr_devinfo d;

	if (xr_dev_info(c->ifindex, &d) < 0) {
		xr_err("device \"%s\" is not an Ethernet device", xr_word(c->dev));
		return -1;
	}
	if (c->ifindex >= XR_MAX_IFINDEX) {
		xr_err("device \"%s\" has ifindex %u; links are kept in "
		       "an array of %u", xr_word(c->dev), c->ifindex,
		       XR_MAX_IFINDEX);
		return -1;
	}
	/* a detach earlier in the batch takes the program away first */
	if (xr_ov_get(&cli->ov, xr_ov_link_key(c->ifindex), NULL) != XR_OV_ABSENT &&
	    xr_iface_prog(c->ifindex, &mode) && mode != c->link.mode) {
		xr_err("\"%s\" is attached with hook %s (%s); detach it "
		       "first", xr_word(c->dev), xr_hook_name(mode),
		       xr_mode_name(mode));
		return -1;
	}
	xr_ov_set(&cli->ov, xr_ov_link_key(c->ifindex), XR_OV_PRESENT, NULL);
	return overlay_connected(cli, c->ifindex, 1);
}

int xr_link_set_check(struct xr_cli *cli, struct xr_cmd *c)
{
	if (!xr_cli_link_attached(cli, c->ifindex)) {
		xr_err("\"%s\" is not attached", xr_word(c->dev));
		return -1;
	}
	return 0;
}

int xr_link_detach_check(struct xr_cli *cli, struct xr_cmd *c)
{
	if (xr_link_set_check(cli, c))
		return -1;
	xr_ov_set(&cli->ov, xr_ov_link_key(c->ifindex), XR_OV_ABSENT, NULL);
	return overlay_connected(cli, c->ifindex, 0);
}

static void show_one(struct xr_cli *cli, const struct xr_iface_entry *e)
{
	char name[IF_NAMESIZE + 8], mac[18];
	struct xr_if_stats s;
	int mode = 0;
	uint32_t id = xr_iface_prog(e->ifindex, &mode);
	char build[XR_BUILD_LEN + 1];
	int known = id && !xr_prog_build(id, build, sizeof(build));

	xr_dev_name(e->ifindex, name);
	xr_fmt_mac(e->val.mac, mac);
	xr_if_stats_read(&cli->st.m, e->ifindex, &s);
	if (cli->json) {
		xj_obj_open(&cli->j, NULL);
		xj_u64(&cli->j, "ifindex", e->ifindex);
		xj_str(&cli->j, "ifname", name);
		xj_str(&cli->j, "hook", xr_hook_name((int)e->val.mode));
		xj_str(&cli->j, "mode", xr_mode_name((int)e->val.mode));
		xj_u64(&cli->j, "prog_id", id);
		xj_u64(&cli->j, "mtu", e->val.mtu);
		xj_str(&cli->j, "redirects",
		       e->val.flags & XR_IF_NO_REDIRECTS ? "off" : "on");
		xj_bool(&cli->j, "capture", !!(e->val.flags & XR_IF_CAPTURE));
		xj_str(&cli->j, "address", mac);
		if (known)
			xj_str(&cli->j, "build", build);
		else
			xj_null(&cli->j, "build");
		xr_json_if_stats(&cli->j, &s);
		xj_obj_close(&cli->j);
		return;
	}
	if (e->val.mode == XR_MODE_TC)
		printf("%u: %s: hook tc prog/tc id %u", e->ifindex, name, id);
	else
		printf("%u: %s: hook xdp mode %s prog/xdp id %u", e->ifindex,
		       name, xr_mode_name((int)e->val.mode), id);
	printf(" mtu %u redirects %s%s build %s\n", e->val.mtu,
	       e->val.flags & XR_IF_NO_REDIRECTS ? "off" : "on",
	       e->val.flags & XR_IF_CAPTURE ? " capture" : "",
	       known ? build : "unknown");
	printf("    link/ether %s\n", mac);
	printf("    RX: packets %llu bytes %llu  TX: packets %llu bytes %llu\n",
	       (unsigned long long)s.rx_packets, (unsigned long long)s.rx_bytes,
	       (unsigned long long)s.tx_packets, (unsigned long long)s.tx_bytes);
}

int xr_link_attach_apply(struct xr_cli *cli, struct xr_cmd *c)
{
	int err = xr_iface_attach(&cli->st, c->ifindex, c->link.mode);

	/* the tap of a capture not running is not kept */
	if (!err && (err = xr_tap_settle(&cli->st, c->ifindex)))
		xr_err("cannot change \"%s\": %s", xr_word(c->dev), strerror(-err));
	return err;
}

int xr_link_detach_apply(struct xr_cli *cli, struct xr_cmd *c)
{
	return xr_iface_detach(&cli->st, c->ifindex);
}

int xr_link_set_apply(struct xr_cli *cli, struct xr_cmd *c)
{
	int on = c->link.redirects;
	int err = xr_iface_set_flags(&cli->st.m, c->ifindex,
				     on ? 0 : XR_IF_NO_REDIRECTS,
				     on ? XR_IF_NO_REDIRECTS : 0);

	if (err)
		xr_err("cannot change \"%s\": %s", xr_word(c->dev), strerror(-err));
	return err;
}

/* Whether the link link show names is among the n attached ones. */
static int show_dev_found(struct xr_cmd *c, const struct xr_iface_entry *e,
			  size_t n)
{
	size_t i;

	for (i = 0; i < n && e[i].ifindex != c->ifindex; i++)
		;
	if (i < n)
		return 1;
	xr_err("\"%s\" is not attached", xr_word(c->dev));
	return 0;
}

int xr_link_show_apply(struct xr_cli *cli, struct xr_cmd *c)
{
	struct xr_iface_entry *e = NULL;
	size_t i, n = 0;
	int err;

	if (cli->json)
		xj_arr_open(&cli->j, NULL);
	if (cli->have_state) {
		err = xr_ifaces_dump(&cli->st.m, &e, &n);
		if (err) {
			xr_err("cannot read the links: %s", strerror(-err));
			return err;
		}
	}
	if (c->ifindex && !cli->json && !show_dev_found(c, e, n)) {
		free(e);
		return -ENOENT;
	}
	for (i = 0; i < n; i++)
		if (!c->ifindex || e[i].ifindex == c->ifindex)
			show_one(cli, &e[i]);
	free(e);
	if (cli->json) {
		xj_arr_close(&cli->j);
		xj_end(&cli->j);
	}
	return 0;
}
