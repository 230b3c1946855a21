#!/usr/bin/env bash
JAVA=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
OLD="/tmp/wt-old/cadre-bench/target/classes:$(cat /tmp/wt-old/cadre-bench/target/classpath.txt)"
NEW="$1/cadre-bench/target/classes:$(cat $1/cadre-bench/target/classpath.txt)"
for round in 1 2 3 4 5 6; do
  for v in old new; do
    if [ $(( round % 2 )) -eq 0 ]; then v=$([ $v = old ] && echo new || echo old); fi
    CP=$([ $v = old ] && echo "$OLD" || echo "$NEW")
    $JAVA -Xms4g -Xmx4g -XX:+UseG1GC --sun-misc-unsafe-memory-access=allow -cp "$CP" dev.cadre.bench.versus.Child cadre 2 5 $2 2>/dev/null | grep RESULT | sed "s/^/$v $round /"
  done
done
