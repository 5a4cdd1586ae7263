"""Ground truth from nnport's hand-written tables (never a training input) and ranking metrics.

gold(): for each PyTorch layer/function API of the support matrix, what a target writes, as a canonical
name, kept only where both names occur in the mined corpora. Metrics: hit@1, hit@5, MRR. The
edit-distance baseline ranks candidates by normalised Levenshtein distance of the unqualified names.
"""
from __future__ import annotations


def gold(target: str, src_keys: set[str], tgt_keys: set[str]) -> dict[str, str]:
    """torch API -> target API for table rows whose both sides occur in the corpora."""
    from nnport.learn.names import from_written
    from nnport.support import render
    rows = render.data(None)["torch"]
    out = {}
    for r in rows:
        if r["kind"] not in ("layer", "function"):
            continue
        t = from_written(target, r["cells"].get(target, {}).get("written") or "")
        if t and r["api"] in src_keys and t in tgt_keys:
            out[r["api"]] = t
    return out


def levenshtein(a: str, b: str) -> int:
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


def edit_score(a: str, b: str) -> float:
    """1 - normalised Levenshtein distance of the lower-cased unqualified names."""
    x, y = a.rsplit(".", 1)[-1].lower(), b.rsplit(".", 1)[-1].lower()
    return 1 - levenshtein(x, y) / max(len(x), len(y), 1)


def metrics(ranks: list[int]) -> dict[str, float]:
    """hit@1, hit@5, MRR of 1-based ranks (0: the answer was not among the candidates)."""
    n = len(ranks) or 1
    return {"hit@1": sum(r == 1 for r in ranks) / n, "hit@5": sum(0 < r <= 5 for r in ranks) / n,
            "mrr": sum(1 / r for r in ranks if r > 0) / n, "n": len(ranks)}


def rank_of(answer: str, candidates: list[str], score) -> int:
    """1-based rank of `answer` among `candidates` ordered by `score(c)` (ties broken pessimistically)."""
    if answer not in candidates:
        return 0
    s = score(answer)
    return 1 + sum(score(c) >= s for c in candidates if c != answer)


def baseline(gold_map: dict[str, str], tgt_keys_by_kind: dict[str, set[str]], reverse: bool = False):
    """Edit-distance metrics of API matching within kind, torch->target (or target->torch)."""
    from nnport.learn.names import kind_of
    pairs = [(t, s) for s, t in gold_map.items()] if reverse else list(gold_map.items())
    ranks = []
    for q, a in pairs:
        cands = sorted(tgt_keys_by_kind.get(kind_of(a), ()))
        ranks.append(rank_of(a, cands, lambda c, q=q: edit_score(q, c)))
    return metrics(ranks)
