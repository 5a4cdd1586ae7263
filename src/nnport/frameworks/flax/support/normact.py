"""PyTorch functional semantics without an exact jax.nn counterpart (copied into translated code)."""
import jax.numpy as jnp


def cosine_similarity(x1, x2, dim=1, eps=1e-8):
    """PyTorch cosine_similarity: each norm clamped to eps before the inputs are normalized."""
    x1, x2 = jnp.broadcast_arrays(x1, x2)
    n1 = jnp.maximum(jnp.linalg.vector_norm(x1, axis=dim, keepdims=True), eps)
    n2 = jnp.maximum(jnp.linalg.vector_norm(x2, axis=dim, keepdims=True), eps)
    return jnp.sum((x1 / n1) * (x2 / n2), axis=dim)
