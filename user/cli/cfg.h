/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The router's configuration as items (docs/configuration.md): what
 * `save` prints and what `apply` diffs, read from the running state
 * (cfg_read.c) or from the statements of a file (cfg_cmd.c), printed as
 * one canonical batch line each (cfg_fmt.c). An item is identified by
 * its key (kind, then the link, family, protocol or prefix) and compared
 * by its value (cfg.c).
 */
#ifndef XR_CLI_CFG_H
#define XR_CLI_CFG_H

#include <stddef.h>
#include <stdint.h>
#include "cli/cli.h"

/* The kinds, in the order save prints them. */
enum xr_cfg_kind {
	XR_CFG_LINK,       /* link attach DEV hook H [mode M] */
	XR_CFG_LINKSET,    /* link set DEV redirects off (only when off) */
	XR_CFG_POLICY,     /* -4|-6 route multipath hash-policy l4 (only l4) */
	XR_CFG_PROTO,      /* proto add KEY obj PATH [prog NAME] */
	XR_CFG_NEIGH,      /* neigh add ADDR lladdr MAC dev DEV (permanent) */
	XR_CFG_ROUTE,      /* route add ... (not the connected ones) */
	XR_CFG_NKINDS,
};

/* A next hop of a multipath route: ifindex 0 (a file's member without
 * dev) matches any link. */
struct xr_cfg_hop {
	struct xr_inaddr gw;
	uint32_t ifindex;
	uint16_t weight;
};

struct xr_cfg_item {
	uint8_t kind;              /* enum xr_cfg_kind */
	uint8_t plen, type;        /* route */
	uint8_t mac[6];            /* neigh */
	int line;                  /* the file's line (0: the state's) */
	uint8_t gone;              /* its device (or a member's) is gone */
	uint8_t over_conn;         /* route: over a connected prefix of an
				    * attached link (route replace) */
	int family;                /* policy, neigh, route */
	int val;                   /* link: XR_MODE_*; policy: XR_MP_* */
	uint32_t ifindex;          /* link, linkset, neigh; route: its dev
				    * (0 in a file's via GW: any) */
	struct xr_inaddr addr;     /* neigh: the address; route: dst */
	struct xr_inaddr gw;       /* route: its one gateway (zero: none) */
	uint16_t pkey;             /* proto: kind and key */
	uint8_t pkind;
	unsigned int nhops;        /* route: members (0: one next hop) */
	struct xr_cfg_hop *hops;   /* malloc'd */
	char *obj, *prog;          /* proto: malloc'd (prog NULL: any) */
};

struct xr_cfg {
	struct xr_cfg_item *v;
	size_t n, cap;
	int follows;               /* routes, neighbours: the kernel's (a
				    * mirror runs, or the file's daemon line
				    * says so): XR_SYNC_* */
};

/* A new item at the end (zeroed), or NULL (one error line). */
struct xr_cfg_item *xr_cfg_push(struct xr_cfg *c, int kind);
void xr_cfg_free(struct xr_cfg *c);
/* The items for which out(arg, item) holds taken out (freed); how many. */
typedef int (*xr_cfg_pred)(const void *arg, const struct xr_cfg_item *it);
size_t xr_cfg_drop_if(struct xr_cfg *c, xr_cfg_pred out, const void *arg);

/* The running configuration of the state cli has open (none: empty). */
int xr_cfg_read(struct xr_cli *cli, struct xr_cfg *c);
/* Its items of devices that are gone marked (cfg_read.c). */
void xr_cfg_mark_gone(struct xr_cfg *c);
/* The routes of c over a connected prefix of a link of links marked:
 * a link attach brings that prefix, so the route is a `route replace`
 * (cfg_conn.c). */
int xr_cfg_mark_connected(struct xr_cfg *c, const struct xr_cfg *links);
/* The items a parsed statement declares (route multipath hash-policy
 * without -4/-6 declares two); the statement's line kept. */
int xr_cfg_from_cmd(const struct xr_cmd *cmd, struct xr_cfg *c);

/* The canonical batch line of an item (save's), without a newline. */
const char *xr_cfg_fmt(const struct xr_cfg_item *it, char *buf, size_t len);
/* The line that changes a running one into it (route replace, neigh
 * replace; else its own line). */
const char *xr_cfg_fmt_change(const struct xr_cfg_item *it, char *buf,
			      size_t len);
/* The line that removes it (route del, link detach, ...). */
const char *xr_cfg_fmt_del(const struct xr_cfg_item *it, char *buf, size_t len);
#define XR_CFG_LINE 4096

/* Keys: the order save prints in and the diff merges by. */
int xr_cfg_key_cmp(const struct xr_cfg_item *a, const struct xr_cfg_item *b);
void xr_cfg_sort(struct xr_cfg *c);
/* Whether the wanted item w says what the running one r is. */
int xr_cfg_same(const struct xr_cfg_item *w, const struct xr_cfg_item *r);

/* The kind's name in summaries ("link", "route", ...). */
const char *xr_cfg_kind_name(int kind);

#endif
