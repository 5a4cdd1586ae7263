"""Training scripts, Keras 3 (TensorFlow backend): the corpus of Keras training code translated to
PyTorch (tests/corpus/train_runner.py --from keras).

The convention of tests/corpus/train/__init__.py, in Keras:
- `Model` (a keras.Model), `get_init_inputs()` (its constructor arguments) and `get_inputs()` (one
  batch of model inputs: the model is built on it, and the translation sizes its layers from it);
- `get_batches()`: the data, in memory, made with a fixed seed (numpy): a list of batches (tuples of
  arrays) or, for `model.fit`, the arrays `(x, y)`. Scaffolding: it runs on the Keras side only; the
  runner and `nnport verify --train-steps` give both sides the same arrays;
- `train(model, batches, steps)`: a loss, an optimizer (a schedule, clipping), either
  `model.compile` + `model.fit` (it returns `history.history["loss"]`: one mean loss per epoch, as
  Keras logs it) or a custom `tf.GradientTape` loop returning the loss of every step (floats).
No dropout and no random draws inside training.
"""
