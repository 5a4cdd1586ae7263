"""Learn API keyword dictionaries between frameworks from unlabeled code (issue 10, the ADELT method).

Present: corpus.py gathers code per framework (installed sources, docstring examples; nnport's own code
refused), tokens.py and names.py define context tokens and canonical API names, mine.py finds API and
parameter occurrences (resolved qualified names, contexts with the keyword masked), evaluate.py scores
rankings against nnport's hand-written tables (never a training input) with an edit-distance baseline.
Not yet written: the trained encoder, the domain-adversarial alignment, the CSLS/hierarchical
dictionary, proposals and the `nnport learn` command. Frameworks are never imported: corpora are text.
"""
