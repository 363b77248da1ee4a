// SPDX-License-Identifier: GPL-2.0
/* apply's plan (user/cli/apply_plan.c) from two configurations as items
 * (cfg.h): nothing for what is the same, the commands in their phases'
 * order (attach, link set, policy, proto, neigh, route add/replace,
 * route del, neigh del, proto del, detach), the counts per kind, and
 * what is compared (a file's via GW without dev, members as a set). The
 * items are made from statements as a file's are (xr_cfg_from_cmd), on
 * the loopback device. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>
#include "cli/apply_plan.h"
#include "cli/cfg.h"

/* The items of some statements (NULL-terminated), sorted. */
static void cfg_of(struct xr_cfg *c, const char *const *lines)
{
	char buf[512], *w[64], *p;
	struct xr_cmd cmd;
	int n;

	memset(c, 0, sizeof(*c));
	for (; *lines; lines++) {
		snprintf(buf, sizeof(buf), "%s", *lines);
		for (n = 0, p = strtok(buf, " "); p; p = strtok(NULL, " "))
			w[n++] = p;
		xr_cli_family = 0;
		if (!strcmp(w[0], "-4") || !strcmp(w[0], "-6"))
			xr_cli_family = w[0][1] == '4' ? AF_INET : AF_INET6;
		cr_assert_eq(xr_cmd_parse(n - !!xr_cli_family, w + !!xr_cli_family,
					  &cmd), 0, "%s", *lines);
		cr_assert_eq(xr_cfg_from_cmd(&cmd, c), 0, "%s", *lines);
		xr_cmd_free(&cmd);
	}
	xr_cli_family = 0;
	xr_cfg_sort(c);
}

static void plan_of(const char *const *want, const char *const *run,
		    xr_plan_has_neigh has, struct xr_plan *p)
{
	struct xr_cfg w, r;

	cfg_of(&w, want);
	cfg_of(&r, run);
	cr_assert_eq(xr_plan_make(&w, &r, has, NULL, p), 0);
	xr_cfg_free(&w);
	xr_cfg_free(&r);
}

/* The plan as "+ cmd" lines, one string. */
static const char *plan_text(const struct xr_plan *p)
{
	static char out[8192];
	size_t i;

	out[0] = '\0';
	for (i = 0; i < p->n; i++)
		snprintf(out + strlen(out), sizeof(out) - strlen(out), "%c %s\n",
			 "+~-"[p->v[i].op], p->v[i].line_text);
	return out;
}

Test(apply, the_same_plans_nothing)
{
	static const char *const c[] = {
		"link attach lo", "link set lo redirects off",
		"route multipath hash-policy l4",
		"route add 10.0.0.0/8 via 127.0.0.2 dev lo",
		"route add 10.1.0.0/16 nexthop via 127.0.0.2 dev lo weight 2 "
		"nexthop via 127.0.0.3 dev lo",
		"route add blackhole 2001:db8::/32",
		"neigh add 127.0.0.2 lladdr 02:00:00:00:00:02 dev lo",
		"proto add ipproto 253 obj /x/h.bpf.o prog h", NULL,
	};
	struct xr_plan p;

	plan_of(c, c, NULL, &p);
	cr_assert_eq(p.n, 0, "%s", plan_text(&p));
	cr_assert_eq(xr_plan_total(&p, XR_PLAN_ADD) + xr_plan_total(&p, XR_PLAN_CHANGE) +
		     xr_plan_total(&p, XR_PLAN_REMOVE), 0);
	xr_plan_free(&p);
}

/* What a file may leave out: a gateway's device, prog, the members'
 * order. */
