// SPDX-License-Identifier: GPL-2.0
/* The CLI's command table (user/cli/cmds.c) and name tables (names.c):
 * every row complete, the readers and writers as the locking needs them,
 * no word selecting two commands, and the dispatch through the table. */
#include <criterion/criterion.h>
#include <criterion/redirect.h>
#include <arpa/inet.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include "cli/cli.h"
#include "lib/err.h"

/* The commands that only read: they take the shared lock alone. */
static const struct { enum xr_obj obj; const char *name; } readers[] = {
	{ XR_OBJ_LINK, "show" }, { XR_OBJ_ADDR, "show" },
	{ XR_OBJ_ROUTE, "show" }, { XR_OBJ_ROUTE, "get" },
	{ XR_OBJ_ROUTE, "multipath" },
	{ XR_OBJ_NEIGH, "show" }, { XR_OBJ_PROTO, "show" },
	{ XR_OBJ_STATS, "show" },
};

static const struct xr_cmd_def *row(enum xr_obj obj, const char *name)
{
	size_t i;

	for (i = 0; i < xr_ncmds; i++)
		if (xr_cmds[i].obj == obj && xr_cmds[i].name &&
		    !strcmp(xr_cmds[i].name, name))
			return &xr_cmds[i];
	return NULL;
}

static int is_reader(const struct xr_cmd_def *d)
{
	size_t i;

	for (i = 0; i < sizeof(readers) / sizeof(readers[0]); i++)
		if (row(readers[i].obj, readers[i].name) == d)
			return 1;
	return 0;
}

static int kws_accept(const struct xr_kw kw[2], const char *w)
{
	return xr_kw_match(&kw[0], w) || xr_kw_match(&kw[1], w);
}

Test(cmds, every_row_complete)
{
	size_t i;

	cr_assert_eq(xr_ncmds, 24);
	for (i = 0; i < xr_ncmds; i++) {
		const struct xr_cmd_def *d = &xr_cmds[i];

		cr_assert_lt(d->obj, XR_OBJ_MAX, "row %zu", i);
		cr_assert(d->parse && d->apply, "row %zu", i);
		/* a row without a name is its object (reset): no words;
		 * a row of two words (route multipath hash-policy) is
		 * chosen by its first word's parse */
		if (d->name && strchr(d->name, ' '))
			cr_assert_null(d->kw[0].word, "row %zu", i);
		else
			cr_assert_eq(!d->name, !d->kw[0].word, "row %zu", i);
		if (d->apply_run || d->nobatch)
			cr_assert(d->flags & XR_CMD_WRITES, "row %zu", i);
		/* the one reader checked with the batch: route get's iif */
		if (d->check && !(d->flags & XR_CMD_WRITES))
			cr_assert_eq(d, row(XR_OBJ_ROUTE, "get"), "row %zu", i);
	}
}

Test(cmds, readers_and_writers)
{
	size_t i, n = 0;

	for (i = 0; i < sizeof(readers) / sizeof(readers[0]); i++)
		cr_assert_not_null(row(readers[i].obj, readers[i].name));
	for (i = 0; i < xr_ncmds; i++) {
		const struct xr_cmd_def *d = &xr_cmds[i];
		struct xr_cmd c = { .def = d };

		cr_assert_eq(xr_cmd_writes(&c), !is_reader(d), "%s %s",
			     xr_objs[d->obj].name, d->name ? d->name : "");
		n += !xr_cmd_writes(&c);
		/* the checks that read neighbours: the neighbour changes */
		cr_assert_eq(!!(d->flags & XR_CMD_NEIGH),
			     d->obj == XR_OBJ_NEIGH && d->check != NULL);
	}
	cr_assert_eq(n, sizeof(readers) / sizeof(readers[0]));
}

