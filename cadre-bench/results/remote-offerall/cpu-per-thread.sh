#!/usr/bin/env bash
# Per-thread CPU of both JVMs (server and client) of one Cadre remote-benchmark run, from /proc.
#   cpu-per-thread.sh TREE [SENDERS]   one-way from SENDERS (1) senders; samples 3 s of the measurement
#   MODE=pingpong cpu-per-thread.sh TREE   ping-pong; samples 1.5 s of the measured round trips
# TREE: a checkout with cadre-bench built and cadre-bench/target/classpath.txt (see core-ab-2/README.md).
# One-way: WARM = seconds of warm-up (2.0), SNAP = when sampling starts (3.5 s).
# Ping-pong: WARMUPS = warm-up round trips (5000), TRIPS = measured ones (20000), SNAP (1.0 s).
T=$1; S=${2:-1}; MODE=${MODE:-oneway}
J=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
CP="$T/cadre-bench/target/classes:$(cat $T/cadre-bench/target/classpath.txt)"
OPTS="-Xms1g -Xmx1g -XX:+UseG1GC --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -Dbench.debug=true"
if [ "$MODE" = pingpong ]; then
  CLIENT="pingpong ${WARMUPS:-5000} ${TRIPS:-20000}"; SNAP=${SNAP:-1.0}; WINDOW=1.5
else
  CLIENT="oneway $S ${WARM:-2.0} 5.0"; SNAP=${SNAP:-3.5}; WINDOW=3
fi
coproc SRV { exec $J $OPTS -cp "$CP" dev.cadre.bench.remote.RemoteBench --child serve cadre; }
read -r line <&${SRV[0]}; while [[ $line != READY* ]]; do read -r line <&${SRV[0]}; done
ADDR=${line#READY }
$J $OPTS -cp "$CP" dev.cadre.bench.remote.RemoteBench --child client cadre $CLIENT $ADDR > /tmp/client.out 2>&1 &
CL=$!
sleep $SNAP
snap() { for p in $SRV_PID $CL; do for t in /proc/$p/task/*; do echo "$p $(cat $t/comm | tr ' ' _) $(awk '{print $14+$15}' $t/stat)"; done; done; }
snap > /tmp/s1; sleep $WINDOW; snap > /tmp/s2
wait $CL; grep RESULT /tmp/client.out; grep "client:" /tmp/client.out
RATE=$(grep RESULT /tmp/client.out | awk '{print $2}')
kill $SRV_PID 2>/dev/null
RATE=$RATE WINDOW=$WINDOW python3 - <<'PY'
import collections, os
s1=[l.split() for l in open('/tmp/s1')]; s2=[l.split() for l in open('/tmp/s2')]
window=float(os.environ['WINDOW'])
tot=collections.Counter()
for x,y in zip(s1,s2):
    if x[:2]==y[:2]:
        d=int(y[2])-int(x[2])  # clock ticks (1/100 s)
        if d>3: tot[(x[0],x[1])]+=d
for k,v in sorted(tot.items(), key=lambda kv:-kv[1]): print('%-8s %-28s %5.0f%%'%(k[0],k[1],v/window))
rate=float(os.environ.get('RATE','0') or 0)
print('total %.0f%% of 200%%; CPU per message (or round trip) %.0f ns'%(sum(tot.values())/window, (sum(tot.values())/100.0/window)/rate*1e9 if rate else 0))
PY
