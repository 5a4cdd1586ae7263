"""Flax NNX as a source: reader tables (nnx layers, jax.numpy / jax.nn / jax.lax / jax.random and
array methods -> pivot ops with PyTorch's canonical arguments)."""