Test(cmds, one_default_per_object)
{
	size_t i;
	int o, n;

	for (o = 0; o < XR_OBJ_MAX; o++) {
		for (n = 0, i = 0; i < xr_ncmds; i++)
			n += xr_cmds[i].obj == (enum xr_obj)o &&
			     (xr_cmds[i].flags & XR_CMD_DEFAULT);
		cr_assert_eq(n, 1, "object %s", xr_objs[o].name);
		cr_assert_not_null(xr_cmd_find(o, NULL));
	}
}

/* Every word a row accepts (each prefix of an abbreviable keyword)
 * selects that row and no other of its object. */
static void words_of(const struct xr_kw *kw, enum xr_obj obj,
		     const struct xr_cmd_def *d)
{
	char w[32];
	size_t len, i;
	int n;

	for (len = kw->exact ? strlen(kw->word) : 1; len <= strlen(kw->word); len++) {
		snprintf(w, sizeof(w), "%.*s", (int)len, kw->word);
		for (n = 0, i = 0; i < xr_ncmds; i++)
			n += xr_cmds[i].obj == obj && kws_accept(xr_cmds[i].kw, w);
		cr_assert_eq(n, 1, "\"%s\" selects %d %s commands", w, n,
			     xr_objs[obj].name);
		cr_assert_eq(xr_cmd_find(obj, w), d, "\"%s\"", w);
	}
}

Test(cmds, no_word_selects_two)
{
	size_t i, k;

	for (i = 0; i < xr_ncmds; i++)
		for (k = 0; k < 2; k++)
			if (xr_cmds[i].kw[k].word)
				words_of(&xr_cmds[i].kw[k], xr_cmds[i].obj, &xr_cmds[i]);
}

Test(cmds, no_word_selects_two_objects)
{
	char w[32];
	size_t len;
	int o, k, p, n;

	for (o = 0; o < XR_OBJ_MAX; o++)
		for (k = 0; k < 2 && xr_objs[o].kw[k].word; k++) {
			const struct xr_kw *kw = &xr_objs[o].kw[k];

			for (len = kw->exact ? strlen(kw->word) : 1;
			     len <= strlen(kw->word); len++) {
				snprintf(w, sizeof(w), "%.*s", (int)len, kw->word);
				for (n = 0, p = 0; p < XR_OBJ_MAX; p++)
					n += kws_accept(xr_objs[p].kw, w);
				cr_assert_eq(n, 1, "\"%s\" selects %d objects", w, n);
				cr_assert_eq(xr_obj_find(w), o, "\"%s\"", w);
			}
		}
}

static const struct xr_cmd_def *parse(struct xr_cmd *c, int argc, ...)
{
	char *argv[8];
	va_list ap;
	int i;

	va_start(ap, argc);
	for (i = 0; i < argc; i++)
		argv[i] = va_arg(ap, char *);
	va_end(ap);
	cr_assert_eq(xr_cmd_parse(argc, argv, c), 0, "%s", argc ? argv[0] : "");
	return c->def;
}

Test(cmds, dispatch)
{
	struct xr_cmd c;

	cr_assert_eq(parse(&c, 2, "ro", "sh"), row(XR_OBJ_ROUTE, "show"));
	cr_assert_eq(parse(&c, 1, "neighbor"), row(XR_OBJ_NEIGH, "show"));
	cr_assert_eq(parse(&c, 2, "statistics", "reset"), row(XR_OBJ_STATS, "reset"));
	cr_assert_eq(parse(&c, 2, "link", "l"), row(XR_OBJ_LINK, "show"));
	cr_assert_eq(parse(&c, 1, "reset"), xr_cmd_find(XR_OBJ_RESET, NULL));
	cr_assert_eq(parse(&c, 3, "r", "get", "192.0.2.1"), row(XR_OBJ_ROUTE, "get"));
	cr_assert_eq(c.route.get.dst.v4, inet_addr("192.0.2.1"));
	cr_assert_eq(c.route.get.family, AF_INET);
	cr_assert_str_eq(c.route.get.what, "192.0.2.1");
	cr_assert_eq(parse(&c, 4, "r", "a", "blackhole", "10.0.0.0/8"),
		     row(XR_OBJ_ROUTE, "add"));
	cr_assert_eq(c.route.rt.type, XR_RTN_BLACKHOLE);
	cr_assert_eq(c.route.rt.dst.v4, inet_addr("10.0.0.0"));
	cr_assert_eq(c.route.rt.plen, 8);
	cr_assert_eq(c.family, AF_INET);
	cr_assert_eq(parse(&c, 4, "p", "delete", "ipproto", "253"), row(XR_OBJ_PROTO, "del"));
	cr_assert_eq(c.proto.kind, XR_PROTO_IP);
	cr_assert_eq(c.proto.key, 253);
}

