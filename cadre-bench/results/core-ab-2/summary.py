import sys, re, statistics, random
rows = {}
for line in open(sys.argv[1]):
    p = line.split()
    if len(p) < 4 or p[2] != 'RESULT': continue
    v, rnd = p[0], p[1]
    kv = dict(x.split('=', 1) for x in p[3:] if '=' in x)
    sc = kv['scenario']
    for k, val in kv.items():
        if k in ('scenario','iteration','cores','load1') or k.startswith('gc.') or k.startswith('cpu.') or k == 'region.s': continue
        try: f = float(val)
        except: continue
        rows.setdefault((sc, k), {}).setdefault(v, []).append(f)
random.seed(1)
print("| scenario | metric | old median | new median | new/old | 95% bootstrap |")
print("|---|---|---|---|---|---|")
for (sc, k), d in rows.items():
    if 'old' not in d or 'new' not in d: continue
    o, n = d['old'], d['new']
    r = statistics.median(n) / statistics.median(o)
    bs = sorted(statistics.median(random.choices(n, k=len(n))) / statistics.median(random.choices(o, k=len(o))) for _ in range(2000))
    print(f"| {sc} | {k} | {statistics.median(o):.4g} | {statistics.median(n):.4g} | {r:.3f} | {bs[50]:.2f}–{bs[1949]:.2f} |")
