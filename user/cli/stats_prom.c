// SPDX-License-Identifier: GPL-2.0
/*
 * xdp-router stats -o prometheus: every counter of `stats`, named from
 * the counter tables (lib/counters.c, lib/sync.c) by the rules of
 * docs/metrics.md, the links' counters, route and neighbour counts,
 * the build. Reads the maps only: the daemon writes it too (--textfile).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cli/cli.h"
#include "cli/stats_prom.h"
#include "lib/counters.h"
#include "lib/err.h"
#include "lib/ifaces.h"
#include "lib/neigh4.h"
#include "lib/neigh6.h"
#include "lib/netdev.h"
#include "lib/prom.h"
#include "lib/route4.h"
#include "lib/route6.h"
#include "lib/sync.h"
#include "lib/textfile.h"
#include "lib/upgrade.h"
#include "lib/version.h"

#define P "xdp_router_"

/* How a stats group's counters become metrics: P<sub>_<name>_total,
 * the counter's name without strip, in snake_case, with a family label
 * when the group is one family's; HELP is help, then the counters' names
 * as stats (and the kernel, for the MIBs) gives them: mib<name>. */
struct pgroup {
	const char *group, *sub, *family, *strip, *mib, *help;
};

#define FAST_MIB "Fast path counter, named as the kernel's IP MIB counter"
#define ICMP_MIB "Slow path ICMP counter, named as stats (and the kernel's " \
		 "ICMP MIB, where it has the counter)"
#define NEIGH "Slow path neighbour table counter, named as stats (and the " \
	      "kernel's arp_cache, ndisc_cache statistics, where they have it)"
static const struct pgroup pgroups[] = {
	{ "Ip", "ip", "ipv4", "", "Ip:", FAST_MIB },
	{ "Ip6", "ip", "ipv6", "Ip6", "", FAST_MIB },
	{ "Other", "fastpath", NULL, "", "Other:", "Fast path counter, stats" },
	{ "Icmp", "icmp", "ipv4", "", "Icmp:", ICMP_MIB },
	{ "Icmp6", "icmp", "ipv6", "Icmp6", "", ICMP_MIB },
	{ "Neigh", "neigh", "ipv4", "", "Neigh:", NEIGH },
	{ "Ndisc", "neigh", "ipv6", "Ndisc", "Ndisc:", NEIGH },
	{ "Frag", "ip", "ipv4", "", "Ip:",
	  "Slow path fragmentation, named as the kernel's IP MIB counter" },
	{ "SlowPath", "slowpath", NULL, "", "SlowPath:", "Slow path counter, stats" },
	{ "KernelSync", "kernel_sync", NULL, "", "KernelSync:",
	  "Route mirror counter (daemon --kernel-sync, --fpm), stats" },
};

static const struct pgroup *pgroup_of(const char *group)
{
	size_t i;

	for (i = 0; i < sizeof(pgroups) / sizeof(pgroups[0]); i++)
		if (!strcmp(pgroups[i].group, group))
			return &pgroups[i];
	return NULL;
}

/* One counter of a stats group (a group no row names: its own
 * subsystem, its name in HELP). */
static void add_counter(struct xr_prom *p, const char *group,
			const char *name, uint64_t v)
{
	const struct pgroup *g = pgroup_of(group);
	const char *fam = g ? g->family : NULL;
	size_t sl = g ? strlen(g->strip) : 0;
	char sub[64], snake[96], metric[192], note[128];

	xr_prom_snake(group, sub, sizeof(sub));
	xr_prom_snake(sl && !strncmp(name, g->strip, sl) ? name + sl : name,
		      snake, sizeof(snake));
	snprintf(metric, sizeof(metric), P "%s_%s_total", g ? g->sub : sub, snake);
	snprintf(note, sizeof(note), "%s%s%s%s%s%s", g ? g->mib : group,
		 g ? "" : ":", name, fam ? " (" : "", fam ? fam : "",
		 fam ? ")" : "");
	if (fam)
		xr_prom_add(p, "counter", metric, g->help, note, v,
			    "family", fam, NULL);
	else
		xr_prom_add(p, "counter", metric, g ? g->help : "Counter, stats",
			    note, v, NULL);
}

