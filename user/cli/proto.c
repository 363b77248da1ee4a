// SPDX-License-Identifier: GPL-2.0
/*
 * xdp-router proto add {ethertype 0xNNNN|ipproto N|ip6proto N} obj FILE
 *                      [prog NAME]
 * xdp-router proto del {ethertype 0xNNNN|ipproto N|ip6proto N}
 * xdp-router proto show
 * The protocol registry (lib/proto.c, docs/handlers.md).
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <bpf/bpf.h>
#include "cli/cli.h"
#include "lib/err.h"
#include "lib/proto.h"

/* {ethertype 0xNNNN|ipproto N} after the command word */
static int proto_key(int argc, char **argv, struct xr_cmd *c)
{
	if (argc < 3) {
		xr_err("missing protocol: proto %s {ethertype 0xNNNN|ipproto N|"
		       "ip6proto N}",
		       argv[0]);
		return -1;
	}
	return xr_proto_parse_key(argv[1], argv[2], &c->proto.kind, &c->proto.key);
}

/* A word kept past its line (a batch reads the next into the same
 * buffer): the object's absolute path (as given when it has none: the
 * check says why), the program's name. */
static int keep(char **to, const char *w, int path)
{
	char real[PATH_MAX];

	*to = strdup(path && realpath(w, real) ? real : w);
	if (!*to)
		xr_err("out of memory");
	return *to ? 0 : -1;
}

static int add_word(int argc, char **argv, int *ip, struct xr_cmd *c)
{
	int i = *ip, path = !strcmp(argv[i], "obj");

	if (!path && strcmp(argv[i], "prog")) {
		xr_err("unknown argument \"%s\"", xr_word(argv[i]));
		return -1;
	}
	NEXT_ARG();
	*ip = i;
	free(path ? c->proto.obj : c->proto.prog);
	return keep(path ? &c->proto.obj : &c->proto.prog, argv[i], path);
}

int xr_proto_add_parse(int argc, char **argv, struct xr_cmd *c)
{
	int i;

	if (proto_key(argc, argv, c))
		return -1;
	for (i = 3; i < argc; i++)
		if (add_word(argc, argv, &i, c))
			return -1;
	if (!c->proto.obj) {
		xr_err("missing \"obj FILE\": the handler's BPF object");
		return -1;
	}
	return 0;
}

/* Whether kind/key has a handler as the batch sees it. */
static int registered(struct xr_cli *cli, const struct xr_cmd *c)
{
	int s = xr_ov_get(&cli->ov, xr_ov_proto_key(c->proto.kind, c->proto.key),
			  NULL);

	if (s != XR_OV_UNKNOWN)
		return s == XR_OV_PRESENT;
	return cli->have_state &&
	       xr_proto_slot(&cli->st.m, c->proto.kind, c->proto.key, NULL);
}

static int mark(struct xr_cli *cli, const struct xr_cmd *c, int state)
{
	return xr_ov_set(&cli->ov, xr_ov_proto_key(c->proto.kind, c->proto.key),
			 state, NULL);
}

struct slots {
	struct xr_cli *cli;
	int net;                 /* handlers the batch adds, less those it removes */
};

static void net_one(void *arg, int kind, uint16_t key, int state)
{
	struct slots *s = arg;
	int was = s->cli->have_state && xr_proto_slot(&s->cli->st.m, kind, key, NULL);

	s->net += (state == XR_OV_PRESENT && !was) - (state == XR_OV_ABSENT && was);
}

/* A free slot for one more handler, the batch's earlier lines counted;
 * an object path that fits the state's record (what save prints). */
static int room_for(struct xr_cli *cli, const struct xr_cmd *c)
{
	struct slots s = { cli, 0 };
	int free_now = XR_PROTO_SLOTS - 1;

	if (strlen(c->proto.obj) >= sizeof(((struct xr_proto_info *)0)->obj)) {
		xr_err("object path too long: %zu bytes at most",
		       sizeof(((struct xr_proto_info *)0)->obj) - 1);
		return -1;
	}
	if (cli->have_state)
		free_now = xr_proto_free_slots(&cli->st.m);
	xr_ov_each_proto(&cli->ov, net_one, &s);
	if (free_now - s.net > 0)
		return 0;
	xr_err("no free handler slot (%d handlers at most)", XR_PROTO_SLOTS - 1);
	return -1;
}

