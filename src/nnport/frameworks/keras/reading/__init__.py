"""Keras as a source, the graph route: functional and Sequential models -> one PyTorch nn.Module.

    nnport convert model.py --from keras --to torch      # a file whose `Model` is a builder function
    nnport.convert(code, to="torch", source="keras")       # the same (route.py)
    nnport.transfer_weights(keras_model, torch_model)      # Keras -> PyTorch weights (transfer.py)

Pieces, each usable on its own:
- readers (registry.py + activations, core, conv, pool, norm, recurrent, loop, attention, ops): a
  Keras layer's get_config() and input shapes -> `Step`s (pivot ops with PyTorch's canonical
  arguments), keyed by the Keras API name; nothing here depends on how the model is walked.
- write.py: steps -> lines of a PyTorch class through the torch writer tables, with each tensor's
  axis order tracked (permutes only where a channels-first layer needs them).
- graph.py: the walk of a built functional/Sequential model (shared layers, nested models,
  several inputs/outputs, Lambda layers traced with keras.ops); route.py: running a builder file.
- weights.py / transfer.py: the Keras weights of each reader's modules in PyTorch's layouts.

Reusing a reader elsewhere (a subclassed model's `self.conv = layers.Conv2D(...)` in the CST route):

    from nnport.frameworks.keras.reading import ReadCtx, read_layer
    from nnport.frameworks.keras.reading.write import ClassWriter, Value
    ctx = ReadCtx(name="conv", api="keras.layers.Conv2D")
    steps = read_layer("keras.layers.Conv2D", layer.get_config(), [(None, 32, 32, 3)], ctx)
    w = ClassWriter("Block")
    out = w.steps(steps, [Value("x", None, 4)], "conv", [4], ctx)   # w.init, w.forward: the code
    # ctx.diagnostics: [(severity, message)]; weights.WEIGHTS["keras.layers.Conv2D"](layer): the arrays
"""
from nnport.frameworks.keras.reading.registry import READERS, ReadCtx, Step, read_layer  # noqa: F401
from nnport.frameworks.keras.reading import (  # noqa: F401,E402  (readers register on import)
    activations, attention, conv, core, norm, ops, pool, recurrent)

__all__ = ["READERS", "ReadCtx", "Step", "read_layer"]