Test(apply, what_is_not_compared)
{
	static const char *const want[] = {
		"route add 10.0.0.0/8 via 127.0.0.2",
		"route add 10.1.0.0/16 nexthop via 127.0.0.3 dev lo nexthop via "
		"127.0.0.2 weight 2",
		"proto add ipproto 253 obj /x/h.bpf.o", NULL,
	};
	static const char *const run[] = {
		"route add 10.0.0.0/8 via 127.0.0.2 dev lo",
		"route add 10.1.0.0/16 nexthop via 127.0.0.2 dev lo weight 2 "
		"nexthop via 127.0.0.3 dev lo weight 1",
		"proto add ipproto 253 obj /x/h.bpf.o prog h", NULL,
	};
	struct xr_plan p;

	plan_of(want, run, NULL, &p);
	cr_assert_eq(p.n, 0, "%s", plan_text(&p));
	xr_plan_free(&p);
}

Test(apply, the_phases_in_order)
{
	static const char *const want[] = {
		"route add 10.9.0.0/16 dev lo",
		"route add 10.1.0.0/16 nexthop via 127.0.0.2 dev lo weight 3 "
		"nexthop via 127.0.0.3 dev lo",
		"neigh add 127.0.0.2 lladdr 02:00:00:00:00:09 dev lo",
		"proto add ipproto 253 obj /x/g.bpf.o",
		"-6 route multipath hash-policy l4",
		"link attach lo hook xdp mode native", NULL,
	};
	static const char *const run[] = {
		"link attach lo hook xdp mode native",
		"route add 10.1.0.0/16 nexthop via 127.0.0.2 dev lo weight 2 "
		"nexthop via 127.0.0.3 dev lo",
		"route add unreachable 10.4.0.0/16",
		"neigh add 127.0.0.2 lladdr 02:00:00:00:00:02 dev lo",
		"neigh add 127.0.0.7 lladdr 02:00:00:00:00:07 dev lo",
		"proto add ipproto 253 obj /x/h.bpf.o prog h",
		"proto add ethertype 0x88b5 obj /x/v.bpf.o prog v", NULL,
	};
	struct xr_plan p;

	plan_of(want, run, NULL, &p);
	cr_assert_str_eq(plan_text(&p),
		"+ -6 route multipath hash-policy l4\n"
		"~ proto del ipproto 253\n"
		"~ proto add ipproto 253 obj /x/g.bpf.o\n"
		"~ neigh replace 127.0.0.2 lladdr 02:00:00:00:00:09 dev lo\n"
		"~ route replace 10.1.0.0/16 nexthop via 127.0.0.2 dev lo weight 3 "
		"nexthop via 127.0.0.3 dev lo weight 1\n"
		"+ route add 10.9.0.0/16 dev lo\n"
		"- route del unreachable 10.4.0.0/16\n"
		"- neigh del 127.0.0.7 dev lo\n"
		"- proto del ethertype 0x88b5\n");
	cr_assert_eq(xr_plan_total(&p, XR_PLAN_ADD), 2);
	cr_assert_eq(xr_plan_total(&p, XR_PLAN_CHANGE), 3);
	cr_assert_eq(xr_plan_total(&p, XR_PLAN_REMOVE), 3);
	cr_assert_eq(p.cnt[XR_PLAN_CHANGE][XR_CFG_ROUTE], 1);
	cr_assert_eq(p.cnt[XR_PLAN_REMOVE][XR_CFG_NEIGH], 1);
	xr_plan_free(&p);
}

/* A link attached anew has its settings given again; one that goes
 * takes them along (no "redirects on" first). */
Test(apply, a_links_settings_follow_it)
{
	static const char *const tc[] = {
		"link attach lo hook tc", "link set lo redirects off", NULL,
	};
	static const char *const xdp[] = {
		"link attach lo hook xdp mode generic", "link set lo redirects off", NULL,
	};
	static const char *const none[] = { NULL };
	struct xr_plan p;

	plan_of(xdp, tc, NULL, &p);
	cr_assert_str_eq(plan_text(&p),
		"~ link detach lo\n"
		"~ link attach lo hook xdp mode generic\n"
		"~ link set lo redirects off\n");
	/* the setting given again is counted: every command is */
	cr_assert_eq(xr_plan_total(&p, XR_PLAN_CHANGE), 2);
	cr_assert_eq(p.cnt[XR_PLAN_CHANGE][XR_CFG_LINK], 1);
	cr_assert_eq(p.cnt[XR_PLAN_CHANGE][XR_CFG_LINKSET], 1);
	xr_plan_free(&p);
	plan_of(none, tc, NULL, &p);
	cr_assert_str_eq(plan_text(&p), "- link detach lo\n");
	cr_assert_eq(xr_plan_total(&p, XR_PLAN_REMOVE), 2);
	xr_plan_free(&p);
	plan_of(tc + 1, tc + 1, NULL, &p);   /* the same: nothing */
	cr_assert_eq(p.n, 0);
	xr_plan_free(&p);
}

