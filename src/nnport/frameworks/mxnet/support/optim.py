"""PyTorch's optimizers and schedules where mx.optimizer / mx.lr_scheduler compute another update:
copied into translated Gluon code, used as `gluon.Trainer(params, TorchAdam(...))`.

MXNet's Adam puts eps after the bias correction (lr_t = lr sqrt(1 - b2^t) / (1 - b1^t), then
m / (sqrt(v) + eps)), its RMSProp and AdaGrad add eps inside the square root and AdaGrad adds the
weight decay after the division; its SGD momentum accumulates lr-scaled steps (PyTorch's buffer holds
unscaled ones: they differ once the learning rate changes). Each class below is PyTorch's update, in
PyTorch's order of operations (torch/optim/*.py, the single-tensor path)."""
import math

import mxnet as mx


class TorchOptimizer(mx.optimizer.Optimizer):
    """The common part: the step count, the learning rate (of the schedule), the rescaled gradient."""

    def _start(self, index, grad):
        self._update_count(index)
        lr, wd, t = self._get_lr(index), self._get_wd(index), self._index_update_count[index]
        grad = grad * self.rescale_grad
        if self.clip_gradient is not None:
            grad = mx.nd.clip(grad, -self.clip_gradient, self.clip_gradient)
        return lr, wd, t, grad

    def _zeros(self, weight, n=1):
        return tuple(mx.nd.zeros(weight.shape, weight.context, dtype=weight.dtype) for _ in range(n))


class TorchSGD(TorchOptimizer):
    """torch.optim.SGD: buf = momentum * buf + (1 - dampening) * g (buf = g at the first step);
    w -= lr * (g + momentum * buf if nesterov else buf); weight decay added to g."""

    def __init__(self, momentum=0.0, dampening=0.0, nesterov=False, **kwargs):
        super().__init__(**kwargs)
        self.momentum, self.dampening, self.nesterov = momentum, dampening, nesterov

    def create_state(self, index, weight):
        return self._zeros(weight)[0]

    def update(self, index, weight, grad, state):
        lr, wd, t, grad = self._start(index, grad)
        if wd:
            grad = grad + wd * weight
        if self.momentum:
            if t == 1:
                state[:] = grad
            else:
                state[:] = state * self.momentum + (1 - self.dampening) * grad
            grad = grad + self.momentum * state if self.nesterov else state
        weight[:] = weight - lr * grad


class TorchAdam(TorchOptimizer):
    """torch.optim.Adam (decoupled=False: weight decay added to the gradient) and torch.optim.AdamW
    (decoupled=True: w *= 1 - lr * wd first): w -= lr / (1 - b1^t) * m / (sqrt(v) / sqrt(1 - b2^t) + eps)."""

    def __init__(self, beta1=0.9, beta2=0.999, epsilon=1e-8, decoupled=False, **kwargs):
        super().__init__(**kwargs)
        self.beta1, self.beta2, self.epsilon, self.decoupled = beta1, beta2, epsilon, decoupled

    def create_state(self, index, weight):
        return self._zeros(weight, 2)

    def update(self, index, weight, grad, state):
        lr, wd, t, grad = self._start(index, grad)
        if wd and self.decoupled:
            weight[:] = weight * (1 - lr * wd)
        elif wd:
            grad = grad + wd * weight
        m, v = state
        m[:] = m + (1 - self.beta1) * (grad - m)
        v[:] = v * self.beta2 + (1 - self.beta2) * grad * grad
        step_size = lr / (1 - self.beta1 ** t)
        denom = mx.nd.sqrt(v) / math.sqrt(1 - self.beta2 ** t) + self.epsilon
        weight[:] = weight - step_size * (m / denom)


