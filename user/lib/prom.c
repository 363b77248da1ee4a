// SPDX-License-Identifier: GPL-2.0
/* The Prometheus text exposition format (prom.h). */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include "lib/prom.h"

struct xr_prom_sample {
	char *name;
	char *labels;              /* {a="x",b="y"} escaped, or "" */
	char *help;
	char *note;                /* NULL: none */
	const char *type;
	uint64_t v;
	size_t seq;                /* the order added: a name's samples keep it */
};

/* s into a malloc'd string, escaped as a label value (\\, \", \n) or,
 * quote 0, as HELP text (\\, \n). */
static char *escape(const char *s, int quote)
{
	char *o = malloc(strlen(s) * 2 + 1), *w = o;

	for (; o && *s; s++) {
		if (*s == '\\' || *s == '\n' || (quote && *s == '"'))
			*w++ = '\\';
		*w++ = *s == '\n' ? 'n' : *s;
	}
	if (o)
		*w = '\0';
	return o;
}

/* The label pairs of ap, escaped, as one malloc'd string ("" when
 * none); NULL: out of memory. */
static char *labels(va_list ap)
{
	const char *k;
	char *o = NULL, *e;
	size_t len, n = 0;
	int bad = 0;
	FILE *f = open_memstream(&o, &len);

	if (!f)
		return NULL;
	while ((k = va_arg(ap, const char *))) {
		e = escape(va_arg(ap, const char *), 1);
		bad |= !e;
		fprintf(f, "%s%s=\"%s\"", n++ ? "," : "{", k, e ? e : "");
		free(e);
	}
	if (n)
		fputc('}', f);
	if (fclose(f) || bad) {
		free(o);
		return NULL;
	}
	return o;
}

static int grow(struct xr_prom *p)
{
	struct xr_prom_sample *s;
	size_t cap = p->cap ? p->cap * 2 : 256;

	if (p->n < p->cap)
		return 0;
	s = realloc(p->s, cap * sizeof(*s));
	if (!s)
		return -ENOMEM;
	p->s = s;
	p->cap = cap;
	return 0;
}

void xr_prom_add(struct xr_prom *p, const char *type, const char *name,
		 const char *help, const char *note, uint64_t v, ...)
{
	struct xr_prom_sample *s;
	va_list ap;

	if (p->err || (p->err = grow(p)))
		return;
	s = &p->s[p->n];
	va_start(ap, v);
	s->labels = labels(ap);
	va_end(ap);
	s->name = strdup(name);
	s->help = escape(help, 0);
	s->note = note ? escape(note, 0) : NULL;
	s->type = type;
	s->v = v;
	s->seq = p->n++;
	if (!s->labels || !s->name || !s->help || (note && !s->note))
		p->err = -ENOMEM;
}

static int by_name(const void *a, const void *b)
{
	const struct xr_prom_sample *x = a, *y = b;
	int c = strcmp(x->name, y->name);

	return c ? c : (x->seq > y->seq) - (x->seq < y->seq);
}

/* Whether s[i]'s note is one of s[0..i)'s. */
static int note_seen(const struct xr_prom_sample *s, size_t i)
{
	size_t k;

	for (k = 0; k < i; k++)
		if (s[k].note && !strcmp(s[k].note, s[i].note))
			return 1;
	return 0;
}

/* HELP of the name of s[0..n): the first's text, then the distinct
 * notes; TYPE. */
static void print_help(FILE *f, const struct xr_prom_sample *s, size_t n)
{
	size_t i;
	const char *sep = " ";

	fprintf(f, "# HELP %s %s", s[0].name, s[0].help);
	for (i = 0; i < n; i++) {
		if (!s[i].note || note_seen(s, i))
			continue;
		fprintf(f, "%s%s", sep, s[i].note);
		sep = ", ";
	}
	fprintf(f, "\n# TYPE %s %s\n", s[0].name, s[0].type);
}

int xr_prom_print(struct xr_prom *p, FILE *f)
{
	size_t i, k;
	int err = p->err;

	if (!err && p->n)
		qsort(p->s, p->n, sizeof(*p->s), by_name);
	for (i = 0; !err && i < p->n; i = k) {
		for (k = i; k < p->n && !strcmp(p->s[k].name, p->s[i].name); k++)
			;
		print_help(f, &p->s[i], k - i);
		for (; i < k; i++)
			fprintf(f, "%s%s %llu\n", p->s[i].name, p->s[i].labels,
				(unsigned long long)p->s[i].v);
	}
	if (!err && (fflush(f) || ferror(f)))
		err = -(errno ? errno : EIO);
	xr_prom_free(p);
	return err;
}

void xr_prom_free(struct xr_prom *p)
{
	size_t i;

	for (i = 0; i < p->n; i++) {
		free(p->s[i].name);
		free(p->s[i].labels);
		free(p->s[i].help);
		free(p->s[i].note);
	}
	free(p->s);
	memset(p, 0, sizeof(*p));
}

/* Whether a word starts at camel[i]: an upper case letter after a lower
 * case one or a digit, or the last of a run of capitals before a lower
 * case letter ("XMLFile"), but not before a plural's lone 's' ("OKs"). */
static int word_start(const char *c, size_t i)
{
	if (!i || !isupper((unsigned char)c[i]))
		return 0;
	if (islower((unsigned char)c[i - 1]) || isdigit((unsigned char)c[i - 1]))
		return 1;
	return islower((unsigned char)c[i + 1]) &&
	       !(c[i + 1] == 's' && !islower((unsigned char)c[i + 2]));
}

void xr_prom_snake(const char *camel, char *out, size_t len)
{
	size_t i, w = 0;

	for (i = 0; camel[i] && w + 2 < len; i++) {
		if (word_start(camel, i))
			out[w++] = '_';
		out[w++] = (char)tolower((unsigned char)camel[i]);
	}
	out[w] = '\0';
}
