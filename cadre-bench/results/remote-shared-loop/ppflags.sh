#!/usr/bin/env bash
# ppflags.sh TREE ROUNDS OUT "FLAGS_A" "FLAGS_B" ... : Cadre ping-pong only, flag sets alternating (order reversed on even rounds)
T=$1; R=$2; OUT=$3; shift 3
J=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
CP="$T/cadre-bench/target/classes:$(cat $T/cadre-bench/target/classpath.txt)"
OPTS="-Xms1g -Xmx1g -XX:+UseG1GC --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow -Dorg.slf4j.simpleLogger.defaultLogLevel=warn"
W=${WARMUPS:-5000}; N=${TRIPS:-20000}
: > $OUT
for r in $(seq 1 $R); do
  sets=("$@"); idx=$(seq 0 $((${#sets[@]}-1))); [ $((r%2)) -eq 0 ] && idx=$(echo $idx | tr ' ' '\n' | tac)
  for i in $idx; do
    F="${sets[$i]}"
    coproc SRV { exec $J $OPTS $F -cp "$CP" dev.cadre.bench.remote.RemoteBench --child serve cadre 2>/dev/null; }
    read -r line <&${SRV[0]}; while [[ $line != READY* ]]; do read -r line <&${SRV[0]}; done
    ADDR=${line#READY }
    res=$($J $OPTS $F -cp "$CP" dev.cadre.bench.remote.RemoteBench --child client cadre pingpong $W $N $ADDR 2>/dev/null | grep RESULT)
    kill $SRV_PID 2>/dev/null; wait $SRV_PID 2>/dev/null
    echo "$i $r $res $(cut -d' ' -f1 /proc/loadavg)" | tee -a $OUT
  done
done
python3 - $OUT <<'PY'
import sys,statistics as st,collections
d=collections.defaultdict(list)
for l in open(sys.argv[1]):
    f=l.split(); d[f[0]].append((float(f[3]),float(f[4]),float(f[5])))
for k in sorted(d):
    v=d[k]; rt=[x[0] for x in v]; p50=[x[1] for x in v]; p99=sorted(x[2] for x in v)
    print(f"set {k}: n={len(v)} rt/s median {st.median(rt):.0f} p50 median {st.median(p50):.0f} p99 median {st.median(p99):.0f} p99 all {[int(x) for x in p99]}")
PY
