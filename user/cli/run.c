// SPDX-License-Identifier: GPL-2.0
/*
 * The run of commands (a command, a batch, apply's plan): every one
 * checked under the state's shared lock against what the earlier ones
 * leave (the overlay), then all applied under the exclusive lock
 * (docs/state.md, Locking).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "cli/cli.h"
#include "lib/err.h"
#include "lib/gen.h"
#include "lib/sync.h"

/* A route or neighbour write while a daemon mirrors the kernel (or
 * FRR): refused in one line, before anything of the batch is applied.
 * s: xr_sync as read once for the pass over the commands (a batch of a
 * million routes asks the map once, not once a line). */
static int sync_refuses(struct xr_cli *cli, const struct xr_cmd *c,
			const struct xr_sync *s)
{
	const char *why;

	if (!(c->def->flags & XR_CMD_SYNCED) || !cli->have_state)
		return 0;
	why = xr_sync_refusal(s, c->def->obj == XR_OBJ_NEIGH);
	if (why)
		xr_err("%s", why);
	return why != NULL;
}

static void sync_read(struct xr_cli *cli, struct xr_sync *s)
{
	if (cli->have_state)
		xr_sync_get(&cli->st.m, s);
	else
		memset(s, 0, sizeof(*s));
}

static int sync_refuses_any(struct xr_cli *cli, const struct xr_cmd *cmds,
			    size_t n)
{
	struct xr_sync s;
	size_t i;

	sync_read(cli, &s);
	if (!xr_sync_refusal(&s, 0) && !xr_sync_refusal(&s, 1))
		return 0;        /* nobody follows the kernel: no command to ask */
	for (i = 0; i < n; i++) {
		xr_err_line = cmds[i].line;
		if (sync_refuses(cli, &cmds[i], &s))
			return 1;
	}
	xr_err_line = 0;
	return 0;
}

int xr_cli_check(struct xr_cli *cli, struct xr_cmd *cmds, size_t n)
{
	struct xr_sync s;
	size_t i;

	sync_read(cli, &s);
	if (xr_ov_reserve(&cli->ov, n))
		return 1;
	for (i = 0; i < n; i++) {
		xr_err_line = cmds[i].line;
		if (sync_refuses(cli, &cmds[i], &s))
			return 1;
		if (cmds[i].def->check && cmds[i].def->check(cli, &cmds[i]))
			return 1;
	}
	xr_err_line = 0;
	return 0;
}

/* The kinds of state the checks of these commands read: neighbours only
 * when there is a neighbour command (the daemon writes neighbours all
 * the time; a batch of routes need not care). */
static unsigned int checks_read(const struct xr_cmd *cmds, size_t n)
{
	unsigned int mask = 1u << XR_GEN_CONFIG;
	size_t i;

	for (i = 0; i < n; i++)
		if (cmds[i].def->flags & XR_CMD_NEIGH)
			mask |= 1u << XR_GEN_NEIGH;
	return mask;
}

/* apply's plan was made from the state as it was (cli->plan_gen): a
 * writer came in between, so it may not make the state the file's. */
static int plan_moved(const struct xr_state_gen *plan,
		      const struct xr_state_gen *now)
{
	if (!xr_gen_moved(plan, now, 1u << XR_GEN_CONFIG))
		return 0;
	xr_err("the configuration changed while apply made its plan (another "
	       "writer): nothing changed; run apply again");
	return 1;
}

/*
 * The one place where a command takes the state's exclusive lock, after
 * its checks ran under the shared one (docs/state.md, Locking). When a
 * writer came in between (a generation moved), the checks run again,
 * now under the exclusive lock, before anything is written.
 */
