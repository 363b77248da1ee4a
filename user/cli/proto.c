// SPDX-License-Identifier: GPL-2.0
/*
 * xdp-router proto add {ethertype 0xNNNN|ipproto N} obj FILE [prog NAME]
 * xdp-router proto del {ethertype 0xNNNN|ipproto N}
 * xdp-router proto show
 * The protocol registry (lib/proto.c, docs/handlers.md).
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <bpf/bpf.h>
#include "cli/cli.h"
#include "lib/err.h"
#include "lib/proto.h"

int xr_proto_cmd_parse(int argc, char **argv, struct xr_cmd *c)
{
	int i = 0;

	if (argc == 0 || xr_matches(argv[0], "show") || !strcmp(argv[0], "list")) {
		c->kind = XR_CMD_PROTO_SHOW;
		if (argc > 1) {
			xr_err("unknown argument \"%s\"", xr_word(argv[1]));
			return -1;
		}
		return 0;
	}
	if (!strcmp(argv[0], "add"))
		c->kind = XR_CMD_PROTO_ADD;
	else if (!strcmp(argv[0], "del") || !strcmp(argv[0], "delete"))
		c->kind = XR_CMD_PROTO_DEL;
	else {
		xr_err("unknown proto command \"%s\" (add, del, show)", xr_word(argv[0]));
		return -1;
	}
	if (argc < 3) {
		xr_err("missing protocol: proto %s {ethertype 0xNNNN|ipproto N}",
		       argv[0]);
		return -1;
	}
	if (xr_proto_parse_key(argv[1], argv[2], &c->proto_kind, &c->proto_key))
		return -1;
	for (i = 3; i < argc; i++) {
		if (c->kind == XR_CMD_PROTO_ADD && !strcmp(argv[i], "obj")) {
			NEXT_ARG();
			c->obj = argv[i];
		} else if (c->kind == XR_CMD_PROTO_ADD && !strcmp(argv[i], "prog")) {
			NEXT_ARG();
			c->prog = argv[i];
		} else {
			xr_err("unknown argument \"%s\"", xr_word(argv[i]));
			return -1;
		}
	}
	if (c->kind == XR_CMD_PROTO_ADD && !c->obj) {
		xr_err("missing \"obj FILE\": the handler's BPF object");
		return -1;
	}
	return 0;
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
			xj_u64(&cli->j, "ipproto", in->key);
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

static int proto_show(struct xr_cli *cli)
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

int xr_proto_cmd_apply(struct xr_cli *cli, struct xr_cmd *c)
{
	struct xr_proto_req r = {
		.kind = c->proto_kind, .key = c->proto_key,
		.obj = c->obj, .prog = c->prog,
	};

	switch (c->kind) {
	case XR_CMD_PROTO_ADD:
		return xr_proto_add(&cli->st.m, cli->st.dir, &r) ? -1 : 0;
	case XR_CMD_PROTO_DEL:
		return xr_proto_del(&cli->st.m, cli->st.dir, c->proto_kind,
				    c->proto_key) ? -1 : 0;
	default:
		return proto_show(cli);
	}
}