class TorchRMSprop(TorchOptimizer):
    """torch.optim.RMSprop: s = alpha * s + (1 - alpha) * g^2; avg = sqrt(s [- mean(g)^2]) + eps (eps
    outside the square root); w -= lr * g / avg, or through a momentum buffer of g / avg."""

    def __init__(self, alpha=0.99, epsilon=1e-8, momentum=0.0, centered=False, **kwargs):
        super().__init__(**kwargs)
        self.alpha, self.epsilon, self.momentum, self.centered = alpha, epsilon, momentum, centered

    def create_state(self, index, weight):
        return self._zeros(weight, 3)   # square average, gradient average, momentum buffer

    def update(self, index, weight, grad, state):
        lr, wd, t, grad = self._start(index, grad)
        if wd:
            grad = grad + wd * weight
        square, mean, buf = state
        square[:] = square * self.alpha + (1 - self.alpha) * grad * grad
        if self.centered:
            mean[:] = mean + (1 - self.alpha) * (grad - mean)
            avg = mx.nd.sqrt(square - mean * mean) + self.epsilon
        else:
            avg = mx.nd.sqrt(square) + self.epsilon
        if self.momentum:
            buf[:] = buf * self.momentum + grad / avg
            weight[:] = weight - lr * buf
        else:
            weight[:] = weight - lr * (grad / avg)


class TorchAdagrad(TorchOptimizer):
    """torch.optim.Adagrad: s += g^2 (from initial_accumulator_value); w -= clr * g / (sqrt(s) + eps)
    with clr = lr / (1 + (t - 1) * lr_decay); weight decay added to the gradient first."""

    def __init__(self, lr_decay=0.0, initial_accumulator_value=0.0, epsilon=1e-10, **kwargs):
        super().__init__(**kwargs)
        self.lr_decay, self.initial, self.epsilon = lr_decay, initial_accumulator_value, epsilon

    def create_state(self, index, weight):
        return mx.nd.full(weight.shape, self.initial, weight.context, dtype=weight.dtype)

    def update(self, index, weight, grad, state):
        lr, wd, t, grad = self._start(index, grad)
        if wd:
            grad = grad + wd * weight
        clr = lr / (1 + (t - 1) * self.lr_decay)
        state[:] = state + grad * grad
        weight[:] = weight - clr * (grad / (mx.nd.sqrt(state) + self.epsilon))


class LambdaScheduler(mx.lr_scheduler.LRScheduler):
    """The learning rate as a function of PyTorch's scheduler count: `lr_at(step)`, where step counts
    the optimizer's updates before this one (per=1) or the passes over a loader of `per` batches."""

    def __init__(self, lr_at, per=1):
        super().__init__(base_lr=lr_at(0))
        self.lr_at, self.per = lr_at, per

    def __call__(self, num_update):
        return self.lr_at((num_update - 1) // self.per)


def one_cycle_lr(step, max_lr, total_steps, pct_start=0.3, anneal_strategy="cos", div_factor=25.0,
                 final_div_factor=1e4):
    """torch.optim.lr_scheduler.OneCycleLR's learning rate at `step` (two phases, no momentum cycle):
    from max_lr / div_factor up to max_lr at pct_start * total_steps - 1, then down to
    initial / final_div_factor at total_steps - 1."""
    initial = max_lr / div_factor
    phases = [(float(pct_start * total_steps) - 1, initial, max_lr),
              (float(total_steps) - 1, max_lr, initial / final_div_factor)]
    start = 0.0
    for i, (end, first, last) in enumerate(phases):
        if step <= end or i == len(phases) - 1:
            pct = (step - start) / (end - start)
            if anneal_strategy == "cos":
                return last + (first - last) / 2.0 * (math.cos(math.pi * pct) + 1)
            return (last - first) * pct + first
        start = end
    return None


def clip_grad_value(params, clip_value):
    """torch.nn.utils.clip_grad_value_: every gradient of `params` (a ParameterDict) clipped to
    [-clip_value, clip_value], in place."""
    for p in params.values():
        if p.grad_req != "null":
            g = p.grad()
            g[:] = mx.nd.clip(g, -clip_value, clip_value)
