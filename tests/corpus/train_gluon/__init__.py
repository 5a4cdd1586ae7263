"""Training scripts, MXNet Gluon: the corpus of Gluon training code translated to PyTorch
(tests/corpus/train_runner.py --from mxnet, in .venv-mxnet).

The convention of tests/corpus/train/__init__.py, in Gluon:
- `Model` (a gluon.Block with its sizes given), `get_init_inputs()` and `get_inputs()` (one batch);
- `get_batches()`: the data, in memory, made with a fixed seed (numpy): a list of batches (tuples of
  mx.nd arrays). Scaffolding: it runs on the Gluon side only; the runner and `nnport verify --train-steps`
  give both sides the same arrays;
- `train(model, batches, steps)`: a `gluon.loss` object, `gluon.Trainer(model.collect_params(), ...)`,
  the `with autograd.record(): ...; loss.backward(); trainer.step(batch_size)` loop; it returns the
  loss of every optimisation step (floats).
No dropout and no random draws inside training.
"""
