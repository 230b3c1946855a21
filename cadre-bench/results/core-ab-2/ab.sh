#!/usr/bin/env bash
# A/B of the Cadre side alone: two built trees (each with cadre-bench/target/classpath.txt, as
# ./cadre builds it), the same harness Child, alternating JVMs, quick sizes.
#   ab.sh OLD_TREE NEW_TREE                    every scenario below, 2 rounds
#   ab.sh OLD_TREE NEW_TREE ROUNDS scenario=N  one scenario, ROUNDS rounds
# Output: "<old|new> <round> RESULT ..." lines, for summary.py.
JAVA=${JAVA:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}
cp_of() { echo "$1/cadre-bench/target/classes:$(cat "$1/cadre-bench/target/classpath.txt")"; }
OLD=$(cp_of "$1"); NEW=$(cp_of "$2")
ROUNDS=${3:-2}
SCENARIOS=${4:-"pingpong=1000000 pingpong-parallel=4096000 fanin=4000000 fanin-bounded=4000000 spawn=200000 skynet=100000 ask=50000 fulfilment=20000"}
for round in $(seq 1 "$ROUNDS"); do
  for s in $SCENARIOS; do
    for v in old new; do
      if [ $(( round % 2 )) -eq 0 ]; then v=$([ $v = old ] && echo new || echo old); fi
      CP=$([ $v = old ] && echo "$OLD" || echo "$NEW")
      "$JAVA" -Xms4g -Xmx4g -XX:+UseG1GC --sun-misc-unsafe-memory-access=allow -cp "$CP" \
          dev.cadre.bench.versus.Child cadre 2 5 "$s" 2>/dev/null | grep RESULT | sed "s/^/$v $round /"
    done
  done
done
