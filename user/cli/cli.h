/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The CLI: every command is parsed into a struct xr_cmd (syntax and
 * names), checked against the state and what earlier batch lines did
 * (semantics), and only then applied. A batch is parsed and checked
 * whole before its first line is applied. Which functions do that for
 * a command, and whether it writes, is its row of the command table
 * (cmds.c).
 */
#ifndef XR_CLI_H
#define XR_CLI_H

#include <stdint.h>
#include <stdio.h>
#include "xdp_router/abi.h"
#include "lib/json.h"
#include "lib/overlay.h"
#include "lib/parse.h"
#include "lib/state.h"
#include "cli/route_get.h"

/* The objects, in the order usage and messages list them. */
enum xr_obj {
	XR_OBJ_LINK,
	XR_OBJ_ADDR,
	XR_OBJ_ROUTE,
	XR_OBJ_NEIGH,
	XR_OBJ_PROTO,
	XR_OBJ_STATS,
	XR_OBJ_RESET,
	XR_OBJ_MAX,
};

struct xr_link_args {
	int mode;                  /* attach: XR_MODE_* */
	int redirects;             /* set: 1 on, 0 off */
};

/* One member of a multipath route as given: nexthop [via GW] [dev DEV]
 * [weight W] (route_mp_parse.c). */
struct xr_mp_hop {
	struct xr_inaddr gw;       /* zero: on-link (dev DEV alone) */
	uint32_t dev;              /* dev DEV given (0: none) */
	uint32_t ifindex;          /* dev, or the gateway's link (check) */
	uint16_t weight;
	char gw_word[56];          /* the words given, for messages */
	char dev_word[20];
};

struct xr_rt_mp {
	unsigned int n;
	struct xr_mp_hop h[XR_NHG_MAX_MEMBERS];
};

struct xr_route_args {
	struct xr_rt rt;           /* add, replace, del: either family */
	struct xr_rt_mp *mp;       /* its nexthop members (NULL: none);
				    * rt.mp is the same */
	struct xr_route_get_req get; /* get */
	int policy;                /* multipath hash-policy: XR_MP_L3, L4 */
};

struct xr_neigh_args {
	struct xr_inaddr addr;
	uint8_t mac[6];            /* add, replace */
};

struct xr_proto_args {
	int kind;                  /* XR_PROTO_ETH, _IP or _IP6 */
	uint16_t key;
	char *obj;                 /* add: the object's absolute path */
	char *prog;                /* add: NULL (the only one) or a name;
				    * both malloc'd (xr_cmd_free) */
};

/* stats show -o FORMAT [--textfile PATH] */
enum { XR_STATS_DEFAULT, XR_STATS_TEXT, XR_STATS_JSON, XR_STATS_PROM };
struct xr_stats_args {
	int format;                /* XR_STATS_* (DEFAULT: -j chooses) */
	char *textfile;            /* malloc'd (xr_cmd_free); NULL: none */
};

struct xr_cli;
struct xr_cmd_def;

/* One command as parsed: what it is, the words messages quote, and the
 * arguments of its object. */
struct xr_cmd {
	const struct xr_cmd_def *def;
	int line;                  /* its batch line, for messages (0: none) */
	int family;                /* -4 (AF_INET), -6 (AF_INET6), else 0;
				    * parse sets it from the address */
	uint32_t ifindex;          /* the device it names (0: none) */
	char dev[20];              /* the device word, for messages */
	char what[56];             /* the prefix/address word, for messages */
	char gw[56];               /* route: the gateway word ("": none) */
	union {
		struct xr_link_args link;
		struct xr_route_args route;
		struct xr_neigh_args neigh;
		struct xr_proto_args proto;
		struct xr_stats_args stats;
	};
};

/* A word that selects an object or a command: abbreviated (iproute2's
 * matches()) unless exact. */
struct xr_kw {
	const char *word;
	int exact;
};