static struct xr_inaddr IA(const char *s)
{
	struct xr_inaddr a;

	cr_assert_eq(xr_parse_inaddr(s, 0, &a), 0, "%s", s);
	return a;
}

/* The family from the words, as ip takes it: the prefix's, the
 * gateway's for default, -4/-6, else IPv4. */
Test(cmds, route_family)
{
	struct xr_cmd c;
	struct xr_inaddr want;

	parse(&c, 5, "route", "add", "2001:db8:3::/64", "via", "2001:db8:2::2");
	cr_assert_eq(c.family, AF_INET6);
	want = IA("2001:db8:3::");
	cr_assert(xr_inaddr_eq(&c.route.rt.dst, &want));
	cr_assert_eq(c.route.rt.plen, 64);
	want = IA("2001:db8:2::2");
	cr_assert(xr_inaddr_eq(&c.route.rt.gw, &want));
	cr_assert_eq(c.route.rt.type, XR_RTN_UNICAST);
	parse(&c, 5, "route", "add", "default", "via", "2001:db8:2::2");
	cr_assert_eq(c.family, AF_INET6);
	cr_assert_eq(c.route.rt.dst.family, AF_INET6);
	cr_assert_eq(c.route.rt.plen, 0);
	parse(&c, 5, "route", "replace", "default", "via", "198.18.2.2");
	cr_assert_eq(c.family, AF_INET);
	parse(&c, 4, "route", "add", "unreachable", "2001:db8:9::/48");
	cr_assert_eq(c.family, AF_INET6);
	cr_assert_eq(c.route.rt.type, XR_RTN_UNREACHABLE);
	parse(&c, 7, "route", "add", "2001:db8:3::/64", "via", "fe80::2", "dev", "lo");
	cr_assert_eq(c.route.rt.ifindex, 1);
	parse(&c, 5, "route", "add", "2001:db8:3::/64", "dev", "lo");
	cr_assert(xr_inaddr_is_zero(&c.route.rt.gw));
	cr_assert_eq(c.route.rt.gw.family, AF_INET6);
	parse(&c, 3, "route", "del", "::/0");
	cr_assert_eq(c.family, AF_INET6);
	parse(&c, 7, "neigh", "add", "2001:db8:2::2", "lladdr", "02:00:00:00:00:02",
	      "dev", "lo");
	cr_assert_eq(c.family, AF_INET6);
	want = IA("2001:db8:2::2");
	cr_assert(xr_inaddr_eq(&c.neigh.addr, &want));
	parse(&c, 3, "route", "get", "2001:db8:3::1");
	cr_assert_eq(c.route.get.family, AF_INET6);
	cr_assert_eq(c.route.get.len, 48);
	parse(&c, 6, "proto", "add", "ip6proto", "17", "obj", "h.bpf.o");
	cr_assert_eq(c.proto.kind, XR_PROTO_IP6);
	cr_assert_eq(c.proto.key, 17);
	parse(&c, 2, "route", "show");
	cr_assert_eq(c.family, 0, "show: IPv4 unless -6, chosen when shown");
}

