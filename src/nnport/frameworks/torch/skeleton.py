"""PyTorch idioms, as the engine reads them (PyTorch as a source) and writes them (as a target).

One file serves both directions. Source-side names say what to recognise (qualified names:
MODULE_BASES, CONTAINER_CLASSES, PARAMETER_CLASSES...); target-side names say what to write, with the
same meaning as in every target's skeleton (MODULE_BASE, CONTAINERS, PARAMETER, IMPORTS...).
"""
from nnport.frameworks.torch.tensor_methods import TENSOR_METHODS  # noqa: F401 (read by the engine)

# ---- both directions ----------------------------------------------------------------------
IMPORT_ROOTS = ("torch",)
LAYOUT = "channels_first"      # no layer computes channels-last
FORWARD = "forward"

# ---- PyTorch as a source ------------------------------------------------------------------
MODULE_BASES = ("torch.nn.Module", "torch.nn.modules.module.Module")
CONTAINER_CLASSES = {
    "torch.nn.Sequential": "sequential",
    "torch.nn.ModuleList": "module_list",
    "torch.nn.ModuleDict": "module_dict",
    "torch.nn.ParameterList": "param_list",
    "torch.nn.ParameterDict": "param_dict",
}
PARAMETER_CLASSES = ("torch.nn.Parameter", "torch.nn.parameter.Parameter")
BUFFER_METHOD = "register_buffer"
PARAMETER_METHOD = "register_parameter"
ADD_MODULE_METHOD = "add_module"
TRAINING_ATTR = "training"
# the methods of a training loop (translate/train_loop.py): optimizer.zero_grad(), loss.backward(),
# optimizer.step(), model.parameters(); model.state_dict() / load_state_dict(); model.train() / eval()
TRAIN_LOOP = {"zero_grad": "zero_grad", "backward": "backward", "step": "step", "parameters": "parameters",
              "state_dict": "state_dict", "load_state_dict": "load_state_dict", "train": "train", "eval": "eval"}
TENSOR_TYPE = "torch.Tensor"
# Calls that only make sense in this framework's object model and have no numerical effect.
NO_EFFECT_METHODS = ("cuda", "cpu", "contiguous", "requires_grad_")
# Context managers that only switch autograd on/off: the body is kept, the `with` dropped.
# Of those, the ones that switch gradients off: tensors computed inside carry none.
NO_GRAD_CONTEXTS = ("torch.no_grad", "torch.inference_mode", "torch.autograd.no_grad",
                    "torch.autograd.grad_mode.no_grad")
GRAD_CONTEXTS = ("torch.no_grad", "torch.inference_mode", "torch.enable_grad", "torch.autograd.no_grad",
                 "torch.autograd.grad_mode.no_grad")
# Methods iterating over submodules: which modules they visit ("all" includes the module itself).
MODULE_ITERATORS = {"modules": "all", "children": "children"}
APPLY_METHOD = "apply"     # self.apply(fn): fn on every submodule and the module itself
# Pivot ops whose PyTorch result is a named tuple, and its fields (`x.max(1).values`).
RESULT_FIELDS = {"max_dim": ("values", "indices"), "min_dim": ("values", "indices"),
                 "sort": ("values", "indices"), "topk": ("values", "indices")}
# Method names a tensor shares with Python's own types (`names.split(",")`, `d.values()`): a call
# of one that is not in the tables is left alone, since the receiver may well not be a tensor.
NOT_ONLY_TENSOR = frozenset({"add", "imag", "index", "real", "sort", "split", "values"})


def prepare(code: str, filename: str, target: str | None = None):
    """Helper classes another translation wrote (torch/helper_classes.py) read as their table layers."""
    from nnport.frameworks.torch.prepare import prepare as own
    return own(code, filename, target)

# ---- PyTorch as a target ------------------------------------------------------------------
from nnport.frameworks.torch.target import (  # noqa: E402,F401 (read by the engine)
    ITER_MODULES, channels_first, index_update, layer_class, layer_extra_kwargs,
    read_variable, register_statement, sequential_init, transpose, writes_in_place)

MODULE_BASE = "nn.Module"
CALLS_SUPER_INIT = True        # a module's __init__ calls super().__init__() first: kept
INIT_EXTRA_PARAM = None        # no extra constructor parameter (Flax's rngs): torch has a global generator
RNGS = None
GLOBAL_RNGS = None             # random numbers outside a module use torch's global generator as they are
TRAINING_FLAG_INIT = None      # nn.Module keeps `training` itself (model.train()/eval())
TRAINING_EXPR = "self.training"
CONTAINERS = {
    "sequential": "nn.Sequential",
    "module_list": "nn.ModuleList",
    "module_dict": "nn.ModuleDict",
    "param_list": "nn.ParameterList",
    "param_dict": "nn.ParameterDict",
}
SEQUENTIAL_APPEND = "self.add_module({name}, {value})"   # in a Sequential subclass
SEQUENTIAL_APPEND_UNNAMED = "self.append({value})"       # a source's add(layer) names none
PARAMETER = "nn.Parameter"
PARAMETER_TAKES_REQUIRES_GRAD = True   # nn.Parameter(x, requires_grad=False) is written as it is
# Gradient contexts are written as contexts (the Flax target drops them and cuts gradients instead).
NO_GRAD = "torch.no_grad"
ENABLE_GRAD = "torch.enable_grad"
STOP_GRADIENT = ".detach"      # a method: x.detach()
MOVE_AXIS = "torch.movedim"
IMPORTS = {
    "math": "import math",
    "functools": "import functools",
    "partial": "from functools import partial",
    "np": "import numpy as np",
    "torch": "import torch",
    "nn": "import torch.nn as nn",
    "F": "import torch.nn.functional as F",
}
tied_head = None               # tied weights are shared as they are (same layouts on both sides)
