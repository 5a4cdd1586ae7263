"""Learn API keyword dictionaries between frameworks from unlabeled code (issue 10, the ADELT method).

corpus.py gathers code per framework, mine.py finds API keyword occurrences (resolved qualified names,
with their contexts), encoder.py trains contextual embeddings on the corpus itself, align.py trains the
domain-adversarial generator and keyword classifiers, dictionary.py ranks keywords (cosine, CSLS,
hierarchical), evaluate.py scores against nnport's hand-written tables (never seen in training) next to
an edit-distance baseline, proposals.py writes candidate table entries for review. run.py ties them up
for `nnport learn`. Frameworks are never imported: corpora are read as text.
"""
