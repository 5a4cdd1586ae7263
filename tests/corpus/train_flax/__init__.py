"""Training scripts, Flax NNX with optax: the corpus of Flax training code translated to PyTorch
(tests/corpus/train_runner.py --from flax).

The convention of tests/corpus/train/__init__.py, in Flax:
- `Model` (an nnx.Module whose constructor ends with `*, rngs: nnx.Rngs`), `get_init_inputs()` (its
  constructor arguments, rngs excepted) and `get_inputs()` (one batch of model inputs);
- `get_batches()`: the data, in memory, made with a fixed seed (numpy): a list of batches (tuples of
  arrays). Scaffolding: it runs on the Flax side only; the runner and `nnport verify --train-steps`
  give both sides the same arrays;
- `train(model, batches, steps)`: an optax transformation (a schedule, clipping in an optax.chain),
  `nnx.Optimizer(model, tx, wrt=nnx.Param)`, a loss function of the model, `nnx.value_and_grad` and
  `optimizer.update(model, grads)` (in the loop, or in an `@nnx.jit` train step); it returns the loss
  of every optimisation step (floats).
No dropout and no random draws inside training.
"""