static int write_lock(struct xr_cli *cli, struct xr_cmd *cmds, size_t n,
		      const struct xr_state_gen *seen)
{
	struct xr_state_gen now;
	int err;

	if (cli->st.lock_fd < 0)
		return 0;               /* no state at all: reset */
	err = xr_state_lock(&cli->st, 1);
	if (err) {
		xr_err("cannot lock %s: %s", cli->st.dir, strerror(-err));
		return 1;
	}
	if (!cli->have_state)
		return 0;
	/* reset removes whatever is there now: a reset or an upgrade that
	 * came first is no reason to stop, nor anything to repair */
	if (n == 1 && (cmds[0].def->flags & XR_CMD_RESET))
		return 0;
	if (xr_state_writing(&cli->st))
		return 1;
	/* a daemon that started following the kernel meanwhile set xr_sync
	 * without a lock or a generation: asked again, whatever moved */
	if (sync_refuses_any(cli, cmds, n))
		return 1;
	xr_gen_read(&cli->st.m, &now);
	if (cli->plan_gen && plan_moved(cli->plan_gen, &now))
		return 1;
	/* the commands asked what they read only when something moved */
	if (xr_gen_moved(seen, &now, XR_GEN_ALL) &&
	    xr_gen_moved(seen, &now, checks_read(cmds, n))) {
		xr_ov_free(&cli->ov);
		memset(cli->gw_cache, 0, sizeof(cli->gw_cache));
		if (xr_cli_check(cli, cmds, n))
			return 1;
	}
	xr_gen_bump(&cli->st.m, XR_GEN_ALL);
	return 0;
}

/* How many commands from c on apply as one run (apply_run): 1 when
 * c has none. */
static size_t run_len(const struct xr_cmd *c, size_t n)
{
	size_t k = 1;

	while (c->def->apply_run && k < n &&
	       c[k].def->apply_run == c->def->apply_run)
		k++;
	return k;
}

static int apply_all(struct xr_cli *cli, struct xr_cmd *cmds, size_t n)
{
	size_t i, k;
	int err;

	for (i = 0; i < n; i += k) {
		const struct xr_cmd_def *d = cmds[i].def;

		k = run_len(&cmds[i], n - i);
		xr_err_line = cmds[i].line;
		err = k > 1 ? d->apply_run(cli, &cmds[i], k) : d->apply(cli, &cmds[i]);
		if (err)
			return 1;
	}
	xr_err_line = 0;
	return 0;
}

/* xr_cli_run_opened, whether any command writes known (one pass over a
 * million commands less). */
static int run_checked(struct xr_cli *cli, struct xr_cmd *cmds, size_t n,
		       const struct xr_state_gen *seen, int writes)
{
	if (xr_cli_check(cli, cmds, n))
		return 1;
	if (writes && write_lock(cli, cmds, n, seen))
		return 1;
	return apply_all(cli, cmds, n);
}

int xr_cli_run_opened(struct xr_cli *cli, struct xr_cmd *cmds, size_t n,
		      const struct xr_state_gen *seen)
{
	int writes = 0;
	size_t i;

	for (i = 0; i < n; i++)
		writes |= xr_cmd_writes(&cmds[i]);
	return run_checked(cli, cmds, n, seen, writes);
}

int xr_cli_open(struct xr_cli *cli, int writes, int reset,
		struct xr_state_gen *seen)
{
	int err;

	if (xr_check_privileges())
		return 1;
	err = xr_state_open(&cli->st, writes && !reset ? XR_STATE_CREATE : 0);
	/* no state is no error for readers and reset (which also clears
	 * a state it cannot open, -EIO); a writer must have one */
	if (err && !((err == -ENOENT && (!writes || reset)) ||
		     (reset && err == -EIO)))
		return 1;
	cli->have_state = !err;
	memset(seen, 0, sizeof(*seen));
	if (cli->have_state)
		xr_gen_read(&cli->st.m, seen);
	return 0;
}

/* Check every command under the shared lock, then apply every command
 * under the exclusive one. A command's line is its batch line number
 * for messages (0 for a single command). */
int xr_cli_run(struct xr_cli *cli, struct xr_cmd *cmds, size_t n)
{
	struct xr_state_gen seen;
	int writes = 0, reset = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		writes |= xr_cmd_writes(&cmds[i]);
		reset |= !!(cmds[i].def->flags & XR_CMD_RESET);
	}
	if (xr_cli_open(cli, writes, reset, &seen))
		return 1;
	return run_checked(cli, cmds, n, &seen, writes);
}

