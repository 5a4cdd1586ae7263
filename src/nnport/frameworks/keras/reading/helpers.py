"""Helper classes the graph route writes into a translated file (standalone: no nnport import)."""
from __future__ import annotations

from nnport.frameworks.torch.helper_classes import BATCH_NORM as _BATCH_NORM, LAZY_BATCH_NORM as _LAZY_BATCH_NORM

_NORMALIZATION = '''
class KerasNormalization(nn.Module):
    """keras.layers.Normalization: (x - mean) / max(sqrt(variance), 1e-7) over the last axis."""

    def __init__(self, size, mean=None, variance=None):
        super().__init__()
        self.register_buffer("mean", torch.zeros(size) if mean is None else torch.tensor(mean))
        self.register_buffer("variance", torch.ones(size) if variance is None else torch.tensor(variance))

    def forward(self, x):
        return (x - self.mean) / self.variance.sqrt().clamp(min=1e-7)
'''

# the batch norms, with the helper classes' declarations (torch/helper_classes.py: read back as such)
HELPERS: dict[str, str] = {f"Keras{name}{n}d": text.replace("{prefix}", "Keras").replace("{n}", str(n))
                           for name, text in (("BatchNorm", _BATCH_NORM), ("LazyBatchNorm", _LAZY_BATCH_NORM))
                           for n in (1, 2, 3)}
HELPERS["KerasNormalization"] = _NORMALIZATION

_MHA = '''
class KerasMultiHeadAttention(nn.Module):
    """keras.layers.MultiHeadAttention on (batch, time, features): query, key and value projected to
    num_heads x key_dim (value_dim), softmax(q k^T / sqrt(key_dim)) over the key steps (dropout on
    the weights), output projection. Returns (output, attention weights before dropout)."""

    def __init__(self, num_heads, key_dim, value_dim, query_size, key_size, value_size, output_size,
                 dropout=0.0, bias=True):
        super().__init__()
        self.num_heads, self.key_dim, self.value_dim = num_heads, key_dim, value_dim
        self.query = nn.Linear(query_size, num_heads * key_dim, bias=bias)
        self.key = nn.Linear(key_size, num_heads * key_dim, bias=bias)
        self.value = nn.Linear(value_size, num_heads * value_dim, bias=bias)
        self.output = nn.Linear(num_heads * value_dim, output_size, bias=bias)
        self.dropout = nn.Dropout(dropout)

    def forward(self, query, value, key=None, attn_mask=None, causal=False):
        key = value if key is None else key
        b, tq, tk = query.shape[0], query.shape[1], key.shape[1]
        q = self.query(query).view(b, tq, self.num_heads, self.key_dim).transpose(1, 2)
        k = self.key(key).view(b, tk, self.num_heads, self.key_dim).transpose(1, 2)
        v = self.value(value).view(b, tk, self.num_heads, self.value_dim).transpose(1, 2)
        scores = (q * self.key_dim ** -0.5) @ k.transpose(-2, -1)
        if causal:
            allowed = torch.ones(tq, tk, dtype=torch.bool, device=scores.device).tril()
            attn_mask = allowed if attn_mask is None else attn_mask.bool() & allowed
        if attn_mask is not None:
            mask = attn_mask.bool()
            scores = scores.masked_fill(~(mask.unsqueeze(1) if mask.dim() == 3 else mask), -1e9)
        weights = scores.softmax(dim=-1)
        out = (self.dropout(weights) @ v).transpose(1, 2).reshape(b, tq, -1)
        return self.output(out), weights
'''

_ATTENTION = '''
class KerasAttention(nn.Module):
    """keras.layers.Attention: scores q k^T (times a learned scale), or for score_mode="concat"
    w * sum(tanh(scale * (q + k))); softmax over the value steps; returns (output, weights)."""

    def __init__(self, use_scale=False, score_mode="dot", dropout=0.0):
        super().__init__()
        self.score_mode = score_mode
        self.scale = nn.Parameter(torch.ones(())) if use_scale else None
        self.concat_score_weight = nn.Parameter(torch.ones(())) if score_mode == "concat" else None
        self.dropout = nn.Dropout(dropout)

    def forward(self, query, value, key, causal=False):
        if self.score_mode == "dot":
            scores = query @ key.transpose(-2, -1)
            if self.scale is not None:
                scores = scores * self.scale
        else:
            s = query.unsqueeze(-2) + key.unsqueeze(-3)
            s = s if self.scale is None else self.scale * s
            scores = self.concat_score_weight * torch.tanh(s).sum(-1)
        if causal:
            allowed = torch.ones(scores.shape[-2:], dtype=torch.bool, device=scores.device).tril()
            scores = torch.where(allowed, scores, scores - 1e9)
        weights = scores.softmax(dim=-1)
        return self.dropout(weights) @ value, weights
'''

_ADDITIVE = '''
class KerasAdditiveAttention(nn.Module):
    """keras.layers.AdditiveAttention: scores sum(scale * tanh(q + k)) over the features, softmax
    over the value steps; returns (output, weights)."""

    def __init__(self, dim, use_scale=True, dropout=0.0):
        super().__init__()
        self.scale = nn.Parameter(torch.ones(dim)) if use_scale else None
        self.dropout = nn.Dropout(dropout)

    def forward(self, query, value, key, causal=False):
        s = torch.tanh(query.unsqueeze(-2) + key.unsqueeze(-3))
        scores = (s if self.scale is None else self.scale * s).sum(-1)
        if causal:
            allowed = torch.ones(scores.shape[-2:], dtype=torch.bool, device=scores.device).tril()
            scores = torch.where(allowed, scores, scores - 1e9)
        weights = scores.softmax(dim=-1)
        return self.dropout(weights) @ value, weights
'''

HELPERS.update({"KerasMultiHeadAttention": _MHA, "KerasAttention": _ATTENTION,
                "KerasAdditiveAttention": _ADDITIVE})

from nnport.frameworks.keras.reading.loop import HELPER as _LOOP  # noqa: E402
HELPERS["KerasRNN"] = _LOOP

HELPERS["KerasEinsumDense"] = '''
class KerasEinsumDense(nn.Module):
    """keras.layers.EinsumDense: torch.einsum(equation, x, kernel) (+ bias), Keras' weight shapes."""

    def __init__(self, equation, kernel_shape, bias_shape=None):
        super().__init__()
        self.equation = equation
        self.kernel = nn.Parameter(torch.zeros(kernel_shape))
        self.bias = nn.Parameter(torch.zeros(bias_shape)) if bias_shape else None

    def forward(self, x):
        y = torch.einsum(self.equation, x, self.kernel)
        return y if self.bias is None else y + self.bias
'''
