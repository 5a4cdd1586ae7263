"""Issue 10, first step: mine all four default corpora and score the edit-distance baseline against the
tables' torch->target API pairs (within kind), both directions. The learned dictionary is not built yet.

    PYTHONPATH=src nice -n 10 python benchmarks/learn_baseline.py
"""
import collections
from nnport.learn import corpus, mine, evaluate
occ={fw: mine.mine_all(corpus.gather(fw)) for fw in corpus.FRAMEWORKS}
keys={fw:{o.keyword for o in v if o.kind!='param'} for fw,v in occ.items()}
bykind={fw:collections.defaultdict(set) for fw in occ}
for fw,v in occ.items():
    for o in v:
        if o.kind!='param': bykind[fw][o.kind].add(o.keyword)
print({fw:len(k) for fw,k in keys.items()})
for t in ('keras','mxnet','flax'):
    g=evaluate.gold(t, keys['torch'], keys[t])
    f=evaluate.baseline(g, bykind[t]); b=evaluate.baseline(g, bykind['torch'], reverse=True)
    print(t, 'gold', len(g), 'torch->%s'%t, {k:round(v,3) for k,v in f.items()}, '%s->torch'%t, {k:round(v,3) for k,v in b.items()})
