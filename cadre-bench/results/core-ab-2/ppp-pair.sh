#!/usr/bin/env bash
# pair.sh TREE_A TREE_B ROUNDS: pingpong-parallel at full size, W warm-ups + I iterations per JVM, alternating
J=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
cp_of() { echo "$1/cadre-bench/target/classes:$(cat "$1/cadre-bench/target/classpath.txt")"; }
A=$(cp_of $1); B=$(cp_of $2)
for r in $(seq 1 $3); do
  for v in a b; do
    if [ $((r % 2)) -eq 0 ]; then v=$([ $v = a ] && echo b || echo a); fi
    CP=$([ $v = a ] && echo "$A" || echo "$B")
    $J -Xms4g -Xmx4g -XX:+UseG1GC --sun-misc-unsafe-memory-access=allow ${EXTRA:-} -cp "$CP" dev.cadre.bench.versus.Child cadre ${W:-6} ${I:-15} pingpong-parallel=${SIZE:-20480000} 2>/dev/null \
      | grep RESULT | sed 's/.*throughput=\([^ ]*\).*/\1/' | awk -v v=$v -v r=$r '{s=s" "sprintf("%.0f",$1/1e6)} END{print v, r, s}'
  done
done
