"""Products MXNet 1.x's legacy operators have no general form of: PyTorch's matmul of any ranks (batch
axes broadcast), einsum and inner, through MXNet's NumPy interface (F.np), which runs in hybridized
blocks too. Each takes `F` first."""


def matmul(F, a, b):
    """torch.matmul: 1-D and N-D operands, batch axes broadcast (numpy's matmul)."""
    return F.np.matmul(a.as_np_ndarray(), b.as_np_ndarray()).as_nd_ndarray()


def einsum(F, equation, *operands):
    """torch.einsum(equation, *operands)."""
    return F.np.einsum(equation, *[x.as_np_ndarray() for x in operands]).as_nd_ndarray()


def inner(F, a, b):
    """torch.inner: the sum over the last axes of a and b."""
    return F.np.inner(a.as_np_ndarray(), b.as_np_ndarray()).as_nd_ndarray()
