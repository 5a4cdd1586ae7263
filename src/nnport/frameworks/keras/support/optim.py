"""torch.optim optimizers and lr_scheduler schedules with PyTorch's exact update where no Keras one
computes the same: copied into translated Keras code. Each optimizer is its Keras namesake with
`update_step` rewritten (its slots and constructor kept; PyTorch's defaults); schedules are
LearningRateSchedules reading the optimizer's step count. Bias corrections are computed in float64,
as PyTorch computes them in Python floats (1 - 0.999 ** 1 in float32 is off by 1e-5)."""
import math

import keras
from keras import ops


class TorchSGD(keras.optimizers.SGD):
    """torch.optim.SGD with momentum: the buffer holds the gradients, the learning rate multiplies
    the step (b = momentum * b + g; p -= lr * b, or lr * (g + momentum * b) with nesterov).
    keras.optimizers.SGD keeps steps already scaled by the learning rate in its buffer: the same
    while the learning rate is constant, not under a schedule."""

    def update_step(self, gradient, variable, learning_rate):
        lr = ops.cast(learning_rate, variable.dtype)
        gradient = ops.cast(gradient, variable.dtype)
        if self.momentum == 0:
            return self.assign_sub(variable, ops.multiply(gradient, lr))
        b = self.momentums[self._get_variable_index(variable)]
        self.assign(b, ops.add(ops.multiply(b, self.momentum), gradient))
        step = ops.add(gradient, ops.multiply(b, self.momentum)) if self.nesterov else b
        self.assign_sub(variable, ops.multiply(step, lr))


class TorchAdam(keras.optimizers.Adam):
    """torch.optim.Adam (AdamW with Keras' decoupled weight_decay, which is PyTorch's): epsilon added
    to sqrt(v / (1 - beta_2 ** t)); keras.optimizers.Adam adds it to sqrt(v) before the bias
    correction. PyTorch's default epsilon (1e-8; Keras' is 1e-7)."""

    def __init__(self, learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-8, **kwargs):
        super().__init__(learning_rate=learning_rate, beta_1=beta_1, beta_2=beta_2, epsilon=epsilon, **kwargs)

    def update_step(self, gradient, variable, learning_rate):
        dtype = variable.dtype
        gradient = ops.cast(gradient, dtype)
        m = self._momentums[self._get_variable_index(variable)]
        v = self._velocities[self._get_variable_index(variable)]
        self.assign_add(m, ops.multiply(ops.subtract(gradient, m), 1 - self.beta_1))
        self.assign_add(v, ops.multiply(ops.subtract(ops.square(gradient), v), 1 - self.beta_2))
        if self.amsgrad:   # the largest v so far, as PyTorch's max_exp_avg_sq
            v_hat = self._velocity_hats[self._get_variable_index(variable)]
            self.assign(v_hat, ops.maximum(v_hat, v))
            v = v_hat
        t = ops.cast(self.iterations + 1, "float64")
        correction1 = 1 - ops.power(ops.cast(self.beta_1, "float64"), t)
        correction2 = 1 - ops.power(ops.cast(self.beta_2, "float64"), t)
        step_size = ops.cast(ops.cast(learning_rate, "float64") / correction1, dtype)
        denom = ops.add(ops.divide(ops.sqrt(v), ops.cast(ops.sqrt(correction2), dtype)), self.epsilon)
        self.assign_sub(variable, ops.multiply(ops.divide(m, denom), step_size))


class TorchAdamW(TorchAdam):
    """torch.optim.AdamW: TorchAdam with Keras' decoupled weight decay (p -= lr * weight_decay * p
    before the step, as PyTorch's), PyTorch's default 0.01 (Keras AdamW's is 0.004)."""

    def __init__(self, learning_rate=0.001, weight_decay=0.01, **kwargs):
        super().__init__(learning_rate=learning_rate, weight_decay=weight_decay, **kwargs)


class TorchRMSprop(keras.optimizers.RMSprop):
    """torch.optim.RMSprop: epsilon added to the root mean square (keras.optimizers.RMSprop adds it
    under the square root), the momentum buffer holding unscaled steps (lr multiplies it after);
    PyTorch's defaults (rho = alpha = 0.99, epsilon 1e-8)."""

    def __init__(self, learning_rate=0.01, rho=0.99, momentum=0.0, epsilon=1e-8, centered=False, **kwargs):
        super().__init__(learning_rate=learning_rate, rho=rho, momentum=momentum, epsilon=epsilon,
                         centered=centered, **kwargs)

    def update_step(self, gradient, variable, learning_rate):
        lr = ops.cast(learning_rate, variable.dtype)
        gradient = ops.cast(gradient, variable.dtype)
        i = self._get_variable_index(variable)
        square_avg = self._velocities[i]
        self.assign(square_avg, ops.add(ops.multiply(square_avg, self.rho),
                                        ops.multiply(ops.square(gradient), 1 - self.rho)))
        mean_square = square_avg
        if self.centered:
            grad_avg = self._average_gradients[i]
            self.assign_add(grad_avg, ops.multiply(ops.subtract(gradient, grad_avg), 1 - self.rho))
            mean_square = ops.subtract(square_avg, ops.square(grad_avg))
        step = ops.divide(gradient, ops.add(ops.sqrt(mean_square), self.epsilon))
        if self.momentum > 0:
            buf = self._momentums[i]
            self.assign(buf, ops.add(ops.multiply(buf, self.momentum), step))
            step = buf
        self.assign_sub(variable, ops.multiply(step, lr))


