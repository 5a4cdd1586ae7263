"""PyTorch optimizers with PyTorch's exact update where no optax alias computes the same: copied
into translated Flax code."""
import jax
import jax.numpy as jnp
import optax


def scale_by_torch_adagrad(initial_accumulator_value=0.0, eps=1e-10):
    """torch.optim.Adagrad's scaling: g / (sqrt(sum of g**2) + eps), eps outside the square root
    (optax.adagrad adds it inside: rsqrt(sum + eps))."""
    def init(params):
        return optax.ScaleByRssState(
            sum_of_squares=jax.tree.map(lambda p: jnp.full_like(p, initial_accumulator_value), params))

    def update(updates, state, params=None):
        sums = jax.tree.map(lambda s, g: s + g * g, state.sum_of_squares, updates)
        updates = jax.tree.map(lambda g, s: g / (jnp.sqrt(s) + eps), updates, sums)
        return updates, optax.ScaleByRssState(sum_of_squares=sums)

    return optax.GradientTransformation(init, update)


def param_group_labels(groups):
    """optax.multi_transform's labels for PyTorch's parameter groups: `groups` maps a label to the path
    of the submodule whose parameters form that group (("head",) for model.head.parameters())."""
    def labels(params):
        def label(path, _):
            keys = tuple(getattr(k, "key", getattr(k, "name", k)) for k in path)
            for name, prefix in groups.items():
                if keys[:len(prefix)] == tuple(prefix):
                    return name
            raise ValueError(f"parameter {'.'.join(map(str, keys))} is in no parameter group")
        return jax.tree_util.tree_map_with_path(label, params)
    return labels