#define XR_CMD_WRITES  0x1   /* changes state: takes the exclusive lock */
#define XR_CMD_DEFAULT 0x2   /* the command of its object given alone */
#define XR_CMD_NEIGH   0x4   /* its check reads the neighbours */
#define XR_CMD_RESET   0x8   /* removes the state: needs none, makes none */
#define XR_CMD_SYNCED  0x10  /* writes what a `daemon --kernel-sync` or
			      * `--fpm` owns: refused while one runs */
#define XR_CMD_CONFIG  0x20  /* a statement of a configuration: what save
			      * prints and apply takes (docs/configuration.md) */

/*
 * A row of the command table (cmds.c). parse gets argv from the word
 * that selected the command (the object word when it has no command
 * word of its own, none when it is its object's default); check runs
 * against the state as the earlier commands of the batch leave it;
 * apply changes or shows. apply_run, when set, applies a run of such
 * commands at once (the bulk of a batch).
 */
struct xr_cmd_def {
	enum xr_obj obj;
	const char *name;          /* in messages ("del"); NULL: none */
	struct xr_kw kw[2];        /* the words that select it */
	unsigned int flags;        /* XR_CMD_* */
	const char *nobatch;       /* refused in a batch: its name there */
	int (*parse)(int argc, char **argv, struct xr_cmd *c);
	int (*check)(struct xr_cli *cli, struct xr_cmd *c);
	int (*apply)(struct xr_cli *cli, struct xr_cmd *c);
	int (*apply_run)(struct xr_cli *cli, struct xr_cmd *c, size_t n);
};

/* An object: its name in messages and the words that select it. */
struct xr_obj_def {
	const char *name;
	struct xr_kw kw[2];
};

/* A command of its own (daemon, capture, ...): the word, exact, and its
 * main, given the words after it. */
struct xr_top_def {
	const char *name;
	int (*main)(struct xr_cli *cli, int argc, char **argv);
};

extern const struct xr_top_def xr_tops[];
extern const size_t xr_ntops;
/* xdp-router help commands: every command, one a line (cmds.c). */
void xr_help_commands(FILE *f);
/* The command of its own a word names (exactly), or NULL. */
const struct xr_top_def *xr_top_find(const char *word);

extern const struct xr_obj_def xr_objs[XR_OBJ_MAX];
extern const struct xr_cmd_def xr_cmds[];
extern const size_t xr_ncmds;

#define XR_GW_CACHE 16

struct xr_cli {
	int json;
	struct xr_json j;
	struct xr_state st;
	int have_state;            /* maps open */
	struct xr_overlay ov;
	struct { struct xr_inaddr gw; uint32_t ifindex; uint8_t used; } gw_cache[XR_GW_CACHE];
	/* apply: the generations its plan was made at; a writer after it
	 * makes the run refuse (main.c) */
	const struct xr_state_gen *plan_gen;
};

/* The run of commands (main.c): the state opened for them (created for
 * writers, *seen its generations), every command checked under the
 * shared lock (against what the earlier ones leave), then applied
 * under the exclusive one; exit status 0 or 1. */
int xr_cli_open(struct xr_cli *cli, int writes, int reset,
		struct xr_state_gen *seen);
int xr_cli_check(struct xr_cli *cli, struct xr_cmd *cmds, size_t n);
int xr_cli_run_opened(struct xr_cli *cli, struct xr_cmd *cmds, size_t n,
		      const struct xr_state_gen *seen);
int xr_cli_run(struct xr_cli *cli, struct xr_cmd *cmds, size_t n);

/* Whether a word abbreviates a keyword (iproute2's matches()). */
int xr_matches(const char *word, const char *keyword);
/* Whether a word selects by kw: abbreviates it, or is it when exact. */
int xr_kw_match(const struct xr_kw *kw, const char *word);
/* The object a word selects, or -1. */
int xr_obj_find(const char *word);
/* The command of obj a word selects (NULL: its default), or NULL. */
const struct xr_cmd_def *xr_cmd_find(enum xr_obj obj, const char *word);
/* OBJECT COMMAND [ARGS] into c: the table's row and its parse. */
int xr_cmd_parse(int argc, char **argv, struct xr_cmd *c);
/* No word from argv[i] on: else "unknown argument" names it. */
int xr_parse_end(int argc, char **argv, int i);
/* A command with no words after its own. */
int xr_parse_no_args(int argc, char **argv, struct xr_cmd *c);