/* -6: default is ::/0; an IPv4 word is refused. */
Test(cmds, route_family_option, .init = cr_redirect_stderr)
{
	char *v4[] = { "route", "add", "10.0.0.0/8", "dev", "lo" };
	char *gw4[] = { "route", "add", "default", "via", "198.18.2.2" };
	struct xr_cmd c;

	xr_cli_family = AF_INET6;
	parse(&c, 5, "route", "add", "default", "dev", "lo");
	cr_assert_eq(c.family, AF_INET6);
	cr_assert_eq(c.route.rt.dst.family, AF_INET6);
	parse(&c, 2, "route", "show");
	cr_assert_eq(c.family, AF_INET6);
	cr_assert_eq(xr_cmd_parse(5, v4, &c), -1);
	cr_assert_eq(xr_cmd_parse(5, gw4, &c), -1);
	xr_cli_family = AF_INET;
	parse(&c, 2, "neigh", "show");
	cr_assert_eq(c.family, AF_INET);
	xr_cli_family = 0;
	fflush(stderr);
	cr_assert_stderr_eq_str(
		"xdp-router: \"10.0.0.0/8\" is an IPv4 prefix, not IPv6\n"
		"xdp-router: gateway \"198.18.2.2\" is an IPv4 address, the prefix "
		"\"default\" IPv6\n");
}

/* One line each, and the command is refused. */
Test(cmds, route6_errors, .init = cr_redirect_stderr)
{
	static char *bad[][6] = {
		{ "route", "add", "2001:db8::/129", "dev", "lo" },
		{ "route", "add", "2001:db8::1/64", "dev", "lo" },
		{ "route", "add", "2001:db8:3::/64", "via", "fe80::2" },
		{ "route", "add", "2001:db8:3::/64", "via", "198.18.2.2" },
		{ "route", "add", "10.0.0.0/8", "via", "2001:db8::2" },
		{ "route", "add", "ff02::/16", "dev", "lo" },
		{ "route", "add", "fe80::/64", "dev", "lo" },
		{ "route", "add", "2001:db8:3::/64", "via", "ff02::2" },
		{ "route", "add", "2001:db8:3::/64", "via", "::" },
		{ "neigh", "add", "ff02::1", "lladdr", "02:00:00:00:00:02" },
		{ "neigh", "add", "::", "lladdr", "02:00:00:00:00:02" },
		{ "proto", "add", "ip6proto", "256" },
		{ "proto", "add", "ip6proto", "44" },
		{ "proto", "add", "ethertype", "0x86dd" },
	};
	struct xr_cmd c;
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		cr_assert_eq(xr_cmd_parse(5, bad[i], &c), -1, "line %zu", i);
	fflush(stderr);
	cr_assert_stderr_eq_str(
		"xdp-router: invalid prefix length in \"2001:db8::/129\" (0 to 128)\n"
		"xdp-router: invalid prefix \"2001:db8::1/64\": host bits set (did you "
		"mean 2001:db8::/64?)\n"
		"xdp-router: gateway \"fe80::2\" is link-local: it needs \"dev DEV\"\n"
		"xdp-router: gateway \"198.18.2.2\" is an IPv4 address, the prefix "
		"\"2001:db8:3::/64\" IPv6\n"
		"xdp-router: gateway \"2001:db8::2\" is an IPv6 address, the prefix "
		"\"10.0.0.0/8\" IPv4\n"
		"xdp-router: \"ff02::/16\" is a multicast prefix (ff00::/8), not a route\n"
		"xdp-router: \"fe80::/64\" is a link-local prefix (fe80::/10): link-local "
		"destinations are the kernel's, on each link\n"
		"xdp-router: invalid gateway \"ff02::2\": a multicast address\n"
		"xdp-router: invalid gateway \"::\"\n"
		"xdp-router: invalid neighbour \"ff02::1\": a multicast address\n"
		"xdp-router: invalid neighbour \"::\": the unspecified address\n"
		"xdp-router: invalid IPv6 next header \"256\" (0 to 255)\n"
		"xdp-router: IPv6 next header 44 is an extension header, not an "
		"upper-layer protocol: the fast path walks past it\n"
		"xdp-router: ethertype 0x86dd is the router's own IPv6 path: register "
		"its protocols with ip6proto\n");
}

