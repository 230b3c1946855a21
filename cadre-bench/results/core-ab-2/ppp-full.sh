#!/usr/bin/env bash
# ppp-full.sh TREE_OLD TREE_NEW ROUNDS OUT: pingpong-parallel at the head-to-head's full size and protocol (2 warm-ups + 5 iterations), alternating
J=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
cp_of() { echo "$1/cadre-bench/target/classes:$(cat "$1/cadre-bench/target/classpath.txt")"; }
OLD=$(cp_of $1); NEW=$(cp_of $2); : > $4
for r in $(seq 1 $3); do
  for v in old new; do
    if [ $((r % 2)) -eq 0 ]; then v=$([ $v = old ] && echo new || echo old); fi
    CP=$([ $v = old ] && echo "$OLD" || echo "$NEW")
    $J -Xms4g -Xmx4g -XX:+UseG1GC --sun-misc-unsafe-memory-access=allow ${EXTRA:-} -cp "$CP" dev.cadre.bench.versus.Child cadre 2 5 pingpong-parallel=20480000 2>/dev/null | grep RESULT | sed "s/^/$v $r /" >> $4
  done
done
python3 - $4 <<'PY'
import sys,re,statistics as st,random
d={'old':[],'new':[]}; per={'old':{},'new':{}}
for l in open(sys.argv[1]):
    f=l.split(); t=float(re.search(r'throughput=(\S+)',l).group(1)); d[f[0]].append(t); per[f[0]].setdefault(f[1],[]).append(t)
for k in d: print(k,len(d[k]),'median %.1fM'%(st.median(d[k])/1e6))
r=st.median(d['new'])/st.median(d['old'])
# bootstrap over rounds (JVM = unit)
ro=list(per['old'].values()); rn=list(per['new'].values())
bs=[]
for _ in range(2000):
    a=[x for g in random.choices(ro,k=len(ro)) for x in g]; b=[x for g in random.choices(rn,k=len(rn)) for x in g]
    bs.append(st.median(b)/st.median(a))
bs.sort(); print('new/old medians %.3f (95%% over JVMs %.3f-%.3f), means %.3f'%(r,bs[50],bs[1950],st.mean(d['new'])/st.mean(d['old'])))
PY
