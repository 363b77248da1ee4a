// SPDX-License-Identifier: GPL-2.0
/* xdp-router stats [show [-o text|json|prometheus] [--textfile PATH]|reset] */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "cli/cli.h"
#include "cli/stats_prom.h"
#include "lib/clock.h"
#include "lib/err.h"
#include "lib/netdev.h"
#include "lib/sync.h"
#include "lib/tables.h"

int xr_stats_reset_apply(struct xr_cli *cli, struct xr_cmd *c)
{
	struct xr_iface_entry *e = NULL;
	size_t i, n;
	int err = xr_counters_reset(&cli->st.m);

	if (!err)
		err = xr_slow_stats_reset(&cli->st.m);

	if (!err)
		err = xr_ifaces_dump(&cli->st.m, &e, &n);
	for (i = 0; !err && i < n; i++)
		err = xr_if_stats_reset(&cli->st.m, e[i].ifindex);
	free(e);
	if (err)
		xr_err("cannot reset the counters: %s", strerror(-err));
	return err;
}

void xr_json_if_stats(struct xr_json *j, const struct xr_if_stats *s)
{
	xj_u64(j, "rx_packets", s->rx_packets);
	xj_u64(j, "rx_bytes", s->rx_bytes);
	xj_u64(j, "tx_packets", s->tx_packets);
	xj_u64(j, "tx_bytes", s->tx_bytes);
}

/* One counter, opening its group (a JSON object, or a heading) when it
 * differs from the one before. */
static void open_group(struct xr_cli *cli, const char **group, const char *g)
{
	if (*group && !strcmp(*group, g))
		return;
	if (cli->json && *group)
		xj_obj_close(&cli->j);
	*group = g;
	if (cli->json)
		xj_obj_open(&cli->j, g);
	else
		printf("%s:\n", g);
}

static void print_counter(struct xr_cli *cli, const char **group,
			  const char *g, const char *name, uint64_t v)
{
	open_group(cli, group, g);
	if (cli->json)
		xj_u64(&cli->j, name, v);
	else
		printf("    %-24s %llu\n", name, (unsigned long long)v);
}

/* Whether idx is the first counter of its group. */
static int group_first(const struct xr_ctab *t, uint32_t idx)
{
	uint32_t i;

	for (i = 0; i < idx; i++)
		if (i != t->skip && !strcmp(t->group(i), t->group(idx)))
			return 0;
	return 1;
}

/* Counters in groups of their own: a group's counters together, though
 * counters added later sit at the end of the table (Ip6, the
 * exceptions IPv6 added, the daemon's Icmp6 and Ndisc). */
static void print_groups(struct xr_cli *cli, const char **group,
			 const struct xr_ctab *t)
{
	uint32_t i, k;

	for (i = 0; i < t->n; i++) {
		if (i == t->skip || !group_first(t, i))
			continue;
		for (k = i; k < t->n; k++)
			if (k != t->skip && !strcmp(t->group(k), t->group(i)))
				print_counter(cli, group, t->group(k),
					      t->name(k), t->v[k]);
	}
}

/* Links: a line (an object) for each attached link's counters. */
static void print_links(struct xr_cli *cli, const struct xr_iface_entry *e,
			size_t n)
{
	size_t k;

	for (k = 0; k < n; k++) {
		struct xr_if_stats s;
		char name[IF_NAMESIZE + 8];

		xr_if_stats_read(&cli->st.m, e[k].ifindex, &s);
		xr_dev_name(e[k].ifindex, name);
		if (cli->json) {
			xj_obj_open(&cli->j, NULL);
			xj_u64(&cli->j, "ifindex", e[k].ifindex);
			xj_str(&cli->j, "ifname", name);
			xr_json_if_stats(&cli->j, &s);
			xj_obj_close(&cli->j);
		} else {
			printf("    %-16s rx %llu pkts %llu bytes  tx %llu pkts %llu bytes\n",
			       name, (unsigned long long)s.rx_packets,
			       (unsigned long long)s.rx_bytes,
			       (unsigned long long)s.tx_packets,
			       (unsigned long long)s.tx_bytes);
		}
	}
}

const char *xr_sync_group(uint32_t idx)
{
	return "KernelSync";
}

/* Milliseconds since CLOCK_MONOTONIC's ns (the daemon's clock). */
static uint64_t ms_since(uint64_t ns)
{
	uint64_t now = xr_mono_ns();

	return now > ns ? (now - ns) / 1000000 : 0;
}

/* Which mirror: its mode, table, daemon and whether (since when) its
 * first full table is in ours. */
static void print_sync_state(struct xr_cli *cli, const struct xr_sync *s)
{
	uint64_t ago = s->synced_ns ? ms_since(s->synced_ns) : 0;

	if (cli->json) {
		xj_str(&cli->j, "Mode", xr_sync_mode_name(s->mode));
		xj_u64(&cli->j, "Table", s->table);
		xj_u64(&cli->j, "Pid", s->pid);
		xj_bool(&cli->j, "Synced", s->synced_ns != 0);
		if (s->synced_ns)
			xj_u64(&cli->j, "SyncedMsAgo", ago);
		else
			xj_null(&cli->j, "SyncedMsAgo");
		return;
	}
	printf("    mode %s table %u pid %u synced ", xr_sync_mode_name(s->mode),
	       s->table, s->pid);
	if (s->synced_ns)
		printf("%llu.%llus ago\n", (unsigned long long)(ago / 1000),
		       (unsigned long long)(ago % 1000 / 100));
	else
		printf("not yet\n");
}

