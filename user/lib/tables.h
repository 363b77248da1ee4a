/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Every table the control plane reads and writes, for the code that uses
 * most of them (the CLI, tests, benchmarks). The library itself includes
 * the one header it needs.
 */
#ifndef XR_TABLES_H
#define XR_TABLES_H

#include "lib/addr4.h"      /* the router's addresses, their FIB entries */
#include "lib/addr6.h"      /* ... IPv6's */
#include "lib/counters.h"   /* counters, link and slow-path stats */
#include "lib/fib4.h"       /* the FIB mapped, its writer mark */
#include "lib/fib6.h"       /* ... the IPv6 FIB mapped beside it */
#include "lib/ifaces.h"     /* the attached links' entries */
#include "lib/neigh4.h"     /* neighbours, next-hop rewrites */
#include "lib/neigh6.h"     /* ... IPv6's (ndisc) */
#include "lib/route4.h"     /* routes, the FIB kept in step */
#include "lib/route6.h"     /* ... IPv6's */

#endif
