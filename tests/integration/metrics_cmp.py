#!/usr/bin/env python3
"""Checks on `xdp-router stats -o prometheus` output (test_metrics.sh).

  metrics_cmp.py lint PROM         every name: one HELP, one TYPE before its
                                   samples; counters end _total, others not
  metrics_cmp.py stats JSON PROM   the counters of `stats -j` and those of
                                   PROM: same values (as a multiset: the
                                   mapping of names is the program's), and
                                   the links' counters by link
  metrics_cmp.py same A B          A's xdp_router_* samples are B's (values
                                   compared as numbers: node_exporter
                                   prints floats)
  metrics_cmp.py get PROM SAMPLE   the value of SAMPLE (name{labels} as
                                   printed), exit 1 when absent
Prints what differs; exit 0 when the check holds.
"""
import json
import re
import sys

SAMPLE = re.compile(r'^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{.*\})? (\S+)$')
LABEL = re.compile(r'([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"')


def unescape(v):
    """A label value as written (\\\\, \\", \\n) as it is."""
    return re.sub(r'\\(.)', lambda m: '\n' if m.group(1) == 'n' else m.group(1), v)


def samples(path):
    """{(name, labels as sorted tuple): float} of every sample line."""
    out = {}
    with open(path) as f:
        for line in f:
            if line.startswith('#') or not line.strip():
                continue
            m = SAMPLE.match(line.rstrip('\n'))
            if not m:
                raise SystemExit(f'not a sample line: {line!r}')
            labels = tuple(sorted((k, unescape(v)) for k, v in
                                  LABEL.findall(m.group(2) or '')))
            out[(m.group(1), labels)] = float(m.group(3))
    return out


def types(path):
    with open(path) as f:
        return dict(re.findall(r'^# TYPE (\S+) (\S+)$', f.read(), re.M))


def lint(path):
    errs, seen, cur = [], set(), None
    lines = open(path).read().splitlines()
    for i, line in enumerate(lines):
        if line.startswith('# HELP '):
            name = line.split()[2]
            nxt = lines[i + 1] if i + 1 < len(lines) else ''
            if not nxt.startswith(f'# TYPE {name} '):
                errs.append(f'HELP {name} not followed by its TYPE')
            if name in seen:
                errs.append(f'{name}: a second HELP')
            seen.add(name)
            cur = name
        elif line.startswith('# TYPE '):
            _, _, name, typ = line.split()
            if name != cur:
                errs.append(f'TYPE {name} without its HELP before')
            if (typ == 'counter') != name.endswith('_total'):
                errs.append(f'{name}: a {typ} (counters, and only they, end _total)')
        else:
            name = SAMPLE.match(line).group(1)
            if name != cur:
                errs.append(f'sample {name} outside its HELP/TYPE block')
    if not seen:
        errs.append('no metrics')
    return errs


def stats(jpath, ppath):
    j = json.load(open(jpath))
    p, t = samples(ppath), types(ppath)
    jv = sorted(v for g, o in j.items() if g != 'links'
                for k, v in o.items() if isinstance(v, int) and
                not isinstance(v, bool) and k not in ('Table', 'Pid', 'SyncedMsAgo'))
    pv = sorted(int(v) for (n, _), v in p.items()
                if t[n] == 'counter' and not n.startswith('xdp_router_link_'))
    errs = [] if jv == pv else [f'counters differ: {len(jv)} in stats -j, '
                                f'{len(pv)} in prometheus']
    for link in j['links']:
        for k in ('rx_packets', 'rx_bytes', 'tx_packets', 'tx_bytes'):
            key = (f'xdp_router_link_{k}_total', (('link', link['ifname']),))
            if p.get(key) != link[k]:
                errs.append(f'{key}: {p.get(key)} != {link[k]}')
    return errs


def same(a, b):
    pa = {k: v for k, v in samples(a).items() if k[0].startswith('xdp_router_')}
    pb = {k: v for k, v in samples(b).items() if k[0].startswith('xdp_router_')}
    return [f'{k}: {pa.get(k)} != {pb.get(k)}' for k in sorted(set(pa) | set(pb))
            if pa.get(k) != pb.get(k)] + ([] if pa else ['no xdp_router_ samples'])


def get(path, want):
    m = SAMPLE.match(want + ' 0')
    key = (m.group(1), tuple(sorted((k, unescape(v)) for k, v in
                                    LABEL.findall(m.group(2) or ''))))
    v = samples(path).get(key)
    if v is None:
        return [f'{want}: absent']
    print(int(v))
    return []


def main():
    cmd, args = sys.argv[1], sys.argv[2:]
    errs = {'lint': lint, 'stats': stats, 'same': same, 'get': get}[cmd](*args)
    for e in errs[:20]:
        print(e, file=sys.stderr)
    sys.exit(1 if errs else 0)


if __name__ == '__main__':
    main()
