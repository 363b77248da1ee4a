// SPDX-License-Identifier: GPL-2.0
/* xdp-router addr show: the router's own addresses, which are the
 * kernel's addresses of the attached links, of both families unless -4
 * or -6 chooses one (as ip addr). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <linux/rtnetlink.h>
#include "cli/cli.h"
#include "lib/err.h"
#include "lib/netdev.h"
#include "lib/parse.h"
#include "lib/tables.h"

int xr_addr_show_parse(int argc, char **argv, struct xr_cmd *c)
{
	if (argc > 1) {
		int i = 1;

		if (!strcmp(argv[i], "dev"))
			NEXT_ARG();
		if (xr_parse_dev(argv[i], &c->ifindex))
			return -1;
		snprintf(c->dev, sizeof(c->dev), "%s", argv[i]);
		return xr_parse_end(argc, argv, i + 1);
	}
	return 0;
}

static void show_addr(struct xr_cli *cli, const struct xr_ifaddr4 *a)
{
	char ab[16], bb[16];

	if (cli->json) {
		xj_obj_open(&cli->j, NULL);
		xj_str(&cli->j, "family", "inet");
		xj_str(&cli->j, "local", xr_fmt_ipv4(a->addr, ab));
		xj_u64(&cli->j, "prefixlen", a->plen);
		if (a->brd)
			xj_str(&cli->j, "broadcast", xr_fmt_ipv4(a->brd, bb));
		xj_obj_close(&cli->j);
	} else if (a->brd) {
		printf("    inet %s/%u brd %s\n", xr_fmt_ipv4(a->addr, ab),
		       a->plen, xr_fmt_ipv4(a->brd, bb));
	} else {
		printf("    inet %s/%u\n", xr_fmt_ipv4(a->addr, ab), a->plen);
	}
}

static void show_addr6(struct xr_cli *cli, const struct xr_ifaddr6 *a)
{
	char ab[XR_ADDRSTRLEN];
	const char *scope = a->scope == RT_SCOPE_LINK ? "link" :
			    a->scope == RT_SCOPE_HOST ? "host" : "global";

	xr_fmt_ipv6(&a->addr, ab);
	if (cli->json) {
		xj_obj_open(&cli->j, NULL);
		xj_str(&cli->j, "family", "inet6");
		xj_str(&cli->j, "local", ab);
		xj_u64(&cli->j, "prefixlen", a->plen);
		xj_str(&cli->j, "scope", scope);
		xj_obj_close(&cli->j);
	} else {
		printf("    inet6 %s/%u scope %s\n", ab, a->plen, scope);
	}
}

/* An attached link and its addresses: IPv4 then IPv6, as ip addr. */
static void show_link(struct xr_cli *cli, uint32_t ifindex, int family)
{
	struct xr_ifaddr4 a[64];
	struct xr_ifaddr6 a6[64];
	char name[IF_NAMESIZE + 8];
	int k, na = family == AF_INET6 ? 0 : xr_dev_addrs4(ifindex, a, 64);
	int n6 = family == AF_INET ? 0 : xr_dev_addrs6(ifindex, a6, 64);

	xr_dev_name(ifindex, name);
	if (cli->json) {
		xj_obj_open(&cli->j, NULL);
		xj_u64(&cli->j, "ifindex", ifindex);
		xj_str(&cli->j, "ifname", name);
		xj_arr_open(&cli->j, "addr_info");
	} else {
		printf("%u: %s\n", ifindex, name);
	}
	for (k = 0; k < na; k++)
		show_addr(cli, &a[k]);
	for (k = 0; k < n6; k++)
		show_addr6(cli, &a6[k]);
	if (cli->json) {
		xj_arr_close(&cli->j);
		xj_obj_close(&cli->j);
	}
}

int xr_addr_show_apply(struct xr_cli *cli, struct xr_cmd *c)
{
	struct xr_iface_entry *e = NULL;
	size_t i, n = 0;
	int err;

	if (cli->have_state) {
		err = xr_ifaces_dump(&cli->st.m, &e, &n);
		if (err) {
			xr_err("cannot read the links: %s", strerror(-err));
			return err;
		}
	}
	if (cli->json)
		xj_arr_open(&cli->j, NULL);
	for (i = 0; i < n; i++)
		if (!c->ifindex || e[i].ifindex == c->ifindex)
			show_link(cli, e[i].ifindex, c->family);
	free(e);
	if (cli->json) {
		xj_arr_close(&cli->j);
		xj_end(&cli->j);
	}
	return 0;
}