/* The commands, by object (the rows of cmds.c). */
int xr_link_show_parse(int argc, char **argv, struct xr_cmd *c);
int xr_link_attach_parse(int argc, char **argv, struct xr_cmd *c);
int xr_link_detach_parse(int argc, char **argv, struct xr_cmd *c);
int xr_link_set_parse(int argc, char **argv, struct xr_cmd *c);
int xr_link_attach_check(struct xr_cli *cli, struct xr_cmd *c);
int xr_link_detach_check(struct xr_cli *cli, struct xr_cmd *c);
int xr_link_set_check(struct xr_cli *cli, struct xr_cmd *c);
int xr_link_show_apply(struct xr_cli *cli, struct xr_cmd *c);
int xr_link_attach_apply(struct xr_cli *cli, struct xr_cmd *c);
int xr_link_detach_apply(struct xr_cli *cli, struct xr_cmd *c);
int xr_link_set_apply(struct xr_cli *cli, struct xr_cmd *c);

int xr_addr_show_parse(int argc, char **argv, struct xr_cmd *c);
int xr_addr_show_apply(struct xr_cli *cli, struct xr_cmd *c);

int xr_route_update_parse(int argc, char **argv, struct xr_cmd *c);
int xr_route_del_parse(int argc, char **argv, struct xr_cmd *c);
int xr_route_get_parse(int argc, char **argv, struct xr_cmd *c);
int xr_route_add_check(struct xr_cli *cli, struct xr_cmd *c);
int xr_route_replace_check(struct xr_cli *cli, struct xr_cmd *c);
int xr_route_del_check(struct xr_cli *cli, struct xr_cmd *c);
int xr_route_update_apply(struct xr_cli *cli, struct xr_cmd *c);
int xr_route_update_run(struct xr_cli *cli, struct xr_cmd *c, size_t n);
int xr_route_del_apply(struct xr_cli *cli, struct xr_cmd *c);
int xr_route_show_apply(struct xr_cli *cli, struct xr_cmd *c);
int xr_route_get_check(struct xr_cli *cli, struct xr_cmd *c);
int xr_route_get_apply(struct xr_cli *cli, struct xr_cmd *c);
int xr_route_flush_apply(struct xr_cli *cli, struct xr_cmd *c);
int xr_route_mp_parse(int argc, char **argv, struct xr_cmd *c);
int xr_route_mp_show_apply(struct xr_cli *cli, struct xr_cmd *c);
int xr_route_mp_set_apply(struct xr_cli *cli, struct xr_cmd *c);

/* Multipath routes (route_mp_parse.c, route_mp.c). */
/* via [inet|inet6] GW from argv[*ip]: *ip on GW after. */
int xr_route_parse_via(int argc, char **argv, int *ip, struct xr_inaddr *gw,
		       char *word, size_t wlen);
/* via GW or dev DEV at argv[*ip], a route's own or a member's: 1 when
 * it was one (*ip on its last word), 0 when not, -1 after an error. */
int xr_route_hop_word(int argc, char **argv, int *ip, struct xr_mp_hop *h);
/* A gateway as a route may name it (unicast; link-local with a dev). */
int xr_route_check_gw(const struct xr_inaddr *gw, const char *word,
		      uint32_t dev);
/* nexthop ... from argv[0] (the first "nexthop") to the end, into c. */
int xr_route_parse_nexthops(int argc, char **argv, struct xr_cmd *c);
/* The members take the route's family f (or refuse another). */
int xr_route_mp_family(struct xr_cmd *c, int f);
/* A multipath route of one member is a plain one (as the kernel's). */
void xr_route_mp_collapse(struct xr_cmd *c);
/* Each member's gateway reachable (on its dev), none twice. */
int xr_route_mp_check(struct xr_cli *cli, struct xr_cmd *c);
/* del's members given match the route's (as a set). */
int xr_route_mp_match(struct xr_cli *cli, const struct xr_cmd *c,
		      const struct xr_rt *old);