/* A table of counters: the exception reasons a label of one metric,
 * every other group a metric per counter; skip: an index left out. */
static void add_table(struct xr_prom *p, const struct xr_ctab *t)
{
	uint32_t i;

	for (i = 0; i < t->n; i++) {
		if (i == t->skip)
			continue;
		if (!strcmp(t->group(i), "Exceptions"))
			xr_prom_add(p, "counter", P "exceptions_total",
				    "Packets the fast path handed over (to the "
				    "slow path or the kernel), by reason; stats "
				    "Exceptions", NULL, t->v[i], "reason",
				    t->name(i), NULL);
		else
			add_counter(p, t->group(i), t->name(i), t->v[i]);
	}
}

/* The fast path's and the slow path's counters (zero without a state,
 * as `stats` prints them). */
static int add_counters(struct xr_prom *p, const struct xr_maps *m)
{
	uint64_t v[XR_CNT_MAX] = { 0 };
	struct xr_slow_stats sv = { { 0 } };
	struct xr_ctab fast = { XR_CNT_MAX, xr_counter_name, xr_counter_group,
				v, XR_CNT_REASON(XR_REASON_NONE) };
	struct xr_ctab slow = { XR_SLOW_MAX, xr_slow_name, xr_slow_group,
				(const uint64_t *)sv.c, XR_SLOW_MAX };
	int err = m ? xr_counters_read(m, v) : 0;

	if (!err && m)
		err = xr_slow_stats_read(m, &sv);
	add_table(p, &fast);
	add_table(p, &slow);
	return err;
}

/* The mirror (once one ran): its mode and table, whether it synced,
 * its counters. */
static void add_sync(struct xr_prom *p, const struct xr_maps *m)
{
	struct xr_sync s;
	struct xr_ctab t = { XR_SYNC_N_COUNTERS, xr_sync_counter_name,
			     xr_sync_group, (const uint64_t *)s.counters,
			     XR_SYNC_N_COUNTERS };
	char table[16];

	if (!m || xr_sync_get(m, &s) || !s.started_ns)
		return;
	snprintf(table, sizeof(table), "%u", s.table);
	xr_prom_add(p, "gauge", P "kernel_sync_info",
		    "The route mirror a daemon runs: mode (off, kernel, fpm) "
		    "and kernel table", NULL, 1, "mode", xr_sync_mode_name(s.mode),
		    "table", table, NULL);
	xr_prom_add(p, "gauge", P "kernel_sync_synced",
		    "1 once the mirror's first full table is in the FIB",
		    NULL, s.synced_ns != 0, NULL);
	add_table(p, &t);
}

/* A link's counters (struct xr_if_stats) as metrics of their own. */
static const struct {
	const char *name, *help;
	size_t off;
} link_counters[] = {
#define LC(f, h) { P "link_" #f "_total", h, offsetof(struct xr_if_stats, f) }
	LC(rx_packets, "Packets the fast path received on an attached link"),
	LC(rx_bytes, "Bytes the fast path received on an attached link"),
	LC(tx_packets, "Packets the fast path sent out of an attached link"),
	LC(tx_bytes, "Bytes the fast path sent out of an attached link"),
#undef LC
};

static int add_links(struct xr_prom *p, const struct xr_maps *m)
{
	struct xr_iface_entry *e = NULL;
	struct xr_if_stats s;
	char name[IF_NAMESIZE + 8];
	size_t i, k, n = 0;
	int err = xr_ifaces_dump(m, &e, &n);

	for (i = 0; !err && i < n; i++) {
		err = xr_if_stats_read(m, e[i].ifindex, &s);
		xr_dev_name(e[i].ifindex, name);
		for (k = 0; !err && k < sizeof(link_counters) / sizeof(link_counters[0]); k++)
			xr_prom_add(p, "counter", link_counters[k].name,
				    link_counters[k].help, NULL,
				    *(const uint64_t *)((const char *)&s + link_counters[k].off),
				    "link", name, NULL);
	}
	free(e);
	return err;
}