/* The choices in an error come from the tables, in their order. */
Test(cmds, errors_list_the_choices, .init = cr_redirect_stderr)
{
	char *none[1] = { NULL };
	char *re[] = { "re" }, *lx[] = { "link", "x" }, *rs[] = { "reset", "x" };
	char *nd[] = { "neigh", "flu", "x" };
	char *other[][2] = { { "a", "x" }, { "r", "x" }, { "p", "x" }, { "s", "x" } };
	struct xr_cmd c;
	size_t i;

	cr_assert_eq(xr_cmd_parse(0, none, &c), -1);
	cr_assert_eq(xr_cmd_parse(1, re, &c), -1);
	cr_assert_eq(xr_cmd_parse(2, lx, &c), -1);
	cr_assert_eq(xr_cmd_parse(2, rs, &c), -1);
	cr_assert_eq(xr_cmd_parse(3, nd, &c), -1);
	for (i = 0; i < 4; i++)
		cr_assert_eq(xr_cmd_parse(2, other[i], &c), -1);
	fflush(stderr);
	cr_assert_stderr_eq_str(
		"xdp-router: missing OBJECT (link, addr, route, neigh, proto, stats, reset)\n"
		"xdp-router: unknown object \"re\" (link, addr, route, neigh, proto, stats, reset)\n"
		"xdp-router: unknown link command \"x\" (attach, detach, set, show)\n"
		"xdp-router: unknown argument \"x\"\n"
		"xdp-router: unknown neigh command \"flu\" (add, replace, del, show, flush)\n"
		"xdp-router: unknown addr command \"x\" (show)\n"
		"xdp-router: unknown route command \"x\" (add, replace, del, show, get, flush, "
		"multipath)\n"
		"xdp-router: unknown proto command \"x\" (add, del, show)\n"
		"xdp-router: unknown stats command \"x\" (show, reset)\n");
}

/* argv from one string of words */
static int parse_line(struct xr_cmd *c, const char *line)
{
	static char buf[4096];
	char *argv[400], *p;
	int n = 0;

	snprintf(buf, sizeof(buf), "%s", line);
	for (p = strtok(buf, " "); p && n < 400; p = strtok(NULL, " "))
		argv[n++] = p;
	return xr_cmd_parse(n, argv, c);
}

static void hop_is(const struct xr_mp_hop *h, const char *gw, uint32_t dev,
		   uint16_t weight)
{
	struct xr_inaddr want = { 0 };

	if (gw)
		want = IA(gw);
	else
		want.family = h->gw.family;
	cr_assert(xr_inaddr_eq(&h->gw, &want), "%s", gw ? gw : "no gateway");
	cr_assert_eq(h->dev, dev);
	cr_assert_eq(h->weight, weight);
}

/* nexthop members as ip takes them: via, dev, weight (default 1), a
 * member of dev alone; the family from the members for default. */
