#!/usr/bin/env bash
# Usage (from anywhere): cpu-per-thread.sh TREE [SENDERS]; TREE is a checkout with cadre-bench built and
# cadre-bench/target/classpath.txt (see core-ab-2/README.md). WARM=seconds of warm-up, SNAP=when to start sampling.
# threads.sh TREE SENDERS: one Cadre one-way run, with per-thread CPU of both JVMs over 3 s of the measurement
T=$1; S=${2:-1}
J=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
CP="$T/cadre-bench/target/classes:$(cat $T/cadre-bench/target/classpath.txt)"
OPTS="-Xms1g -Xmx1g -XX:+UseG1GC --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -Dbench.debug=true"
coproc SRV { exec $J $OPTS -cp "$CP" dev.cadre.bench.remote.RemoteBench --child serve cadre; }
read -r line <&${SRV[0]}; while [[ $line != READY* ]]; do read -r line <&${SRV[0]}; done
ADDR=${line#READY }
$J $OPTS -cp "$CP" dev.cadre.bench.remote.RemoteBench --child client cadre oneway $S ${WARM:-2.0} 5.0 $ADDR > /tmp/client.out 2>&1 &
CL=$!
sleep ${SNAP:-3.5}
snap() { for p in $SRV_PID $CL; do for t in /proc/$p/task/*; do echo "$p $(cat $t/comm | tr ' ' _) $(awk '{print $14+$15}' $t/stat)"; done; done; }
snap > /tmp/s1; sleep 3; snap > /tmp/s2
wait $CL; RATE=$(grep RESULT /tmp/client.out | awk '{print $2}'); echo RESULT $RATE; grep "client:" /tmp/client.out
kill $SRV_PID 2>/dev/null
RATE=$RATE python3 - <<'PY'
a={};import collections
for l in open('/tmp/s1'):
    p,c,v=l.split(); a[(p,c,len(a))]=int(v)
s1=[l.split() for l in open('/tmp/s1')]; s2=[l.split() for l in open('/tmp/s2')]
tot=collections.Counter()
for x,y in zip(s1,s2):
    if x[:2]==y[:2]:
        d=int(y[2])-int(x[2])
        if d>3: tot[(x[0],x[1])]+=d
pids=sorted(set(k[0] for k in tot))
for k,v in sorted(tot.items(), key=lambda kv:-kv[1]): print('%-8s %-28s %5.0f%%'%(k[0],k[1],v/3.0))
import os
rate=float(os.environ.get('RATE','0') or 0)
print('total %.0f%% of 200%%; CPU per message %.0f ns'%(sum(tot.values())/3.0, (sum(tot.values())/100.0/3.0)/rate*1e9 if rate else 0))
PY