/* The group of rt's members (one reference taken) into rt->nhg. */
int xr_route_mp_get(struct xr_cli *cli, struct xr_rt *rt);
void xr_route_mp_put(struct xr_cli *cli, const struct xr_rt *rt);
/* A group route's members, text lines or JSON "nexthops". */
int xr_route_mp_print(struct xr_cli *cli, const struct xr_rt *rt);
/* The member of group gid whose next hop is nh (route get). */
struct xr_nhg_info;
int xr_route_mp_member(struct xr_cli *cli, int v6, uint32_t gid, uint32_t nh,
		       struct xr_nhg_info *out);
/* Free what parse allocated for c. */
void xr_cmd_free(struct xr_cmd *c);
/* The gateway's link as the batch sees it (-1: not on a connected
 * network, or not on dev); one error line. */
int xr_route_gw_reach(struct xr_cli *cli, const struct xr_inaddr *gw,
		      const char *gw_word, uint32_t dev, const char *dev_word,
		      uint32_t *ifindex);

int xr_neigh_update_parse(int argc, char **argv, struct xr_cmd *c);
int xr_neigh_del_parse(int argc, char **argv, struct xr_cmd *c);
int xr_neigh_add_check(struct xr_cli *cli, struct xr_cmd *c);
int xr_neigh_replace_check(struct xr_cli *cli, struct xr_cmd *c);
int xr_neigh_del_check(struct xr_cli *cli, struct xr_cmd *c);
int xr_neigh_update_apply(struct xr_cli *cli, struct xr_cmd *c);
int xr_neigh_del_apply(struct xr_cli *cli, struct xr_cmd *c);
int xr_neigh_show_apply(struct xr_cli *cli, struct xr_cmd *c);
int xr_neigh_flush_apply(struct xr_cli *cli, struct xr_cmd *c);

int xr_stats_show_parse(int argc, char **argv, struct xr_cmd *c);
int xr_stats_show_apply(struct xr_cli *cli, struct xr_cmd *c);
int xr_stats_reset_apply(struct xr_cli *cli, struct xr_cmd *c);

int xr_proto_add_parse(int argc, char **argv, struct xr_cmd *c);
int xr_proto_del_parse(int argc, char **argv, struct xr_cmd *c);
int xr_proto_add_check(struct xr_cli *cli, struct xr_cmd *c);
int xr_proto_del_check(struct xr_cli *cli, struct xr_cmd *c);
int xr_proto_add_apply(struct xr_cli *cli, struct xr_cmd *c);
int xr_proto_del_apply(struct xr_cli *cli, struct xr_cmd *c);
int xr_proto_show_apply(struct xr_cli *cli, struct xr_cmd *c);

/* reset: detach everywhere, remove the state (cli/state.c) */
int xr_reset_apply(struct xr_cli *cli, struct xr_cmd *c);

/* A link's four counters as JSON members (link show, stats). */
struct xr_if_stats;
void xr_json_if_stats(struct xr_json *j, const struct xr_if_stats *s);

/* xdp-router daemon ARGS: the slow path; returns the exit status. */
int xr_daemon_main(int argc, char **argv);
/* xdp-router capture DEV ...: the capture tap; returns the exit status. */
int xr_capture_main(int argc, char **argv);
/* xdp-router state [show|prune] (cli/state.c) */
int xr_state_main(struct xr_cli *cli, int argc, char **argv);

/* xdp-router save: the running configuration as batch lines (save.c);
 * xdp-router apply [--dry-run] FILE: make it FILE's (apply.c). */
int xr_save_main(struct xr_cli *cli, int argc, char **argv);
int xr_apply_main(struct xr_cli *cli, int argc, char **argv);

/* xdp-router upgrade: convert the state, replace the programs. */
int xr_upgrade_main(int argc, char **argv);
/* xdp-router -V: the build, its state layout and this namespace's. */
int xr_version_main(void);

