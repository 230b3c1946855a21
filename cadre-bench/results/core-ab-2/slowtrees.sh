#!/usr/bin/env bash
# slowtrees.sh ROUNDS OUT TREE_A TREE_B: pingpong-parallel full size, 2 warm-ups + ITER iterations per JVM, trees alternating; counts slow iterations
R=$1; OUT=$2; shift 2
J=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
: > $OUT
for r in $(seq 1 $R); do
  sets=("$@"); idx=$(seq 0 $((${#sets[@]}-1))); [ $((r%2)) -eq 0 ] && idx=$(echo $idx | tr ' ' '\n' | tac)
  for i in $idx; do
    T=${sets[$i]}; CP="$T/cadre-bench/target/classes:$(cat $T/cadre-bench/target/classpath.txt)"
    $J -Xms4g -Xmx4g -XX:+UseG1GC --sun-misc-unsafe-memory-access=allow -cp "$CP" dev.cadre.bench.versus.Child cadre 2 ${ITER:-20} pingpong-parallel=20480000 2>/dev/null | grep RESULT | sed 's/.*throughput=\([^ ]*\).*/\1/' | awk -v v=$i -v r=$r '{s=s" "sprintf("%.0f",$1/1e6)} END{print v, r, s}' | tee -a $OUT
  done
done
python3 - $OUT <<'PY'
import sys,statistics as st
d={}
for l in open(sys.argv[1]):
    f=l.split(); d.setdefault(f[0],[]).extend(int(x) for x in f[2:])
for k,v in sorted(d.items()): print(k,len(v),'median',st.median(v),'mean %.1f'%st.mean(v),'slow(<95) %d'%sum(x<95 for x in v))
PY
