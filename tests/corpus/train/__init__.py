"""Training scripts, PyTorch: the corpus of training code (tests/corpus/train_runner.py).

Each script is an ordinary PyTorch training script with
- `Model` (an nn.Module) and `get_init_inputs()` (its constructor arguments), as in the model corpus;
- `get_batches()`: the data, in memory, made with a fixed seed (`torch.manual_seed(0)`): a list of
  batches (tuples of tensors), a DataLoader over a TensorDataset without shuffling, or a tuple of those
  (training and validation data). Scaffolding: it runs on the PyTorch side only; the runner and
  `nnport verify --train-steps` give both sides the same arrays;
- `train(model, batches, steps)` (or `train(model, batches, epochs)`: one epoch is one pass over the
  training batches): a loss, an optimizer, optionally a scheduler and gradient clipping, the
  `zero_grad / backward / step` loop; it returns the losses it tracks (floats): one per optimisation
  step, per batch where gradients are accumulated over batches, one per optimizer and step for a GAN.
  Further parameters have defaults (`accum=3`, `patience=2`).
No dropout and no random draws inside training (the frameworks' random streams differ): noise a model
needs (a VAE's) comes with the batches.
"""
