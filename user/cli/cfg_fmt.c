// SPDX-License-Identifier: GPL-2.0
/*
 * An item (cfg.h) as its canonical batch line, in the exact syntax its
 * command takes: what `save` prints and what an `apply` plan runs; and
 * the line that removes it.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include "cli/cfg.h"
#include "lib/iface.h"
#include "lib/netdev.h"
#include "lib/parse.h"
#include "lib/proto.h"

/* Appends to buf (len bytes), as snprintf; truncates quietly. */
static void put(char *buf, size_t len, const char *fmt, ...)
{
	size_t at = strlen(buf);
	va_list ap;

	if (at >= len)
		return;
	va_start(ap, fmt);
	vsnprintf(buf + at, len - at, fmt, ap);
	va_end(ap);
}

/* A word as the batch splits it back (batch.c): quoted when it holds a
 * blank or a quote or starts a comment; a '"' quoted with '\''. */
static void put_word(char *buf, size_t len, const char *w)
{
	size_t n;

	if (*w && *w != '#' && !strpbrk(w, " \t\r\n\"'")) {
		put(buf, len, "%s", w);
		return;
	}
	if (!*w)
		put(buf, len, "\"\"");
	while (*w) {
		n = strcspn(w, "\"");
		if (n)
			put(buf, len, "\"%.*s\"", (int)n, w);
		w += n;
		n = strspn(w, "\"");
		if (n)
			put(buf, len, "'%.*s'", (int)n, w);
		w += n;
	}
}

/* " WORD NAME": the link's name as a word. */
static void put_dev_word(char *buf, size_t len, const char *word,
			 uint32_t ifindex)
{
	char dev[IF_NAMESIZE + 8];

	put(buf, len, "%s", word);
	put_word(buf, len, xr_dev_name(ifindex, dev));
}

static void put_dev(char *buf, size_t len, uint32_t ifindex)
{
	put_dev_word(buf, len, " dev ", ifindex);
}

static void put_addr(char *buf, size_t len, const char *word,
		     const struct xr_inaddr *a)
{
	char s[XR_ADDRSTRLEN];

	put(buf, len, "%s%s", word, xr_fmt_inaddr(a, s));
}

/* hook tc takes no mode: it is a mode of its own */
static void fmt_link(const struct xr_cfg_item *it, char *buf, size_t len)
{
	put_dev_word(buf, len, "link attach ", it->ifindex);
	put(buf, len, " hook %s", xr_hook_name(it->val));
	if (it->val != XR_MODE_TC)
		put(buf, len, " mode %s", xr_mode_name(it->val));
}

static void fmt_linkset(const struct xr_cfg_item *it, char *buf, size_t len,
			const char *onoff)
{
	put_dev_word(buf, len, "link set ", it->ifindex);
	put(buf, len, " redirects %s", onoff);
}

static void fmt_policy(const struct xr_cfg_item *it, char *buf, size_t len,
		       int policy)
{
	put(buf, len, "%s route multipath hash-policy %s",
	    it->family == AF_INET6 ? "-6" : "-4",
	    xr_name_of(&xr_mp_policy_names, policy, "l3"));
}

static void fmt_proto(const struct xr_cfg_item *it, char *buf, size_t len,
		      int del)
{
	char key[32];

	put(buf, len, "proto %s %s", del ? "del" : "add",
	    xr_proto_key_str(it->pkind, it->pkey, key, sizeof(key)));
	if (del)
		return;
	put(buf, len, " obj ");
	put_word(buf, len, it->obj);
	if (it->prog) {
		put(buf, len, " prog ");
		put_word(buf, len, it->prog);
	}
}

/* neigh add|replace|del: del takes no lladdr */
static void fmt_neigh(const struct xr_cfg_item *it, char *buf, size_t len,
		      const char *cmd, int del)
{
	char mac[18];

	put_addr(buf, len, cmd, &it->addr);
	if (!del)
		put(buf, len, " lladdr %s", xr_fmt_mac(it->mac, mac));
	put_dev(buf, len, it->ifindex);
}