/* add: not registered (as the batch sees it), and the handler loads:
 * the verifier's word before anything of the batch is applied. */
int xr_proto_add_check(struct xr_cli *cli, struct xr_cmd *c)
{
	struct xr_proto_req r = {
		.kind = c->proto.kind, .key = c->proto.key,
		.obj = c->proto.obj, .prog = c->proto.prog,
	};
	char what[32];

	xr_proto_key_str(c->proto.kind, c->proto.key, what, sizeof(what));
	if (registered(cli, c)) {
		xr_err("%s is registered already ('proto del %s' first)",
		       what, what);
		return -1;
	}
	if (room_for(cli, c))
		return -1;
	if (xr_proto_trial(cli->have_state ? &cli->st.m : NULL, &r))
		return -1;
	return mark(cli, c, XR_OV_PRESENT);
}

int xr_proto_del_check(struct xr_cli *cli, struct xr_cmd *c)
{
	char what[32];

	if (!registered(cli, c)) {
		xr_err("%s is not registered",
		       xr_proto_key_str(c->proto.kind, c->proto.key, what,
					sizeof(what)));
		return -1;
	}
	return mark(cli, c, XR_OV_ABSENT);
}

int xr_proto_del_parse(int argc, char **argv, struct xr_cmd *c)
{
	if (proto_key(argc, argv, c))
		return -1;
	return xr_parse_end(argc, argv, 3);
}

static void show_one(struct xr_cli *cli, __u32 slot,
		     const struct xr_proto_info *in)
{
	char key[32], dir[PATH_MAX];
	/* a record with no dispatch entry: an add or del was interrupted */
	int live = xr_proto_slot(&cli->st.m, in->kind, in->key, NULL) == (int)slot;

	xr_proto_pin_dir(cli->st.dir, in->kind, in->key, dir, sizeof(dir));
	if (cli->json) {
		xj_obj_open(&cli->j, NULL);
		if (in->kind == XR_PROTO_ETH) {
			snprintf(key, sizeof(key), "0x%04x", in->key);
			xj_str(&cli->j, "ethertype", key);
		} else {
			xj_u64(&cli->j, in->kind == XR_PROTO_IP6 ? "ip6proto" :
			       "ipproto", in->key);
		}
		xj_str(&cli->j, "prog", in->prog);
		xj_u64(&cli->j, "id", in->prog_id);
		xj_bool(&cli->j, "transit", in->flags & XR_PROTO_F_TRANSIT);
		xj_u64(&cli->j, "slot", slot);
		xj_str(&cli->j, "obj", in->obj);
		xj_str(&cli->j, "maps", dir);
		xj_bool(&cli->j, "dispatched", live);
		xj_obj_close(&cli->j);
		return;
	}
	printf("%s prog %s id %u%s slot %u obj %s maps %s%s\n",
	       xr_proto_key_str(in->kind, in->key, key, sizeof(key)), in->prog,
	       in->prog_id, in->flags & XR_PROTO_F_TRANSIT ? " transit" : "",
	       slot, in->obj, dir,
	       live ? "" : " (not dispatched: 'proto del' clears it)");
}

int xr_proto_show_apply(struct xr_cli *cli, struct xr_cmd *c)
{
	struct xr_proto_info in;
	__u32 s;

	if (cli->json)
		xj_arr_open(&cli->j, NULL);
	for (s = XR_PROTO_SLOT_ROUTER + 1; cli->have_state && s < XR_PROTO_SLOTS; s++)
		if (!bpf_map_lookup_elem(cli->st.m.proto_info, &s, &in) && in.kind)
			show_one(cli, s, &in);
	if (cli->json) {
		xj_arr_close(&cli->j);
		xj_end(&cli->j);
	}
	return 0;
}

int xr_proto_add_apply(struct xr_cli *cli, struct xr_cmd *c)
{
	struct xr_proto_req r = {
		.kind = c->proto.kind, .key = c->proto.key,
		.obj = c->proto.obj, .prog = c->proto.prog,
	};

	return xr_proto_add(&cli->st.m, cli->st.dir, &r) ? -1 : 0;
}

int xr_proto_del_apply(struct xr_cli *cli, struct xr_cmd *c)
{
	return xr_proto_del(&cli->st.m, cli->st.dir, c->proto.kind,
			    c->proto.key) ? -1 : 0;
}