static int add_routes(struct xr_prom *p, const struct xr_maps *m)
{
	static const char help[] = "Routes in the route table (connected "
				   "ones included)";
	struct xr_route4 *r4 = NULL;
	struct xr_route6 *r6 = NULL;
	size_t n4 = 0, n6 = 0;
	int err = m ? xr_route4_dump(m, &r4, &n4) : 0;

	if (!err && m)
		err = xr_route6_dump(m, &r6, &n6);
	free(r4);
	free(r6);
	xr_prom_add(p, "gauge", P "routes", help, NULL, n4, "family", "ipv4", NULL);
	xr_prom_add(p, "gauge", P "routes", help, NULL, n6, "family", "ipv6", NULL);
	return err;
}

/* One family's neighbours by state: every NUD state's count (zero
 * included), entries of no state as NONE when there are some. */
static void add_neigh_counts(struct xr_prom *p, const char *family,
			     const uint16_t *state, size_t n)
{
	static const char help[] = "Neighbour entries by NUD state";
	size_t i, k, c;

	for (k = 0; k <= xr_nud_names.n; k++) {
		const char *name = k < xr_nud_names.n ? xr_nud_names.v[k].name : "NONE";

		for (i = c = 0; i < n; i++)
			c += !strcmp(xr_nud_name(state[i]), name);
		if (c || k < xr_nud_names.n)
			xr_prom_add(p, "gauge", P "neighbours", help, NULL, c,
				    "family", family, "state", name, NULL);
	}
}

static int add_neighs(struct xr_prom *p, const struct xr_maps *m)
{
	struct xr_neigh4_entry *e4 = NULL;
	struct xr_neigh6_entry *e6 = NULL;
	size_t i, n4 = 0, n6 = 0;
	uint16_t *s;
	int err = m ? xr_neigh4_dump(m, &e4, &n4) : 0;

	if (!err && m)
		err = xr_neigh6_dump(m, &e6, &n6);
	s = calloc(n4 + n6 + 1, sizeof(*s));
	if (!err && !s)
		err = -ENOMEM;
	for (i = 0; !err && i < n4 + n6; i++)
		s[i] = i < n4 ? e4[i].val.state : e6[i - n4].val.state;
	if (!err) {
		add_neigh_counts(p, "ipv4", s, n4);
		add_neigh_counts(p, "ipv6", s + n4, n6);
	}
	free(s);
	free(e4);
	free(e6);
	return err;
}

static void add_build(struct xr_prom *p)
{
	struct xr_state_info si = { 0 };
	char layout[16], maps[16];

	xr_layout_self(&si);
	snprintf(layout, sizeof(layout), "%u", si.layout);
	snprintf(maps, sizeof(maps), "%08x", si.maps);
	xr_prom_add(p, "gauge", P "build_info",
		    "The build: its version and the state layout it reads",
		    NULL, 1, "version", xr_build_version(), "state_layout", layout,
		    "state_maps", maps, NULL);
}

int xr_stats_prom_print(FILE *f, const struct xr_maps *m)
{
	struct xr_prom p = { 0 };
	int err = add_counters(&p, m);

	add_sync(&p, m);
	if (!err && m)
		err = add_links(&p, m);
	if (!err)
		err = add_routes(&p, m);
	if (!err)
		err = add_neighs(&p, m);
	add_build(&p);
	if (err) {
		xr_prom_free(&p);
		xr_err("cannot read the counters: %s", strerror(-err));
		return err;
	}
	err = xr_prom_print(&p, f);
	if (err)
		xr_err("cannot print the metrics: %s", strerror(-err));
	return err;
}

static int emit(FILE *f, void *arg)
{
	return xr_stats_prom_print(f, arg) ? 1 : 0;
}

int xr_stats_prom_textfile(const struct xr_maps *m, const char *path)
{
	return xr_textfile_write(path, emit, (void *)m);
}