Test(cmds, route_multipath)
{
	struct xr_cmd c;

	cr_assert_eq(parse_line(&c, "route add 198.18.100.0/24 nexthop via 198.18.2.2 "
				"weight 3 nexthop via 198.18.3.2 dev lo nexthop dev lo"), 0);
	cr_assert_eq(c.def, row(XR_OBJ_ROUTE, "add"));
	cr_assert_eq(c.family, AF_INET);
	cr_assert_not_null(c.route.mp);
	cr_assert_eq(c.route.rt.mp, c.route.mp);
	cr_assert_eq(c.route.mp->n, 3);
	hop_is(&c.route.mp->h[0], "198.18.2.2", 0, 3);
	hop_is(&c.route.mp->h[1], "198.18.3.2", 1, 1);
	hop_is(&c.route.mp->h[2], NULL, 1, 1);
	cr_assert_eq(c.route.mp->h[2].gw.family, AF_INET);
	cr_assert(xr_inaddr_is_zero(&c.route.rt.gw));
	cr_assert_eq(c.route.rt.ifindex, 0);
	xr_cmd_free(&c);
	cr_assert_eq(parse_line(&c, "route replace default nexthop via fe80::2 dev lo "
				"weight 256 nexthop via 2001:db8:3::2"), 0);
	cr_assert_eq(c.family, AF_INET6);
	cr_assert_eq(c.route.rt.dst.family, AF_INET6);
	hop_is(&c.route.mp->h[0], "fe80::2", 1, 256);
	hop_is(&c.route.mp->h[1], "2001:db8:3::2", 0, 1);
	xr_cmd_free(&c);
	cr_assert_eq(parse_line(&c, "route del 198.18.100.0/24 nexthop via 198.18.2.2 "
				"nexthop via 198.18.3.2"), 0);
	cr_assert_eq(c.def, row(XR_OBJ_ROUTE, "del"));
	cr_assert_eq(c.route.mp->n, 2);
	xr_cmd_free(&c);
	cr_assert_null(c.route.mp);
}

/* One member is a plain route, as the kernel makes it. */
Test(cmds, route_multipath_one_member)
{
	struct xr_cmd c;
	struct xr_inaddr want = IA("198.18.2.2");

	cr_assert_eq(parse_line(&c, "route add 10.0.0.0/8 nexthop via 198.18.2.2 dev lo "
				"weight 7"), 0);
	cr_assert_null(c.route.mp);
	cr_assert_null(c.route.rt.mp);
	cr_assert(xr_inaddr_eq(&c.route.rt.gw, &want));
	cr_assert_eq(c.route.rt.ifindex, 1);
	cr_assert_str_eq(c.gw, "198.18.2.2");
	cr_assert_str_eq(c.dev, "lo");
}

Test(cmds, route_multipath_policy)
{
	struct xr_cmd c;

	cr_assert_eq(parse_line(&c, "route multipath"), 0);
	cr_assert_eq(c.def, row(XR_OBJ_ROUTE, "multipath"));
	cr_assert_eq(xr_cmd_writes(&c), 0);
	cr_assert_eq(parse_line(&c, "r mult sh"), 0);
	cr_assert_eq(c.def, row(XR_OBJ_ROUTE, "multipath"));
	cr_assert_eq(parse_line(&c, "route multipath hash-policy l4"), 0);
	cr_assert_eq(c.def, row(XR_OBJ_ROUTE, "multipath hash-policy"));
	cr_assert_eq(xr_cmd_writes(&c), 1);
	cr_assert_eq(c.route.policy, XR_MP_L4);
	cr_assert_eq(parse_line(&c, "route multipath hash-policy l3"), 0);
	cr_assert_eq(c.route.policy, XR_MP_L3);
}

/* route get's ports: in the frame of a protocol with ports */
Test(cmds, route_get_ports)
{
	struct xr_cmd c;

	cr_assert_eq(parse_line(&c, "route get 198.18.100.1 ipproto 6 sport 1000 "
				"dport 80"), 0);
	cr_assert_eq(c.route.get.sport, 1000);
	cr_assert_eq(c.route.get.dport, 80);
	cr_assert_eq(c.route.get.ipproto, 6);
	cr_assert_eq(c.route.get.given, XR_RG_IPPROTO | XR_RG_SPORT | XR_RG_DPORT);
	cr_assert_eq(parse_line(&c, "route get 2001:db8::1 dport 65535"), 0);
	cr_assert_eq(c.route.get.dport, 65535);
	cr_assert_eq(c.route.get.ipproto, 17);
}

