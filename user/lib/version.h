/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The build's version, and the build a running program was loaded by
 * (the xr_build string in its .rodata, bpf/lib/maps.h).
 */
#ifndef XR_VERSION_H
#define XR_VERSION_H

#include <stddef.h>
#include <stdint.h>

/* "0.1.0-<git describe>" of this binary. */
const char *xr_build_version(void);
/* Write it into a program's xr_build (.rodata, before the load). */
void xr_build_set(volatile char *xr_build, size_t len);
/* The build program id was loaded by; -ENOENT when it carries none (a
 * build before versions). */
int xr_prog_build(uint32_t prog_id, char *buf, size_t len);

#endif
