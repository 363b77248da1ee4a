// SPDX-License-Identifier: GPL-2.0
/*
 * Batch files (batch.h): lines read, split into words, and parsed into
 * commands (cmds.c) or, for a `daemon` line, checked as the daemon's
 * options.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include "cli/batch.h"
#include "lib/err.h"

static int blank(char ch)
{
	return ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n';
}

/* One word from p (quotes group) ended in place; where the next starts,
 * or NULL after an error line. */
static char *one_word(char *p)
{
	char *out = p;

	while (*p && !blank(*p)) {
		if (*p == '"' || *p == '\'') {
			char q = *p++;

			while (*p && *p != q)
				*out++ = *p++;
			if (*p != q) {
				xr_err("unterminated quote");
				return NULL;
			}
			p++;
		} else {
			*out++ = *p++;
		}
	}
	if (*p)
		p++;
	*out = '\0';
	return p;
}

/* Split a batch line into words: blanks separate, quotes group, '#'
 * starts a comment. Returns the word count, or -1. */
static int split_line(char *line, char **w, int max)
{
	int n = 0;
	char *p = line;

	for (;;) {
		while (blank(*p))
			p++;
		if (!*p || *p == '#')
			return n;
		if (n == max) {
			xr_err("too many words");
			return -1;
		}
		w[n++] = p;
		if (!(p = one_word(p)))
			return -1;
	}
}

typedef int (*line_fn)(void *arg, int nw, char **w, int lineno);

/* Each line of f with words, to fn; got bytes read (a NUL ends none). */
static int each_line(FILE *f, const char *file, line_fn fn, void *arg)
{
	char *buf = NULL, *w[XR_BATCH_WORDS];
	size_t len = 0;
	ssize_t got;
	int lineno = 0, nw, err = 0;

	while (!err && (got = getline(&buf, &len, f)) >= 0) {
		xr_err_line = ++lineno;
		if (strlen(buf) != (size_t)got) {
			xr_err("a NUL byte at column %zu", strlen(buf) + 1);
			err = -1;
		} else if ((nw = split_line(buf, w, XR_BATCH_WORDS)) != 0) {
			err = nw < 0 ? -1 : fn(arg, nw, w, lineno);
		}
	}
	if (!err && ferror(f)) {
		xr_err_line = 0;
		xr_err("cannot read batch file \"%s\"", xr_word(file));
		err = -1;
	}
	xr_err_line = 0;
	free(buf);
	return err;
}

static int each_line_of(const char *file, line_fn fn, void *arg)
{
	FILE *f = strcmp(file, "-") ? fopen(file, "r") : stdin;
	int err;

	if (!f) {
		xr_err("cannot open batch file \"%s\": %s", xr_word(file),
		       strerror(errno));
		return -1;
	}
	err = each_line(f, file, fn, arg);
	if (f != stdin)
		fclose(f);
	return err;
}

/* The one daemon line a file may have. */
static int daemon_once(int *have, int lineno)
{
	if (*have) {
		xr_err("a second \"daemon\" line (the first is line %d)", *have);
		return -1;
	}
	*have = lineno;
	return 0;
}

/* Room for one more command. */
static int batch_grow(struct xr_batch *b)
{
	struct xr_cmd *c2;

	if (b->n < b->cap)
		return 0;
	b->cap = b->cap ? b->cap * 2 : 256;
	c2 = realloc(b->cmds, b->cap * sizeof(*c2));
	if (!c2) {
		xr_err("out of memory");
		return -1;
	}
	b->cmds = c2;
	return 0;
}

/* A command of the line's words, its family -4/-6 when its first word
 * says so (as the option would). */
static int parse_cmd(int nw, char **w, struct xr_cmd *c)
{
	int fam = xr_cli_family, err;

	if (nw > 1 && (!strcmp(w[0], "-4") || !strcmp(w[0], "-6"))) {
		xr_cli_family = w[0][1] == '4' ? AF_INET : AF_INET6;
		err = xr_cmd_parse(nw - 1, w + 1, c);
		xr_cli_family = fam;
		return err;
	}
	return xr_cmd_parse(nw, w, c);
}

static int batch_line(void *arg, int nw, char **w, int lineno)
{
	struct xr_batch *b = arg;
	struct xr_cmd *c;

	if (!strcmp(w[0], "daemon"))
		return daemon_once(&b->daemon_line, lineno) ? -1 :
		       xr_daemon_decl(nw - 1, w + 1, &b->daemon);
	if (batch_grow(b))
		return -1;
	c = &b->cmds[b->n];
	if (parse_cmd(nw, w, c)) {
		xr_cmd_free(c);
		return -1;
	}
	b->n++;
	if (b->allow && b->allow(c))
		return -1;
	if (c->def->nobatch) {
		xr_err("\"%s\" is not allowed in a batch", c->def->nobatch);
		return -1;
	}
	c->line = lineno;
	return 0;
}

int xr_batch_read(const char *file, struct xr_batch *b)
{
	int (*allow)(const struct xr_cmd *c) = b->allow;

	memset(b, 0, sizeof(*b));
	b->allow = allow;
	xr_daemon_opts_init(&b->daemon);
	return each_line_of(file, batch_line, b);
}

int xr_batch_add_line(struct xr_batch *b, char *line, int lineno)
{
	char *w[XR_BATCH_WORDS];
	int nw, err;

	xr_err_line = lineno;
	nw = split_line(line, w, XR_BATCH_WORDS);
	err = nw <= 0 ? nw : batch_line(b, nw, w, lineno);
	xr_err_line = 0;
	return err;
}

void xr_batch_free(struct xr_batch *b)
{
	while (b->cmds && b->n--)
		xr_cmd_free(&b->cmds[b->n]);
	free(b->cmds);
	b->cmds = NULL;
	xr_daemon_opts_free(&b->daemon);
}

struct dline {
	struct xr_daemon_opts *o;
	int have;
};

static int daemon_line(void *arg, int nw, char **w, int lineno)
{
	struct dline *d = arg;
	struct xr_daemon_opts alone;
	int err;

	if (strcmp(w[0], "daemon"))
		return 0;
	if (daemon_once(&d->have, lineno))
		return -1;
	err = xr_daemon_decl(nw - 1, w + 1, &alone);   /* the line on its own */
	xr_daemon_opts_free(&alone);
	return err ? -1 : xr_daemon_parse_opts(nw - 1, w + 1, d->o);
}

int xr_batch_daemon_opts(const char *file, struct xr_daemon_opts *o)
{
	struct dline d = { o, 0 };
	int err;

	xr_err_file = file;
	err = each_line_of(file, daemon_line, &d);
	xr_err_file = NULL;
	return err;
}
