"""Index assignment on immutable Keras tensors (`x[i] = v`, `x[i] += v`): a scatter into a copy."""
import numpy as np
from keras import ops


def index_update(x, index, value, how="set"):
    """x with x[index] set to value (or added, subtracted, multiplied, divided): PyTorch's in-place
    index assignment. The positions come from indexing an array of positions with the same index."""
    shape = tuple(x.shape)
    index = tuple(ops.convert_to_numpy(i) if hasattr(i, "shape") and not isinstance(i, np.ndarray) else i
                  for i in index)
    where = np.arange(int(np.prod(shape))).reshape(shape)[index]
    flat = ops.reshape(x, (-1,))
    pos = ops.convert_to_tensor(where.reshape(-1, 1).astype("int32"))
    value = ops.cast(ops.broadcast_to(ops.convert_to_tensor(value), where.shape), x.dtype)
    if how != "set":
        old = ops.take(flat, pos[:, 0])
        new = ops.reshape(value, (-1,))
        value = {"add": old + new, "subtract": old - new, "multiply": old * new, "divide": old / new}[how]
    return ops.reshape(ops.scatter_update(flat, pos, ops.reshape(value, (-1,))), shape)
