"""Keras as a source for the graph route: layer readers (config + shapes -> pivot ops), the graph
walker and writer (functional/Sequential model -> one nn.Module class), Keras -> PyTorch weights.

    from nnport.frameworks.keras.reading import READERS, read_layer, Step, ReadCtx
    READERS["keras.layers.Conv2D"](layer.get_config(), [input_shape], ReadCtx(name=layer.name))
"""
from nnport.frameworks.keras.reading.registry import READERS, ReadCtx, Step, read_layer  # noqa: F401
from nnport.frameworks.keras.reading import activations, core, conv, pool, norm, recurrent, ops  # noqa: F401,E402

__all__ = ["READERS", "ReadCtx", "Step", "read_layer"]