/* Whether a command changes state (takes the exclusive lock). */
int xr_cmd_writes(const struct xr_cmd *c);

/* The name tables (cli/names.c): a word and its value. */
struct xr_name {
	const char *name;
	int val;
};
struct xr_names {
	const struct xr_name *v;
	size_t n;
};
extern const struct xr_names xr_rtn_names;     /* route types */
extern const struct xr_names xr_nud_names;     /* NUD states */
extern const struct xr_names xr_hook_names;    /* link attach hook */
extern const struct xr_names xr_mode_names;    /* link attach mode */
extern const struct xr_names xr_onoff_names;   /* on 1, off 0 */
extern const struct xr_names xr_mp_policy_names; /* l3, l4 */

/* The value of a word (exact), 0; -1 when it is none of them. */
int xr_name_parse(const struct xr_names *t, const char *word, int *val);
/* The first word of a value, or dflt. */
const char *xr_name_of(const struct xr_names *t, int val, const char *dflt);
/* A route type's word ("unknown" for none), a NUD state's ("NONE"). */
const char *xr_rtn_name(int type);
const char *xr_nud_name(unsigned int state);

/* -4 or -6 (AF_INET, AF_INET6), 0 when neither: the family every
 * command parsed after it is set starts from (main.c sets it). */
extern int xr_cli_family;

/* Route exact-match as the batch sees it: overlay first, then the map. */
int xr_cli_route_exists(struct xr_cli *cli, const struct xr_inaddr *dst,
			uint8_t plen, struct xr_rt *rt);

/* The route tables of both families (cli/rt.c); the library's 0/-errno. */
void xr_anyrt_from4(const struct xr_route4 *r, struct xr_rt *rt);
void xr_anyrt_from6(const struct xr_route6 *r, struct xr_rt *rt);
void xr_anyrt_to4(const struct xr_rt *rt, struct xr_route4 *r);
void xr_anyrt_to6(const struct xr_rt *rt, struct xr_route6 *r);
int xr_anyrt_get(const struct xr_maps *m, const struct xr_inaddr *dst,
	      uint8_t plen, struct xr_rt *rt);
int xr_anyrt_exists(const struct xr_maps *m, const struct xr_inaddr *dst,
		 uint8_t plen);
int xr_anyrt_update(const struct xr_maps *m, const struct xr_rt *rt);
/* n routes of one family; *done of them applied */
int xr_anyrt_update_many(const struct xr_maps *m, const struct xr_rt *rts,
		      size_t n, size_t *done);
int xr_anyrt_delete(const struct xr_maps *m, const struct xr_inaddr *dst,
		 uint8_t plen);
/* family's routes, sorted; *out malloc'd */
int xr_anyrt_dump(const struct xr_maps *m, int family, struct xr_rt **out,
	       size_t *n);
/* The same routes as the family's own structs, converted one at a time
 * (xr_anyrt_at): no array of them all as struct xr_rt. */
struct xr_anyrt_list {
	int v6;
	size_t n;
	void *r;            /* struct xr_route4 or xr_route6 [n], malloc'd */
};
int xr_anyrt_list(const struct xr_maps *m, int family, struct xr_anyrt_list *l);
void xr_anyrt_at(const struct xr_anyrt_list *l, size_t i, struct xr_rt *rt);
/* Whether the link is attached as the batch sees it. */
int xr_cli_link_attached(struct xr_cli *cli, uint32_t ifindex);
/* Each connected route the link's addresses give (the ones link attach
 * writes) to fn, until it returns non-zero (then -1). */
typedef int (*xr_link_rt_fn)(void *arg, const struct xr_rt *rt);
int xr_link_connected_each(uint32_t ifindex, xr_link_rt_fn fn, void *arg);

#define NEXT_ARG()                                                        \
	do {                                                              \
		if (++i >= argc) {                                        \
			xr_err("missing value after \"%s\"", xr_word(argv[i - 1])); \
			return -1;                                        \
		}                                                         \
	} while (0)

#endif
