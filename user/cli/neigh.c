// SPDX-License-Identifier: GPL-2.0
/* xdp-router neigh {add|replace|del|show|flush} */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "cli/cli.h"
#include "lib/err.h"
#include "lib/netdev.h"
#include "lib/parse.h"
#include "lib/tables.h"

int xr_neigh_parse(int argc, char **argv, struct xr_cmd *c)
{
	int i = 0, have_mac = 0;

	if (argc == 0 || xr_matches(argv[0], "show") || xr_matches(argv[0], "list")) {
		c->kind = XR_CMD_NEIGH_SHOW;
		if (argc > 1) {
			xr_err("unknown argument \"%s\"", xr_word(argv[1]));
			return -1;
		}
		return 0;
	}
	if (!strcmp(argv[0], "flush")) {
		c->kind = XR_CMD_NEIGH_FLUSH;
		if (argc > 1) {
			xr_err("unknown argument \"%s\"", xr_word(argv[1]));
			return -1;
		}
		return 0;
	}
	if (!strcmp(argv[0], "add") || !strcmp(argv[0], "a"))
		c->kind = XR_CMD_NEIGH_ADD;
	else if (xr_matches(argv[0], "replace"))
		c->kind = XR_CMD_NEIGH_REPLACE;
	else if (xr_matches(argv[0], "delete"))
		c->kind = XR_CMD_NEIGH_DEL;
	else {
		xr_err("unknown neigh command \"%s\" (add, replace, del, show, flush)",
		       xr_word(argv[0]));
		return -1;
	}
	NEXT_ARG();
	if (!strcmp(argv[i], "to"))
		NEXT_ARG();
	if (xr_parse_ipv4(argv[i], &c->addr))
		return -1;
	snprintf(c->what, sizeof(c->what), "%s", argv[i]);
	while (++i < argc) {
		if (!strcmp(argv[i], "lladdr") && c->kind != XR_CMD_NEIGH_DEL) {
			NEXT_ARG();
			if (xr_parse_mac(argv[i], c->mac))
				return -1;
			have_mac = 1;
		} else if (!strcmp(argv[i], "dev")) {
			NEXT_ARG();
			if (xr_parse_dev(argv[i], &c->ifindex))
				return -1;
			snprintf(c->dev, sizeof(c->dev), "%s", argv[i]);
		} else if (!strcmp(argv[i], "nud") && c->kind != XR_CMD_NEIGH_DEL) {
			NEXT_ARG();
			if (strcmp(argv[i], "permanent")) {
				xr_err("invalid nud \"%s\" (only permanent)",
				       xr_word(argv[i]));
				return -1;
			}
		} else {
			xr_err("unknown argument \"%s\"", xr_word(argv[i]));
			return -1;
		}
	}
	if (!c->ifindex) {
		xr_err("missing \"dev DEV\"");
		return -1;
	}
	if (c->kind != XR_CMD_NEIGH_DEL && !have_mac) {
		xr_err("missing \"lladdr MAC\"");
		return -1;
	}
	return 0;
}

int xr_neigh_check(struct xr_cli *cli, struct xr_cmd *c)
{
	uint64_t key = xr_ov_neigh_key(c->ifindex, c->addr);
	struct xr_neigh n;
	int s, exists;

	if (c->kind != XR_CMD_NEIGH_ADD && c->kind != XR_CMD_NEIGH_REPLACE &&
	    c->kind != XR_CMD_NEIGH_DEL)
		return 0;
	s = xr_ov_get(&cli->ov, key, NULL);
	exists = s != XR_OV_UNKNOWN ? s == XR_OV_PRESENT :
		 cli->have_state &&
		 xr_neigh4_get(&cli->st.m, c->ifindex, c->addr, &n) == 0;
	if (c->kind == XR_CMD_NEIGH_ADD && exists) {
		xr_err("neighbour \"%s\" dev \"%s\" exists (use \"neigh replace\")",
		       xr_word(c->what), xr_word(c->dev));
		return -1;
	}
	if (c->kind == XR_CMD_NEIGH_DEL && !exists) {
		xr_err("no such neighbour \"%s\" dev \"%s\"",
		       xr_word(c->what), xr_word(c->dev));
		return -1;
	}
	return xr_ov_set(&cli->ov, key, c->kind == XR_CMD_NEIGH_DEL ?
			 XR_OV_ABSENT : XR_OV_PRESENT, NULL);
}

static int neigh_show(struct xr_cli *cli)
{
	struct xr_neigh4_entry *e = NULL;
	size_t i, n = 0;
	int err;

	if (cli->have_state) {
		err = xr_neigh4_dump(&cli->st.m, &e, &n);
		if (err) {
			xr_err("cannot read the neighbours: %s", strerror(-err));
			return err;
		}
	}
	if (cli->json)
		xj_arr_open(&cli->j, NULL);
	for (i = 0; i < n; i++) {
		char a[16], dev[IF_NAMESIZE + 8], mac[18];

		xr_fmt_ipv4(e[i].key.addr, a);
		xr_dev_name(e[i].key.ifindex, dev);
		xr_fmt_mac(e[i].val.mac, mac);
		if (cli->json) {
			xj_obj_open(&cli->j, NULL);
			xj_str(&cli->j, "dst", a);
			xj_str(&cli->j, "dev", dev);
			if (e[i].val.state & XR_NUD_VALID)
				xj_str(&cli->j, "lladdr", mac);
			xj_arr_open(&cli->j, "state");
			xj_str(&cli->j, NULL, xr_nud_name(e[i].val.state));
			xj_arr_close(&cli->j);
			xj_obj_close(&cli->j);
		} else {
			if (e[i].val.state & XR_NUD_VALID)
				printf("%s dev %s lladdr %s %s\n", a, dev, mac,
				       xr_nud_name(e[i].val.state));
			else   /* INCOMPLETE, FAILED: no address yet */
				printf("%s dev %s %s\n", a, dev,
				       xr_nud_name(e[i].val.state));
		}
	}
	free(e);
	if (cli->json) {
		xj_arr_close(&cli->j);
		xj_end(&cli->j);
	}
	return 0;
}

int xr_neigh_apply(struct xr_cli *cli, struct xr_cmd *c)
{
	struct xr_neigh4_entry *e = NULL;
	struct xr_neigh n = { 0 };
	struct timespec ts;
	size_t i, cnt;
	int err = 0;

	switch (c->kind) {
	case XR_CMD_NEIGH_SHOW:
		return neigh_show(cli);
	case XR_CMD_NEIGH_ADD:
	case XR_CMD_NEIGH_REPLACE:
		memcpy(n.mac, c->mac, 6);
		n.state = XR_NUD_PERMANENT;
		clock_gettime(CLOCK_MONOTONIC, &ts);
		n.updated_ns = (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
		err = xr_neigh4_update(&cli->st.m, c->ifindex, c->addr, &n);
		break;
	case XR_CMD_NEIGH_DEL:
		err = xr_neigh4_delete(&cli->st.m, c->ifindex, c->addr);
		break;
	case XR_CMD_NEIGH_FLUSH:
		err = xr_neigh4_dump(&cli->st.m, &e, &cnt);
		for (i = 0; !err && i < cnt; i++)
			err = xr_neigh4_delete(&cli->st.m, e[i].key.ifindex,
					      e[i].key.addr);
		free(e);
		break;
	}
	if (err)
		xr_err("cannot change neighbour \"%s\": %s",
		       xr_word(c->what), strerror(-err));
	return err;
}
