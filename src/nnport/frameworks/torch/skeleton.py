"""PyTorch idioms, as the engine reads them (PyTorch as a source)."""
from nnport.frameworks.torch.tensor_methods import TENSOR_METHODS  # noqa: F401 (read by the engine)

IMPORT_ROOTS = ("torch",)
LAYOUT = "channels_first"
MODULE_BASES = ("torch.nn.Module", "torch.nn.modules.module.Module")
FORWARD = "forward"
CONTAINERS = {
    "torch.nn.Sequential": "sequential",
    "torch.nn.ModuleList": "module_list",
    "torch.nn.ModuleDict": "module_dict",
    "torch.nn.ParameterList": "param_list",
    "torch.nn.ParameterDict": "param_dict",
}
PARAMETER = ("torch.nn.Parameter", "torch.nn.parameter.Parameter")
BUFFER_METHOD = "register_buffer"
PARAMETER_METHOD = "register_parameter"
ADD_MODULE_METHOD = "add_module"
TRAINING_ATTR = "training"
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