/* One line each, nothing parsed. */
Test(cmds, route_multipath_errors, .init = cr_redirect_stderr)
{
	static const char *const bad[] = {
		"route add 10.0.0.0/8 nexthop via 198.18.2.2 weight 0",
		"route add 10.0.0.0/8 nexthop via 198.18.2.2 weight 257 nexthop dev lo",
		"route add 10.0.0.0/8 nexthop via 198.18.2.2 nexthop",
		"route add 10.0.0.0/8 nexthop weight 2 nexthop dev lo",
		"route add 10.0.0.0/8 nexthop via 198.18.2.2 nexthop via 2001:db8::2",
		"route add default nexthop via 2001:db8::2 nexthop via 198.18.2.2",
		"route add 2001:db8:9::/48 nexthop via fe80::2 nexthop via fe80::3 dev lo",
		"route add 10.0.0.0/8 via 198.18.2.2 nexthop via 198.18.3.2",
		"route add blackhole 10.0.0.0/8 nexthop via 198.18.3.2",
		"route add 10.0.0.0/8 nexthop via 198.18.2.2 metric 5",
		"route add 10.0.0.0/8 nexthop dev xr-no-such0 nexthop dev lo",
		"route add 10.0.0.0/8 nexthop via 198.18.2.2 weight",
		"route add 2001:db8:9::/48 nexthop via ff02::1 dev lo nexthop dev lo",
		"route multipath hash-policy l5",
		"route multipath hash-policy",
		"route multipath hash-policy l4 x",
		"route multipath x",
		"route get 198.18.100.1 ipproto 1 sport 5",
		"route get 198.18.100.1 sport 70000",
		"route get 198.18.100.1 dport 5 len 23",
	};
	char many[4096] = "route add 10.0.0.0/8";
	struct xr_cmd c;
	size_t i;
	int k;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		cr_assert_eq(parse_line(&c, bad[i]), -1, "%s", bad[i]);
	for (k = 0; k < 65; k++)
		snprintf(many + strlen(many), sizeof(many) - strlen(many),
			 " nexthop via 198.18.%d.2", k);
	cr_assert_eq(parse_line(&c, many), -1);
	fflush(stderr);
	cr_assert_stderr_eq_str(
		"xdp-router: invalid weight \"0\" (1 to 256)\n"
		"xdp-router: invalid weight \"257\" (1 to 256)\n"
		"xdp-router: \"nexthop\" needs \"via GW\" or \"dev DEV\"\n"
		"xdp-router: \"nexthop\" needs \"via GW\" or \"dev DEV\"\n"
		"xdp-router: gateway \"2001:db8::2\" is an IPv6 address, the prefix "
		"\"10.0.0.0/8\" IPv4\n"
		"xdp-router: gateway \"198.18.2.2\" is an IPv4 address, the prefix "
		"\"default\" IPv6\n"
		"xdp-router: gateway \"fe80::2\" is link-local: it needs \"dev DEV\"\n"
		"xdp-router: route \"10.0.0.0/8\" takes \"via\"/\"dev\" or \"nexthop\" "
		"members, not both\n"
		"xdp-router: a blackhole route takes no \"via\", \"dev\" or \"nexthop\"\n"
		"xdp-router: unknown argument \"metric\"\n"
		"xdp-router: cannot find device \"xr-no-such0\"\n"
		"xdp-router: missing value after \"weight\"\n"
		"xdp-router: invalid gateway \"ff02::1\": a multicast address\n"
		"xdp-router: unknown hash policy \"l5\" (l3, l4)\n"
		"xdp-router: missing POLICY after \"hash-policy\" (l3, l4)\n"
		"xdp-router: unknown argument \"x\"\n"
		"xdp-router: unknown argument \"x\"\n"
		"xdp-router: ipproto 1 has no ports (sport, dport: 6, 17, 33, 132, 136)\n"
		"xdp-router: invalid port \"70000\" (0 to 65535)\n"
		"xdp-router: len 23 leaves no room for the ports (at least 24)\n"
		"xdp-router: too many nexthops (at most 64)\n");
}

