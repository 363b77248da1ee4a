/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The CLI: every command is parsed into a struct xr_cmd (syntax and
 * names), checked against the state and what earlier batch lines did
 * (semantics), and only then applied. A batch is parsed and checked
 * whole before its first line is applied.
 */
#ifndef XR_CLI_H
#define XR_CLI_H

#include <stdint.h>
#include "xdp_router/abi.h"
#include "lib/json.h"
#include "lib/overlay.h"
#include "lib/state.h"
#include "cli/route_get.h"

enum xr_cmd_kind {
	XR_CMD_LINK_ATTACH = 1,
	XR_CMD_LINK_DETACH,
	XR_CMD_LINK_SHOW,
	XR_CMD_LINK_SET,
	XR_CMD_ADDR_SHOW,
	XR_CMD_ROUTE_ADD,
	XR_CMD_ROUTE_REPLACE,
	XR_CMD_ROUTE_DEL,
	XR_CMD_ROUTE_SHOW,
	XR_CMD_ROUTE_GET,
	XR_CMD_ROUTE_FLUSH,
	XR_CMD_NEIGH_ADD,
	XR_CMD_NEIGH_REPLACE,
	XR_CMD_NEIGH_DEL,
	XR_CMD_NEIGH_SHOW,
	XR_CMD_NEIGH_FLUSH,
	XR_CMD_STATS_SHOW,
	XR_CMD_STATS_RESET,
	XR_CMD_PROTO_ADD,
	XR_CMD_PROTO_DEL,
	XR_CMD_PROTO_SHOW,
	XR_CMD_RESET,
};

struct xr_cmd {
	int kind;
	uint32_t ifindex;          /* link, neigh dev, route dev (0: none) */
	int mode;                  /* link attach */
	struct xr_route4 rt;       /* route add/replace/del */
	__be32 addr;               /* neigh */
	struct xr_route_get_req get; /* route get */
	uint8_t mac[6];            /* neigh */
	char dev[20];              /* the device word, for messages */
	char what[40];             /* the prefix/address word, for messages */
	int proto_kind;            /* proto: XR_PROTO_ETH or XR_PROTO_IP */
	uint16_t proto_key;
	const char *obj;           /* proto add: argv words (never batched) */
	const char *prog;
};

#define XR_GW_CACHE 16

struct xr_cli {
	int json;
	struct xr_json j;
	struct xr_state st;
	int have_state;            /* maps open */
	struct xr_overlay ov;
	struct { __be32 gw; uint32_t ifindex; uint8_t used; } gw_cache[XR_GW_CACHE];
};

/* Whether a word abbreviates a keyword (iproute2's matches()). */
int xr_matches(const char *word, const char *keyword);

/* Object parsers: argv starts after the object word. */
int xr_link_parse(int argc, char **argv, struct xr_cmd *c);
int xr_addr_parse(int argc, char **argv, struct xr_cmd *c);
int xr_route_parse(int argc, char **argv, struct xr_cmd *c);
int xr_neigh_parse(int argc, char **argv, struct xr_cmd *c);
int xr_stats_parse(int argc, char **argv, struct xr_cmd *c);
int xr_proto_cmd_parse(int argc, char **argv, struct xr_cmd *c);

int xr_link_check(struct xr_cli *cli, struct xr_cmd *c);
int xr_route_check(struct xr_cli *cli, struct xr_cmd *c);
int xr_neigh_check(struct xr_cli *cli, struct xr_cmd *c);

int xr_link_apply(struct xr_cli *cli, struct xr_cmd *c);
int xr_addr_apply(struct xr_cli *cli, struct xr_cmd *c);
int xr_route_apply(struct xr_cli *cli, struct xr_cmd *c);
int xr_route_is_update(const struct xr_cmd *c);
size_t xr_route_apply_run(struct xr_cli *cli, struct xr_cmd *c, size_t n,
			  int *err);
int xr_neigh_apply(struct xr_cli *cli, struct xr_cmd *c);
int xr_stats_apply(struct xr_cli *cli, struct xr_cmd *c);
int xr_proto_cmd_apply(struct xr_cli *cli, struct xr_cmd *c);

const char *xr_nud_name(unsigned int state);
const char *xr_rtn_name(int type);         /* route types: unicast, ... */
/* A link's four counters as JSON members (link show, stats). */
struct xr_if_stats;
void xr_json_if_stats(struct xr_json *j, const struct xr_if_stats *s);

/* xdp-router daemon ARGS: the slow path; returns the exit status. */
int xr_daemon_main(int argc, char **argv);
/* xdp-router capture DEV ...: the capture tap; returns the exit status. */
int xr_capture_main(int argc, char **argv);
/* xdp-router state [show|prune] (cli/state.c) */
int xr_state_main(struct xr_cli *cli, int argc, char **argv);

/* xdp-router upgrade: convert the state, replace the programs. */
int xr_upgrade_main(int argc, char **argv);
/* xdp-router -V: the build, its state layout and this namespace's. */
int xr_version_main(void);

/* Whether a command changes state (takes the exclusive lock). */
int xr_cmd_writes(const struct xr_cmd *c);

/* Route exact-match as the batch sees it: overlay first, then the map. */
int xr_cli_route_exists(struct xr_cli *cli, __be32 dst, uint8_t plen,
			struct xr_route4 *rt);
/* Whether the link is attached as the batch sees it. */
int xr_cli_link_attached(struct xr_cli *cli, uint32_t ifindex);

#define NEXT_ARG()                                                        \
	do {                                                              \
		if (++i >= argc) {                                        \
			xr_err("missing argument after \"%s\"", xr_word(argv[i - 1])); \
			return -1;                                        \
		}                                                         \
	} while (0)

#endif
