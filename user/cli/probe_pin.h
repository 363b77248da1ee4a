/* SPDX-License-Identifier: GPL-2.0 */
/*
 * route get's probe kept loaded in the state (docs/state.md, "The route
 * get probe"): loaded and verified once, pinned in <state>/probe/ under
 * a name that is this build's probe and the state's layout, with its
 * .bss (the run's input and output); runs are serialized by an flock on
 * that directory.
 */
#ifndef XR_CLI_PROBE_PIN_H
#define XR_CLI_PROBE_PIN_H

#include "cli/cli.h"

struct xr_probe_pin {
	int dir_fd;     /* <state>/probe, opened: its flock serializes runs */
	int prog_fd;
	int bss_fd;     /* the probe's .bss, one element */
	int loaded;     /* 1: this process loaded and pinned it */
};

/* The pinned probe of this build, made (under the directory's lock)
 * when there is none or it is not on the state's maps. */
int xr_probe_pin_get(struct xr_cli *cli, struct xr_probe_pin *p);
/* The pin's name for this build ("prog-<hex>"; "bss-<hex>" beside). */
void xr_probe_pin_name(char *buf, size_t len, const char *kind);
int xr_probe_pin_lock(const struct xr_probe_pin *p);
void xr_probe_pin_unlock(const struct xr_probe_pin *p);

#endif
