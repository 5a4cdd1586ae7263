"""torch functions: weight_norm on a layer, the old form (torch.nn.utils.weight_norm: parameters
weight_g, weight_v) and the parametrization (torch.nn.utils.parametrizations.weight_norm:
parametrizations.weight.original0 = g, original1 = v). `module` is the layer it returns."""
from nnport.frameworks.torch.functions._registry import fn

fn("torch.nn.utils.weight_norm", "weight_norm", "module, name='weight', dim=0")
fn("torch.nn.utils.parametrizations.weight_norm", "weight_norm", "module, name='weight', dim=0")
