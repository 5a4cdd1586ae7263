"""First functional entries (families grow in their own modules)."""
from nnport.frameworks.torch.functions._registry import fn, method

fn("torch.nn.functional.relu", "relu", "input, inplace=False", ignore=("inplace",))
fn("torch.relu", "relu", "input")
method("relu", "relu", "self")
fn("torch.flatten", "flatten", "input, start_dim=0, end_dim=-1")
method("flatten", "flatten", "self, start_dim=0, end_dim=-1")
method("view", "reshape", "self, *shape")
method("reshape", "reshape", "self, *shape")
fn("torch.reshape", "reshape", "input, shape")
