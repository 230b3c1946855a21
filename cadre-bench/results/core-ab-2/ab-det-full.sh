#!/usr/bin/env bash
# A/B of the Cadre side alone: the issue-10 core (bench branch e1dc0a2) vs the refactored core
# (main after issue 11), the same harness Child, alternating JVMs, quick sizes.
JAVA=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
OLD="/work/wt-determinism/cadre-bench/target/classes:$(cat /work/wt-determinism/cadre-bench/target/classpath.txt)"
NEW="$1/cadre-bench/target/classes:$(cat $1/cadre-bench/target/classpath.txt)"
for round in 1 2; do
  for s in pingpong=1000000 pingpong-parallel=4096000 fanin=4000000 fanin-bounded=4000000 spawn=200000 skynet=100000 ask=50000 fulfilment=20000; do
    for v in old new; do
      if [ $(( round % 2 )) -eq 0 ]; then v=$([ $v = old ] && echo new || echo old); fi
      CP=$([ $v = old ] && echo "$OLD" || echo "$NEW")
      $JAVA -Xms4g -Xmx4g -XX:+UseG1GC --sun-misc-unsafe-memory-access=allow -cp "$CP" dev.cadre.bench.versus.Child cadre 2 5 $s 2>/dev/null | grep RESULT | sed "s/^/$v $round /"
    done
  done
done
