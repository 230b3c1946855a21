#!/usr/bin/env bash
# pairx.sh TREE "FLAGS_A" "FLAGS_B" ROUNDS: the same tree, two flag sets, alternating
J=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
CP="$1/cadre-bench/target/classes:$(cat "$1/cadre-bench/target/classpath.txt")"
for r in $(seq 1 $4); do
  for v in a b; do
    F=$([ $v = a ] && echo "$2" || echo "$3")
    $J -Xms4g -Xmx4g -XX:+UseG1GC --sun-misc-unsafe-memory-access=allow ${EXTRA:-} $F -cp "$CP" dev.cadre.bench.versus.Child cadre ${W:-6} ${I:-15} pingpong-parallel=${SIZE:-20480000} 2>/dev/null \
      | grep RESULT | sed 's/.*throughput=\([^ ]*\).*/\1/' | awk -v v=$v -v r=$r '{s=s" "sprintf("%.0f",$1/1e6)} END{print v, r, s}'
  done
done