static void fmt_hops(const struct xr_cfg_item *it, char *buf, size_t len)
{
	unsigned int k;

	for (k = 0; k < it->nhops; k++) {
		const struct xr_cfg_hop *h = &it->hops[k];

		put(buf, len, " nexthop");
		if (!xr_inaddr_is_zero(&h->gw))
			put_addr(buf, len, " via ", &h->gw);
		if (h->ifindex)
			put_dev(buf, len, h->ifindex);
		put(buf, len, " weight %u", h->weight);
	}
}

/* route add|replace|del: del names the prefix only */
static void fmt_route(const struct xr_cfg_item *it, char *buf, size_t len,
		      const char *cmd, int del)
{
	char pfx[XR_PFXSTRLEN];

	put(buf, len, "%s ", cmd);
	if (it->type != XR_RTN_UNICAST)
		put(buf, len, "%s ", xr_rtn_name(it->type));
	put(buf, len, "%s", xr_fmt_inprefix(&it->addr, it->plen, pfx));
	if (del || it->type != XR_RTN_UNICAST)
		return;
	if (it->nhops) {
		fmt_hops(it, buf, len);
		return;
	}
	if (!xr_inaddr_is_zero(&it->gw))
		put_addr(buf, len, " via ", &it->gw);
	if (it->ifindex)
		put_dev(buf, len, it->ifindex);
}

/* The line of it with cmd ("route add", "route replace", ...). */
static const char *fmt_cmd(const struct xr_cfg_item *it, char *buf, size_t len,
			   const char *cmd)
{
	buf[0] = '\0';
	switch (it->kind) {
	case XR_CFG_LINK:
		fmt_link(it, buf, len);
		break;
	case XR_CFG_LINKSET:
		fmt_linkset(it, buf, len, "off");
		break;
	case XR_CFG_POLICY:
		fmt_policy(it, buf, len, it->val);
		break;
	case XR_CFG_PROTO:
		fmt_proto(it, buf, len, 0);
		break;
	case XR_CFG_NEIGH:
		fmt_neigh(it, buf, len, cmd ? cmd : "neigh add ", 0);
		break;
	case XR_CFG_ROUTE:
		fmt_route(it, buf, len, cmd ? cmd :
			  it->over_conn ? "route replace" : "route add", 0);
		break;
	}
	return buf;
}

const char *xr_cfg_fmt(const struct xr_cfg_item *it, char *buf, size_t len)
{
	return fmt_cmd(it, buf, len, NULL);
}

const char *xr_cfg_fmt_change(const struct xr_cfg_item *it, char *buf,
			      size_t len)
{
	if (it->kind == XR_CFG_NEIGH)
		return fmt_cmd(it, buf, len, "neigh replace ");
	if (it->kind == XR_CFG_ROUTE)
		return fmt_cmd(it, buf, len, "route replace");
	return fmt_cmd(it, buf, len, NULL);
}

const char *xr_cfg_fmt_del(const struct xr_cfg_item *it, char *buf, size_t len)
{
	buf[0] = '\0';
	switch (it->kind) {
	case XR_CFG_LINK:
		put_dev_word(buf, len, "link detach ", it->ifindex);
		break;
	case XR_CFG_LINKSET:
		fmt_linkset(it, buf, len, "on");
		break;
	case XR_CFG_POLICY:
		fmt_policy(it, buf, len, XR_MP_L3);
		break;
	case XR_CFG_PROTO:
		fmt_proto(it, buf, len, 1);
		break;
	case XR_CFG_NEIGH:
		fmt_neigh(it, buf, len, "neigh del ", 1);
		break;
	case XR_CFG_ROUTE:
		fmt_route(it, buf, len, "route del", 1);
		break;
	}
	return buf;
}
