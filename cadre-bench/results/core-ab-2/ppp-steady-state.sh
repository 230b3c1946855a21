#!/usr/bin/env bash
# ppp.sh ROUNDS "EXTRA_NEW_FLAGS": pingpong-parallel, old (96b35ae) vs new (main), alternating JVMs, 5 warm-ups + 20 iterations each
J=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
cp_of() { echo "$1/cadre-bench/target/classes:$(cat "$1/cadre-bench/target/classpath.txt")"; }
OLD=$(cp_of /work/wt-determinism); NEW=$(cp_of /work/main)
for r in $(seq 1 $1); do
  for v in old new; do
    CP=$([ $v = old ] && echo "$OLD" || echo "$NEW"); X=$([ $v = new ] && echo "$2" || echo "${3:-}")
    $J -Xms4g -Xmx4g -XX:+UseG1GC --sun-misc-unsafe-memory-access=allow $X -cp "$CP" dev.cadre.bench.versus.Child cadre ${W:-5} ${I:-20} pingpong-parallel=${SIZE:-4096000} 2>/dev/null \
      | grep RESULT | sed 's/.*throughput=\([^ ]*\).*/\1/' | awk -v v=$v -v r=$r '{s=s" "sprintf("%.0f",$1/1e6)} END{print v, r, s}'
  done
done