Test(names, nud_states)
{
	static const char *const want[] = { "INCOMPLETE", "REACHABLE", "STALE",
		"DELAY", "PROBE", "FAILED", "NOARP", "PERMANENT" };
	unsigned int i;

	for (i = 0; i < 8; i++)
		cr_assert_str_eq(xr_nud_name(1u << i), want[i]);
	cr_assert_str_eq(xr_nud_name(0), "NONE");
	cr_assert_str_eq(xr_nud_name(XR_NUD_STALE | XR_NUD_PROBE), "NONE");
}

Test(names, words_and_values)
{
	size_t i;
	int v;

	for (i = 0; i < xr_rtn_names.n; i++) {
		cr_assert_eq(xr_name_parse(&xr_rtn_names, xr_rtn_names.v[i].name, &v), 0);
		cr_assert_str_eq(xr_rtn_name(v), xr_rtn_names.v[i].name);
	}
	cr_assert_str_eq(xr_rtn_name(XR_RTN_LOCAL), "unknown");
	cr_assert_eq(xr_name_parse(&xr_mode_names, "skb", &v), 0);
	cr_assert_eq(v, XR_MODE_GENERIC);
	cr_assert_eq(xr_name_parse(&xr_mode_names, "drv", &v), 0);
	cr_assert_eq(v, XR_MODE_NATIVE);
	cr_assert_eq(xr_name_parse(&xr_hook_names, "tc", &v), 0);
	cr_assert_eq(v, XR_MODE_TC);
	cr_assert_eq(xr_name_parse(&xr_onoff_names, "off", &v), 0);
	cr_assert_eq(v, 0);
	cr_assert_eq(xr_name_parse(&xr_onoff_names, "ON", &v), -1);
	cr_assert_eq(xr_name_parse(&xr_rtn_names, "black", &v), -1);
	cr_assert_eq(xr_name_parse(&xr_mp_policy_names, "l4", &v), 0);
	cr_assert_eq(v, XR_MP_L4);
	cr_assert_str_eq(xr_name_of(&xr_mp_policy_names, XR_MP_L3, "?"), "l3");
	cr_assert_eq(xr_name_parse(&xr_mp_policy_names, "L4", &v), -1);
}

/* The row or the command of its own a line of help commands names:
 * "OBJECT NAME" (name may be two words), or a word alone. */
static const void *help_line_names(const char *line)
{
	const char *sp = strchr(line, ' ');
	size_t i;

	if (!sp) {
		if (xr_top_find(line))
			return xr_top_find(line);
		for (i = 0; i < xr_ncmds; i++)
			if (!xr_cmds[i].name && !strcmp(xr_objs[xr_cmds[i].obj].name, line))
				return &xr_cmds[i];
		return NULL;
	}
	for (i = 0; i < xr_ncmds; i++) {
		const char *obj = xr_objs[xr_cmds[i].obj].name;

		if (xr_cmds[i].name && strlen(obj) == (size_t)(sp - line) &&
		    !strncmp(line, obj, (size_t)(sp - line)) &&
		    !strcmp(sp + 1, xr_cmds[i].name))
			return &xr_cmds[i];
	}
	return NULL;
}

/* help commands: every row and every command of its own, once each,
 * each line naming its own (the man page's test and the completion
 * read it, so it is never a second list). */
Test(cmds, help_commands_from_the_tables)
{
	const void *seen[64];
	char *buf = NULL, *line, *save = NULL;
	size_t len = 0, n = 0, i;
	FILE *f = open_memstream(&buf, &len);

	cr_assert_not_null(f);
	xr_help_commands(f);
	fclose(f);
	for (line = strtok_r(buf, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		const void *p = help_line_names(line);

		cr_assert_not_null(p, "\"%s\" names no command", line);
		for (i = 0; i < n; i++)
			cr_assert_neq(seen[i], p, "\"%s\" twice", line);
		cr_assert_lt(n, 64);
		seen[n++] = p;
	}
	cr_assert_eq(n, xr_ncmds + xr_ntops, "%zu lines for %zu rows and %zu others",
		     n, xr_ncmds, xr_ntops);
	free(buf);
}
