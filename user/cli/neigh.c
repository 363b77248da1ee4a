// SPDX-License-Identifier: GPL-2.0
/* xdp-router neigh {add|replace|del|show|flush} */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/socket.h>
#include "cli/cli.h"
#include "lib/clock.h"
#include "lib/err.h"
#include "lib/netdev.h"
#include "lib/parse.h"
#include "lib/tables.h"

/* One option after ADDR; lladdr and nud only when del is not. */
static int neigh_opt(int argc, char **argv, int *ip, struct xr_cmd *c,
		     int del, int *have_mac)
{
	int i = *ip, ret = -1;

	if (!strcmp(argv[i], "lladdr") && !del) {
		NEXT_ARG();
		ret = xr_parse_mac(argv[i], c->neigh.mac);
		*have_mac = 1;
	} else if (!strcmp(argv[i], "dev")) {
		NEXT_ARG();
		ret = xr_parse_dev(argv[i], &c->ifindex);
		snprintf(c->dev, sizeof(c->dev), "%s", argv[i]);
	} else if (!strcmp(argv[i], "nud") && !del) {
		NEXT_ARG();
		ret = 0;
		if (strcmp(argv[i], "permanent")) {
			xr_err("invalid nud \"%s\" (only permanent)", xr_word(argv[i]));
			ret = -1;
		}
	} else {
		xr_err("unknown argument \"%s\"", xr_word(argv[i]));
	}
	*ip = i;
	return ret;
}

/* ADDR [lladdr MAC] dev DEV [nud permanent], after the command word */
static int neigh_spec(int argc, char **argv, struct xr_cmd *c, int del)
{
	int i = 0, have_mac = 0;

	NEXT_ARG();
	if (!strcmp(argv[i], "to"))
		NEXT_ARG();
	if (xr_parse_inaddr(argv[i], c->family, &c->neigh.addr))
		return -1;
	snprintf(c->what, sizeof(c->what), "%s", argv[i]);
	c->family = c->neigh.addr.family;
	if (c->family == AF_INET6 &&
	    (xr_inaddr_mcast6(&c->neigh.addr) || xr_inaddr_is_zero(&c->neigh.addr))) {
		xr_err("invalid neighbour \"%s\": %s", xr_word(argv[i]),
		       xr_inaddr_mcast6(&c->neigh.addr) ? "a multicast address" :
		       "the unspecified address");
		return -1;
	}
	while (++i < argc)
		if (neigh_opt(argc, argv, &i, c, del, &have_mac))
			return -1;
	if (!c->ifindex) {
		xr_err("missing \"dev DEV\"");
		return -1;
	}
	if (!del && !have_mac) {
		xr_err("missing \"lladdr MAC\"");
		return -1;
	}
	return 0;
}

int xr_neigh_update_parse(int argc, char **argv, struct xr_cmd *c)
{
	return neigh_spec(argc, argv, c, 0);
}

int xr_neigh_del_parse(int argc, char **argv, struct xr_cmd *c)
{
	return neigh_spec(argc, argv, c, 1);
}

/* A neighbour of either family, as the CLI shows it. */
struct nb {
	uint32_t ifindex;
	struct xr_inaddr addr;
	struct xr_neigh val;
};

static int nb_get(const struct xr_maps *m, uint32_t ifindex,
		  const struct xr_inaddr *a, struct xr_neigh *n)
{
	return a->family == AF_INET6 ? xr_neigh6_get(m, ifindex, &a->v6, n) :
				       xr_neigh4_get(m, ifindex, a->v4, n);
}

static int nb_update(const struct xr_maps *m, uint32_t ifindex,
		     const struct xr_inaddr *a, const struct xr_neigh *n)
{
	return a->family == AF_INET6 ? xr_neigh6_update(m, ifindex, &a->v6, n) :
				       xr_neigh4_update(m, ifindex, a->v4, n);
}

static int nb_delete(const struct xr_maps *m, uint32_t ifindex,
		     const struct xr_inaddr *a)
{
	return a->family == AF_INET6 ? xr_neigh6_delete(m, ifindex, &a->v6) :
				       xr_neigh4_delete(m, ifindex, a->v4);
}

/* family's neighbours appended to *out (*n of them so far). */
static int nb_dump(const struct xr_maps *m, int family, struct nb **out,
		   size_t *n)
{
	struct xr_neigh4_entry *e4 = NULL;
	struct xr_neigh6_entry *e6 = NULL;
	size_t i, k = 0;
	struct nb *o;
	int err = family == AF_INET6 ? xr_neigh6_dump(m, &e6, &k) :
				       xr_neigh4_dump(m, &e4, &k);

	o = err ? NULL : realloc(*out, (*n + k + 1) * sizeof(*o));
	if (!err && !o)
		err = -ENOMEM;
	for (i = 0; !err && i < k; i++) {
		struct nb *d = &o[*n + i];

		memset(&d->addr, 0, sizeof(d->addr));
		d->addr.family = family;
		d->ifindex = e6 ? e6[i].key.ifindex : e4[i].key.ifindex;
		d->val = e6 ? e6[i].val : e4[i].val;
		if (e6)
			d->addr.v6 = e6[i].key.addr;
		else
			d->addr.v4 = e4[i].key.addr;
	}
	if (!err) {
		*out = o;
		*n += k;
	}
	free(e4);
	free(e6);
	return err;
}

/* The neighbours of the families c chose (both when none), IPv4 first
 * as ip neigh lists them. */