class TorchAdagrad(keras.optimizers.Adagrad):
    """torch.optim.Adagrad: epsilon added to the root of the sum of squares (keras.optimizers.Adagrad
    adds it under the root), the sum starting at 0 (Keras' at 0.1), the learning rate decayed as
    lr / (1 + (t - 1) * lr_decay)."""

    def __init__(self, learning_rate=0.01, lr_decay=0.0, initial_accumulator_value=0.0, epsilon=1e-10, **kwargs):
        super().__init__(learning_rate=learning_rate, initial_accumulator_value=initial_accumulator_value,
                         epsilon=epsilon, **kwargs)
        self.lr_decay = lr_decay

    def update_step(self, gradient, variable, learning_rate):
        dtype = variable.dtype
        gradient = ops.cast(gradient, dtype)
        lr = ops.cast(ops.cast(learning_rate, "float64") /
                      (1 + ops.cast(self.iterations, "float64") * self.lr_decay), dtype)
        total = self._accumulators[self._get_variable_index(variable)]
        self.assign_add(total, ops.square(gradient))
        self.assign_sub(variable, ops.multiply(ops.divide(gradient, ops.add(ops.sqrt(total), self.epsilon)), lr))


class EpochSchedule(keras.optimizers.schedules.LearningRateSchedule):
    """A schedule stepped once per epoch (`scheduler.step()` after each pass over the data): read at
    the optimizer's step count // steps_per_epoch."""

    def __init__(self, schedule, steps_per_epoch):
        self.schedule, self.steps_per_epoch = schedule, steps_per_epoch

    def __call__(self, step):
        return self.schedule(step // self.steps_per_epoch)


class LambdaSchedule(keras.optimizers.schedules.LearningRateSchedule):
    """torch.optim.lr_scheduler.LambdaLR: initial_learning_rate * lr_lambda(step), the function
    called with the step count as a Python int, as PyTorch calls it."""

    def __init__(self, initial_learning_rate, lr_lambda):
        self.initial_learning_rate, self.lr_lambda = initial_learning_rate, lr_lambda

    def __call__(self, step):
        return self.initial_learning_rate * self.lr_lambda(int(ops.convert_to_numpy(step)))


class OneCycleSchedule(keras.optimizers.schedules.LearningRateSchedule):
    """torch.optim.lr_scheduler.OneCycleLR's learning rate (two phases, cycle_momentum=False): from
    max_lr / div_factor up to max_lr over pct_start * total_steps - 1 steps, then down to
    max_lr / div_factor / final_div_factor at total_steps - 1, annealed by cosine or linearly."""

    def __init__(self, max_lr, total_steps, pct_start=0.3, anneal_strategy="cos", div_factor=25.0,
                 final_div_factor=10000.0):
        self.max_lr, self.total_steps, self.pct_start = max_lr, total_steps, pct_start
        self.anneal_strategy, self.div_factor, self.final_div_factor = anneal_strategy, div_factor, final_div_factor

    def _anneal(self, start, end, pct):
        if self.anneal_strategy == "cos":
            return end + (start - end) / 2.0 * (math.cos(math.pi * pct) + 1)
        return (end - start) * pct + start

    def __call__(self, step):
        step = int(ops.convert_to_numpy(step))
        initial = self.max_lr / self.div_factor
        up = float(self.pct_start * self.total_steps) - 1
        if step <= up:
            return self._anneal(initial, self.max_lr, step / up)
        down = float(self.total_steps - 1)
        return self._anneal(self.max_lr, initial / self.final_div_factor, (step - up) / (down - up))


def clip_grad_norm(grads, max_norm):
    """torch.nn.utils.clip_grad_norm_ on a list of gradients: all scaled by max_norm / (norm + 1e-6)
    where that is below 1 (tf.clip_by_global_norm scales by max_norm / norm)."""
    norm = ops.sqrt(sum(ops.sum(ops.square(g)) for g in grads))
    scale = ops.minimum(1.0, max_norm / (norm + 1e-6))
    return [g * scale for g in grads]
