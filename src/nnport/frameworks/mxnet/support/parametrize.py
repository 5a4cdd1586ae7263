"""PyTorch's weight_norm (torch.nn.utils.weight_norm, torch.nn.utils.parametrizations.weight_norm) on
a Gluon layer with a `weight` whose axes are PyTorch's (Dense, Conv1D/2D/3D): the weight is computed at
every call as weight_g * weight_v / ||weight_v||, the norm over every axis but `dim`. weight_g (the
size of axis `dim`, ones elsewhere) and weight_v (the weight's shape) are the parameters that train;
the layer's own weight is not used. weight_g starts at ones (PyTorch starts it at the norm of the
layer's initial weight)."""
import mxnet as mx
from mxnet import gluon


class WeightNorm(gluon.HybridBlock):
    """`layer` (built with its input size) with its weight reparametrised as PyTorch's weight_norm(dim)."""

    def __init__(self, layer, dim=0, **kwargs):
        super().__init__(**kwargs)
        self.layer = layer
        weight = layer._reg_params.pop("weight")
        del layer.params._params[weight.name]   # not initialised, not collected: nothing computes with it
        shape = tuple(weight.shape)
        if 0 in shape:
            raise ValueError("weight_norm needs the layer's input size (its weight's shape)")
        self._axes = tuple(a for a in range(len(shape)) if a != dim)
        self.bias = layer._reg_params.pop("bias", None)   # the layer's bias, passed on to its computation
        self.weight_g = self.params.get("weight_g", shape=tuple(1 if a in self._axes else s for a, s in enumerate(shape)),
                                        init=mx.init.One())
        self.weight_v = self.params.get("weight_v", shape=shape, init=weight.init)

    def hybrid_forward(self, F, x, weight_g, weight_v, bias=None):
        norm = F.sqrt(F.sum(F.square(weight_v), axis=self._axes, keepdims=True))
        weight = F.broadcast_mul(weight_v, F.broadcast_div(weight_g, norm))
        if bias is None:
            return self.layer.hybrid_forward(F, x, weight)
        return self.layer.hybrid_forward(F, x, weight, bias)