static int learnt(void *arg, const struct xr_cfg_item *it)
{
	return 1;
}

/* A neighbour the daemon learnt: the file's is written over it. */
Test(apply, a_learnt_neighbour_is_replaced)
{
	static const char *const want[] = {
		"neigh add 2001:db8::2 lladdr 02:00:00:00:00:02 dev lo", NULL,
	};
	static const char *const none[] = { NULL };
	struct xr_plan p;

	plan_of(want, none, learnt, &p);
	cr_assert_str_eq(plan_text(&p),
		"+ neigh replace 2001:db8::2 lladdr 02:00:00:00:00:02 dev lo\n");
	cr_assert_eq(p.cnt[XR_PLAN_ADD][XR_CFG_NEIGH], 1);
	xr_plan_free(&p);
}

/* The items of lines, as save prints them, one string. */
static const char *items_text(const char *const *lines)
{
	static char out[4096];
	char buf[XR_CFG_LINE];
	struct xr_cfg c;
	size_t i;

	cfg_of(&c, lines);
	out[0] = '\0';
	for (i = 0; i < c.n; i++)
		snprintf(out + strlen(out), sizeof(out) - strlen(out), "%s\n",
			 xr_cfg_fmt(&c.v[i], buf, sizeof(buf)));
	xr_cfg_free(&c);
	return out;
}

/* A later setting wins, as in -batch: the default after a non-default
 * one is the default (nothing to declare), and the other way round. */
Test(apply, a_later_setting_wins)
{
	static const char *const on[] = {
		"link attach lo", "link set lo redirects off",
		"link set lo redirects on", "route multipath hash-policy l4",
		"-6 route multipath hash-policy l3", NULL,
	};
	static const char *const off[] = {
		"link attach lo", "link set lo redirects on",
		"link set lo redirects off", "-4 route multipath hash-policy l4",
		"route multipath hash-policy l3", "-6 route multipath hash-policy l4",
		NULL,
	};

	cr_assert_str_eq(items_text(on), "link attach lo hook xdp mode native\n"
			 "-4 route multipath hash-policy l4\n");
	cr_assert_str_eq(items_text(off), "link attach lo hook xdp mode native\n"
			 "link set lo redirects off\n"
			 "-6 route multipath hash-policy l4\n");
}

/* Words save prints are quoted so that the batch splits them back: a
 * blank, a quote of either kind, a leading '#'. */
Test(apply, words_are_quoted_as_the_batch_splits_them)
{
	static const struct { const char *obj, *prog, *line; } t[] = {
		{ "/a b/h.o", "p", "proto add ipproto 253 obj \"/a b/h.o\" prog p" },
		{ "/x\"q'/h.o", "#p", "proto add ipproto 253 obj \"/x\"'\"'\"q'/h.o\" "
		  "prog \"#p\"" },
		{ "/a#b", "\"", "proto add ipproto 253 obj /a#b prog '\"'" },
	};
	struct xr_cfg_item it = { .kind = XR_CFG_PROTO, .pkind = XR_PROTO_IP,
				  .pkey = 253 };
	char buf[XR_CFG_LINE];
	size_t i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		it.obj = (char *)t[i].obj;
		it.prog = (char *)t[i].prog;
		cr_assert_str_eq(xr_cfg_fmt(&it, buf, sizeof(buf)), t[i].line);
	}
}
