#!/usr/bin/env bash
# fulltrees.sh ROUNDS OUT TREE_A TREE_B ...: the whole Cadre remote bench (1 rep) per tree, alternating
R=$1; OUT=$2; shift 2
J=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
: > $OUT
for r in $(seq 1 $R); do
  sets=("$@"); idx=$(seq 0 $((${#sets[@]}-1))); [ $((r%2)) -eq 0 ] && idx=$(echo $idx | tr ' ' '\n' | tac)
  for i in $idx; do
    T=${sets[$i]}; CP="$T/cadre-bench/target/classes:$(cat $T/cadre-bench/target/classpath.txt)"
    $J -cp "$CP" dev.cadre.bench.remote.RemoteBench --contenders cadre --reps 1 ${BENCHARGS:-} 2>/dev/null | grep -E "^  cadre" | sed "s/^/$i $r /" | tee -a $OUT
  done
done
python3 - $OUT <<'PY'
import sys,statistics as st,collections
d=collections.defaultdict(list)
for l in open(sys.argv[1]):
    f=l.split(); k=(f[0],f[3]); v=f[f.index('...')+1:]
    d[k].append([float(x) for x in v])
for k in sorted(d):
    v=d[k]
    if k[1]=='pingpong': print(k, 'rt/s',[int(x[0]) for x in v],'p50',[int(x[1]) for x in v],'p99',[int(x[2]) for x in v])
    elif k[1].startswith('oneway'): print(k, 'M msgs/s', ['%.1f'%(x[0]/1e6) for x in v])
    else: print(k, 'heap MB first/max', [(x[3],x[4]) for x in v])
PY