/* The mirror's state and counters (daemon --kernel-sync, --fpm), once
 * one ran. */
static void print_sync(struct xr_cli *cli, const char **group)
{
	struct xr_sync s;
	struct xr_ctab t = { XR_SYNC_N_COUNTERS, xr_sync_counter_name, xr_sync_group,
			  (const uint64_t *)s.counters, XR_SYNC_N_COUNTERS };

	if (!cli->have_state || xr_sync_get(&cli->st.m, &s) || !s.started_ns)
		return;
	open_group(cli, group, "KernelSync");
	print_sync_state(cli, &s);
	print_groups(cli, group, &t);
}

static const struct xr_name formats[] = {
	{ "text", XR_STATS_TEXT },
	{ "json", XR_STATS_JSON },
	{ "prometheus", XR_STATS_PROM },
};
static const struct xr_names format_names = {
	formats, sizeof(formats) / sizeof(formats[0])
};

/* -o FORMAT at argv[*ip] (*ip on FORMAT after). */
static int parse_format(int argc, char **argv, int *ip, struct xr_cmd *c)
{
	int i = *ip;

	NEXT_ARG();
	if (xr_name_parse(&format_names, argv[i], &c->stats.format)) {
		xr_err("unknown output format \"%s\" (text, json, prometheus)",
		       xr_word(argv[i]));
		return -1;
	}
	*ip = i;
	return 0;
}

/* --textfile PATH at argv[*ip]. */
static int parse_textfile(int argc, char **argv, int *ip, struct xr_cmd *c)
{
	int i = *ip;

	NEXT_ARG();
	free(c->stats.textfile);
	c->stats.textfile = strdup(argv[i]);
	if (!c->stats.textfile) {
		xr_err("out of memory");
		return -1;
	}
	*ip = i;
	return 0;
}

/* argv[0]: "show", or "stats" when show is not given (stats -o ...). */
int xr_stats_show_parse(int argc, char **argv, struct xr_cmd *c)
{
	int i, err = 0;

	for (i = 1; !err && i < argc; i++) {
		if (!strcmp(argv[i], "-o") || !strcmp(argv[i], "--output"))
			err = parse_format(argc, argv, &i, c);
		else if (!strcmp(argv[i], "--textfile"))
			err = parse_textfile(argc, argv, &i, c);
		else
			return xr_parse_end(argc, argv, i);
	}
	if (!err && c->stats.textfile && c->stats.format != XR_STATS_PROM &&
	    c->stats.format != XR_STATS_DEFAULT) {
		xr_err("--textfile writes the prometheus format: not with -o %s",
		       xr_name_of(&format_names, c->stats.format, "?"));
		err = -1;
	}
	if (!err && c->stats.textfile)
		c->stats.format = XR_STATS_PROM;
	return err;
}

/* -o prometheus: to stdout, or into the file (nothing printed). */
static int show_prom(struct xr_cli *cli, struct xr_cmd *c)
{
	const struct xr_maps *m = cli->have_state ? &cli->st.m : NULL;

	if (c->stats.textfile)
		return xr_stats_prom_textfile(m, c->stats.textfile) ? -EIO : 0;
	return xr_stats_prom_print(stdout, m);
}

/* The text and JSON forms: the groups, the mirror, the links. */
static int show_groups(struct xr_cli *cli, struct xr_cmd *c)
{
	uint64_t v[XR_CNT_MAX] = { 0 };
	struct xr_slow_stats sv = { { 0 } };
	struct xr_iface_entry *e = NULL;
	const char *group = NULL;
	size_t n = 0;
	int err;
	struct xr_ctab fast = { XR_CNT_MAX, xr_counter_name, xr_counter_group, v,
			     XR_CNT_REASON(XR_REASON_NONE) };
	struct xr_ctab slow = { XR_SLOW_MAX, xr_slow_name, xr_slow_group,
			     (const uint64_t *)sv.c,
			     XR_SLOW_MAX };

	if (cli->have_state) {
		err = xr_counters_read(&cli->st.m, v);
		if (!err)
			err = xr_slow_stats_read(&cli->st.m, &sv);
		if (!err)
			err = xr_ifaces_dump(&cli->st.m, &e, &n);
		if (err) {
			xr_err("cannot read the counters: %s", strerror(-err));
			return err;
		}
	}
	if (cli->json)
		xj_obj_open(&cli->j, NULL);
	print_groups(cli, &group, &fast);
	print_groups(cli, &group, &slow);
	print_sync(cli, &group);
	if (cli->json) {
		xj_obj_close(&cli->j);
		xj_arr_open(&cli->j, "links");
	} else {
		printf("Links:\n");
	}
	print_links(cli, e, n);
	free(e);
	if (cli->json) {
		xj_arr_close(&cli->j);
		xj_obj_close(&cli->j);
		xj_end(&cli->j);
	}
	return 0;
}

int xr_stats_show_apply(struct xr_cli *cli, struct xr_cmd *c)
{
	int json = cli->json, err;

	if (c->stats.format == XR_STATS_PROM)
		return show_prom(cli, c);
	if (c->stats.format != XR_STATS_DEFAULT)
		cli->json = c->stats.format == XR_STATS_JSON;
	err = show_groups(cli, c);
	cli->json = json;
	return err;
}
