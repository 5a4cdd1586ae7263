"""Containers PyTorch has and Gluon spells otherwise (a HybridBlock's children must be HybridBlocks:
the imperative forms hold Blocks)."""
import mxnet as mx
from mxnet import gluon
from mxnet.gluon import nn


def hybrid_sequential(*blocks):
    """nn.HybridSequential holding `blocks` (its constructor takes none)."""
    seq = nn.HybridSequential()
    seq.add(*blocks)
    return seq


def sequential(*blocks):
    """nn.Sequential holding `blocks` (its constructor takes none)."""
    seq = nn.Sequential()
    seq.add(*blocks)
    return seq


class ChildrenByName:
    """PyTorch's nn.ModuleDict interface over a block's named children."""

    def __init__(self, blocks=None):
        super().__init__()
        for name, block in dict(blocks or {}).items():
            self.register_child(block, name)

    def __getitem__(self, name):
        return self._children[name]

    def __contains__(self, name):
        return name in self._children

    def __len__(self):
        return len(self._children)

    def __iter__(self):
        return iter(self._children)

    def keys(self):
        return self._children.keys()

    def values(self):
        return self._children.values()

    def items(self):
        return self._children.items()


class HybridBlockDict(ChildrenByName, gluon.HybridBlock):
    """PyTorch's nn.ModuleDict: blocks by name, registered as children (a plain dict is not tracked)."""


class BlockDict(ChildrenByName, gluon.Block):
    """PyTorch's nn.ModuleDict, holding imperative Blocks."""


def free_parameter(value, grad_req="write"):
    """A gluon.Parameter holding `value` (an NDArray) that belongs to no block."""
    p = gluon.Parameter("p", shape=value.shape, init=mx.init.Constant(value), grad_req=grad_req)
    p.initialize()
    return p


def parameter_list(block, name, values, grad_req="write"):
    """PyTorch's nn.ParameterList as Gluon numbers parameters: block.<name>0, block.<name>1... one per
    value (hybrid_forward receives them as keyword arguments of those names); returns them as a list.
    grad_req: one for all, or one per value."""
    out = []
    for k, value in enumerate(values):
        req = grad_req[k] if isinstance(grad_req, (list, tuple)) else grad_req
        p = block.params.get(f"{name}{k}", shape=value.shape, init=mx.init.Constant(value), grad_req=req)
        setattr(block, f"{name}{k}", p)
        out.append(p)
    return out


def iter_blocks(block):
    """`block` and every block under it, parents first (PyTorch's module.modules())."""
    yield block
    for child in block._children.values():
        yield from iter_blocks(child)