static int nb_dump_all(const struct xr_maps *m, const struct xr_cmd *c,
		       struct nb **out, size_t *n)
{
	int err = 0;

	*out = NULL;
	*n = 0;
	if (c->family != AF_INET6)
		err = nb_dump(m, AF_INET, out, n);
	if (!err && c->family != AF_INET)
		err = nb_dump(m, AF_INET6, out, n);
	return err;
}

/* Whether the neighbour is there as the batch sees it. */
static int neigh_exists(struct xr_cli *cli, struct xr_cmd *c)
{
	struct xr_neigh n;
	int s = xr_ov_get(&cli->ov, xr_ov_neigh_key(c->ifindex, &c->neigh.addr),
			  NULL);

	if (s != XR_OV_UNKNOWN)
		return s == XR_OV_PRESENT;
	return cli->have_state &&
	       nb_get(&cli->st.m, c->ifindex, &c->neigh.addr, &n) == 0;
}

static int neigh_mark(struct xr_cli *cli, struct xr_cmd *c, int state)
{
	return xr_ov_set(&cli->ov, xr_ov_neigh_key(c->ifindex, &c->neigh.addr),
			 state, NULL);
}
int xr_neigh_add_check(struct xr_cli *cli, struct xr_cmd *c)
{
	if (neigh_exists(cli, c)) {
		xr_err("neighbour \"%s\" dev \"%s\" exists (use \"neigh replace\")",
		       xr_word(c->what), xr_word(c->dev));
		return -1;
	}
	return neigh_mark(cli, c, XR_OV_PRESENT);
}

int xr_neigh_replace_check(struct xr_cli *cli, struct xr_cmd *c)
{
	return neigh_mark(cli, c, XR_OV_PRESENT);
}

int xr_neigh_del_check(struct xr_cli *cli, struct xr_cmd *c)
{
	if (!neigh_exists(cli, c)) {
		xr_err("no such neighbour \"%s\" dev \"%s\"",
		       xr_word(c->what), xr_word(c->dev));
		return -1;
	}
	return neigh_mark(cli, c, XR_OV_ABSENT);
}

static void show_one(struct xr_cli *cli, const struct nb *e)
{
	char a[XR_ADDRSTRLEN], dev[IF_NAMESIZE + 8], mac[18];
	int valid = !!(e->val.state & XR_NUD_VALID);
	const char *nud = xr_nud_name(e->val.state);

	xr_fmt_inaddr(&e->addr, a);
	xr_dev_name(e->ifindex, dev);
	xr_fmt_mac(e->val.mac, mac);
	if (cli->json) {
		xj_obj_open(&cli->j, NULL);
		xj_str(&cli->j, "dst", a);
		xj_str(&cli->j, "dev", dev);
		if (valid)
			xj_str(&cli->j, "lladdr", mac);
		xj_arr_open(&cli->j, "state");
		xj_str(&cli->j, NULL, nud);
		xj_arr_close(&cli->j);
		xj_obj_close(&cli->j);
	} else if (valid) {
		printf("%s dev %s lladdr %s %s\n", a, dev, mac, nud);
	} else {   /* INCOMPLETE, FAILED: no address yet */
		printf("%s dev %s %s\n", a, dev, nud);
	}
}

/* both families unless -4 or -6, as ip neigh */
int xr_neigh_show_apply(struct xr_cli *cli, struct xr_cmd *c)
{
	struct nb *e = NULL;
	size_t i, n = 0;
	int err;

	if (cli->have_state) {
		err = nb_dump_all(&cli->st.m, c, &e, &n);
		if (err) {
			free(e);
			xr_err("cannot read the neighbours: %s", strerror(-err));
			return err;
		}
	}
	if (cli->json)
		xj_arr_open(&cli->j, NULL);
	for (i = 0; i < n; i++)
		show_one(cli, &e[i]);
	free(e);
	if (cli->json) {
		xj_arr_close(&cli->j);
		xj_end(&cli->j);
	}
	return 0;
}

/* A neighbour change's failure, in one line. */
static int neigh_changed(const struct xr_cmd *c, int err)
{
	if (err)
		xr_err("cannot change neighbour \"%s\": %s",
		       xr_word(c->what), strerror(-err));
	return err;
}

/* add, replace: a PERMANENT entry */
int xr_neigh_update_apply(struct xr_cli *cli, struct xr_cmd *c)
{
	struct xr_neigh n = { 0 };

	memcpy(n.mac, c->neigh.mac, 6);
	n.state = XR_NUD_PERMANENT;
	n.updated_ns = xr_mono_ns();
	return neigh_changed(c, nb_update(&cli->st.m, c->ifindex,
					  &c->neigh.addr, &n));
}

int xr_neigh_del_apply(struct xr_cli *cli, struct xr_cmd *c)
{
	return neigh_changed(c, nb_delete(&cli->st.m, c->ifindex,
					  &c->neigh.addr));
}

/* both families unless -4 or -6, as show */
int xr_neigh_flush_apply(struct xr_cli *cli, struct xr_cmd *c)
{
	struct nb *e = NULL;
	size_t i, cnt;
	int err = nb_dump_all(&cli->st.m, c, &e, &cnt);

	for (i = 0; !err && i < cnt; i++)
		err = nb_delete(&cli->st.m, e[i].ifindex, &e[i].addr);
	free(e);
	return neigh_changed(c, err);
}
