import sys,statistics as st,random
d={'a':[],'b':[]}
for l in open(sys.argv[1]):
    f=l.split(); d[f[0]]+= [int(x) for x in f[2:]]
for k,v in d.items(): print(k, len(v), 'median', st.median(v), 'mean %.1f'%st.mean(v), 'p75', sorted(v)[int(len(v)*.75)])
r=st.median(d['b'])/st.median(d['a'])
bs=sorted(st.median(random.choices(d['b'],k=len(d['b'])))/st.median(random.choices(d['a'],k=len(d['a']))) for _ in range(2000))
print('b/a medians %.3f (%.3f-%.3f), means %.3f'%(r,bs[50],bs[1950],st.mean(d['b'])/st.mean(d['a'])))
