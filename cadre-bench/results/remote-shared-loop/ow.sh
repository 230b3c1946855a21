#!/usr/bin/env bash
# ow.sh ROUNDS OUT SENDERS TREE_A TREE_B: one-way only (2 s warm-up, 5 s measured, as the harness), trees alternating
R=$1; OUT=$2; S=$3; shift 3
J=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
OPTS="-Xms1g -Xmx1g -XX:+UseG1GC --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow -Dorg.slf4j.simpleLogger.defaultLogLevel=warn"
: > $OUT
for r in $(seq 1 $R); do
  sets=("$@"); idx=$(seq 0 $((${#sets[@]}-1))); [ $((r%2)) -eq 0 ] && idx=$(echo $idx | tr ' ' '\n' | tac)
  for i in $idx; do
    T=${sets[$i]}; CP="$T/cadre-bench/target/classes:$(cat $T/cadre-bench/target/classpath.txt)"
    coproc SRV { exec $J $OPTS -cp "$CP" dev.cadre.bench.remote.RemoteBench --child serve cadre 2>/dev/null; }
    read -r line <&${SRV[0]}; while [[ $line != READY* ]]; do read -r line <&${SRV[0]}; done
    ADDR=${line#READY }
    res=$($J $OPTS -cp "$CP" dev.cadre.bench.remote.RemoteBench --child client cadre oneway $S 2.0 5.0 $ADDR 2>/dev/null | grep RESULT)
    kill $SRV_PID 2>/dev/null; wait $SRV_PID 2>/dev/null
    echo "$i $r $res" | tee -a $OUT
  done
done
python3 - $OUT <<'PY'
import sys,statistics as st,collections
d=collections.defaultdict(list)
for l in open(sys.argv[1]):
    f=l.split(); d[f[0]].append(float(f[3])/1e6)
for k in sorted(d): print(k, 'median %.2f M'%st.median(d[k]), sorted(round(x,1) for x in d[k]))
PY
