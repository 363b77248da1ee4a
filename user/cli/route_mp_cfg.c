// SPDX-License-Identifier: GPL-2.0
/*
 * xdp-router [-4|-6] route multipath [show]
 * xdp-router [-4|-6] route multipath hash-policy l3|l4
 *
 * The flow hash's policy per family (xr_mp_cfg; the kernel's
 * net.ipv4.fib_multipath_hash_policy and net.ipv6's, 0 and 1): shown,
 * or set for the family -4/-6 names, else for both.
 */
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include "cli/cli.h"
#include "lib/err.h"
#include "lib/nhg.h"

/* The row of route multipath hash-policy (no word selects it). */
static const struct xr_cmd_def *set_row(void)
{
	size_t i;

	for (i = 0; i < xr_ncmds; i++)
		if (xr_cmds[i].obj == XR_OBJ_ROUTE && xr_cmds[i].apply ==
		    xr_route_mp_set_apply)
			return &xr_cmds[i];
	return NULL;
}

static int parse_policy(int argc, char **argv, struct xr_cmd *c)
{
	c->def = set_row();
	if (argc < 3) {
		xr_err("missing POLICY after \"hash-policy\" (l3, l4)");
		return -1;
	}
	if (xr_name_parse(&xr_mp_policy_names, argv[2], &c->route.policy)) {
		xr_err("unknown hash policy \"%s\" (l3, l4)", xr_word(argv[2]));
		return -1;
	}
	return xr_parse_end(argc, argv, 3);
}

/* argv[0] is "multipath" */
int xr_route_mp_parse(int argc, char **argv, struct xr_cmd *c)
{
	if (argc > 1 && !strcmp(argv[1], "hash-policy"))
		return parse_policy(argc, argv, c);
	if (argc > 1 && (xr_matches(argv[1], "show") || xr_matches(argv[1], "list")))
		return xr_parse_end(argc, argv, 2);
	return xr_parse_end(argc, argv, 1);
}

/* The families a command names: -4 or -6, else both. */
static int fams(const struct xr_cmd *c, int *f)
{
	if (c->family) {
		f[0] = c->family;
		return 1;
	}
	f[0] = AF_INET;
	f[1] = AF_INET6;
	return 2;
}

int xr_route_mp_show_apply(struct xr_cli *cli, struct xr_cmd *c)
{
	struct xr_mp_cfg cfg = { 0 };
	int f[2], n = fams(c, f), k, err;
	const char *pol;

	if (cli->have_state && (err = xr_mp_cfg_get(&cli->st.m, &cfg))) {
		xr_err("cannot read the multipath settings: %s", strerror(-err));
		return err;
	}
	if (cli->json)
		xj_arr_open(&cli->j, NULL);
	for (k = 0; k < n; k++) {
		pol = xr_name_of(&xr_mp_policy_names,
				 f[k] == AF_INET6 ? cfg.policy6 : cfg.policy4, "?");
		if (!cli->json) {
			printf("%s hash-policy %s\n", f[k] == AF_INET6 ? "inet6" : "inet",
			       pol);
			continue;
		}
		xj_obj_open(&cli->j, NULL);
		xj_str(&cli->j, "family", f[k] == AF_INET6 ? "inet6" : "inet");
		xj_str(&cli->j, "hash_policy", pol);
		xj_obj_close(&cli->j);
	}
	if (cli->json) {
		xj_arr_close(&cli->j);
		xj_end(&cli->j);
	}
	return 0;
}

int xr_route_mp_set_apply(struct xr_cli *cli, struct xr_cmd *c)
{
	int f[2], n = fams(c, f), k, err = 0;

	for (k = 0; !err && k < n; k++)
		err = xr_mp_cfg_set_policy(&cli->st.m, f[k] == AF_INET6,
					   (uint8_t)c->route.policy);
	if (err)
		xr_err("cannot set the hash policy: %s", strerror(-err));
	return err;
}
