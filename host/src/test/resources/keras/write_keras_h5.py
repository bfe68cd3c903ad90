#!/usr/bin/python3
"""Writes Keras 2.x Sequential models as .h5 files, the way `model.save('x.h5')` lays them out,
without Keras or TensorFlow: only h5py and numpy (Debian: apt-get install python3-h5py python3-numpy).

For each model it also runs a plain-numpy forward pass with Keras semantics (NHWC activations,
TensorFlow 'same' padding, row-major HWC Flatten) on a few seeded inputs and writes them with the
outputs to MODEL.expected.json, so a test can check an importer against Keras's own arithmetic.

    /usr/bin/python3 write_keras_h5.py OUT_DIR

writes into OUT_DIR:
  conv_stack.h5 (+ .expected.json)  Conv2D(relu, same), MaxPooling2D, DepthwiseConv2D(x2), ReLU,
                                    Conv2D(valid, no bias), AveragePooling2D, Flatten (5x5x8),
                                    Dropout, Dense(4, softmax); input 24x24x1
  batch_norm.h5                     Conv2D, BatchNormalization, ReLU, Flatten, Dense(4, softmax)
  logits.h5 (+ .expected.json)      Conv2D(strides 2, same), ReLU(max_value=6), Flatten (10x14x4),
                                    Dense(16, relu), Dense(3) without softmax; input 20x28x1
"""

import json
import os
import sys

import h5py
import numpy as np

KERAS_VERSION = "2.13.1"
SAMPLES = 6


# ---------------------------------------------------------------- layers: config, weights, forward


def same_pads(size, kernel, stride):
    """TensorFlow 'same': output ceil(size / stride), the odd padding pixel goes after."""
    out = -(-size // stride)
    total = max((out - 1) * stride + kernel - size, 0)
    return out, total // 2, total - total // 2


def windows(x, kernel, stride, padding, fill):
    """Yields (di, dj, view) where view[i, j, c] = padded x[i*stride + di, j*stride + dj, c]."""
    h, w, c = x.shape
    if padding == "same":
        oh, top, bottom = same_pads(h, kernel, stride)
        ow, left, right = same_pads(w, kernel, stride)
        x = np.pad(x, ((top, bottom), (left, right), (0, 0)), constant_values=fill)
    else:
        oh, ow = (h - kernel) // stride + 1, (w - kernel) // stride + 1
    for di in range(kernel):
        for dj in range(kernel):
            yield di, dj, x[di:di + (oh - 1) * stride + 1:stride, dj:dj + (ow - 1) * stride + 1:stride, :]


def activate(x, name):
    if name == "relu":
        return np.maximum(x, 0)
    if name == "softmax":
        e = np.exp(x - x.max())
        return e / e.sum()
    assert name == "linear", name
    return x


def base(name):
    return {"name": name, "trainable": True, "dtype": "float32"}


def initializer(kind):
    return {"class_name": kind, "config": {} if kind == "Zeros" else {"seed": None}}


class Conv2D:
    def __init__(self, name, filters, kernel, strides=1, padding="valid", activation="linear", use_bias=True):
        self.name, self.filters, self.k, self.s = name, filters, kernel, strides
        self.padding, self.activation, self.use_bias = padding, activation, use_bias

    def config(self):
        c = base(self.name)
        c.update({"filters": self.filters, "kernel_size": [self.k, self.k], "strides": [self.s, self.s],
                  "padding": self.padding, "data_format": "channels_last", "dilation_rate": [1, 1], "groups": 1,
                  "activation": self.activation, "use_bias": self.use_bias,
                  "kernel_initializer": initializer("GlorotUniform"), "bias_initializer": initializer("Zeros"),
                  "kernel_regularizer": None, "bias_regularizer": None, "activity_regularizer": None,
                  "kernel_constraint": None, "bias_constraint": None})
        return c

    def build(self, rng, in_shape):
        cin = in_shape[2]
        self.kernel = rng.normal(0, np.sqrt(2.0 / (self.k * self.k * cin)),
                                 (self.k, self.k, cin, self.filters)).astype(np.float32)  # [kh, kw, in, out]
        self.bias = rng.normal(0, 0.1, self.filters).astype(np.float32)
        return [("kernel:0", self.kernel)] + ([("bias:0", self.bias)] if self.use_bias else [])

    def forward(self, x):
        out = 0
        for di, dj, view in windows(x, self.k, self.s, self.padding, 0.0):
            out = out + view @ self.kernel[di, dj].astype(np.float64)
        if self.use_bias:
            out = out + self.bias
        return activate(out, self.activation)


class DepthwiseConv2D:
    def __init__(self, name, kernel, depth_multiplier=1, strides=1, padding="valid", activation="linear"):
        self.name, self.k, self.m, self.s = name, kernel, depth_multiplier, strides
        self.padding, self.activation = padding, activation

    def config(self):
        c = base(self.name)
        c.update({"kernel_size": [self.k, self.k], "strides": [self.s, self.s], "padding": self.padding,
                  "data_format": "channels_last", "dilation_rate": [1, 1], "groups": 1,
                  "activation": self.activation, "use_bias": True, "bias_initializer": initializer("Zeros"),
                  "bias_regularizer": None, "activity_regularizer": None, "bias_constraint": None,
                  "depth_multiplier": self.m, "depthwise_initializer": initializer("GlorotUniform"),
                  "depthwise_regularizer": None, "depthwise_constraint": None})
        return c

    def build(self, rng, in_shape):
        cin = in_shape[2]
        self.kernel = rng.normal(0, np.sqrt(2.0 / (self.k * self.k)),
                                 (self.k, self.k, cin, self.m)).astype(np.float32)  # [kh, kw, in, multiplier]
        self.bias = rng.normal(0, 0.1, cin * self.m).astype(np.float32)
        return [("depthwise_kernel:0", self.kernel), ("bias:0", self.bias)]

    def forward(self, x):
        out = 0
        for di, dj, view in windows(x, self.k, self.s, self.padding, 0.0):
            # output channel c * multiplier + m, as tf.nn.depthwise_conv2d orders them
            prod = view[:, :, :, None] * self.kernel[di, dj].astype(np.float64)[None, None, :, :]
            out = out + prod.reshape(view.shape[0], view.shape[1], -1)
        return activate(out + self.bias, self.activation)


class Pool2D:
    def __init__(self, class_name, name, pool, strides=None, padding="valid"):
        self.class_name, self.name, self.p = class_name, name, pool
        self.s, self.padding = strides or pool, padding

    def config(self):
        c = base(self.name)
        c.update({"pool_size": [self.p, self.p], "padding": self.padding, "strides": [self.s, self.s],
                  "data_format": "channels_last"})
        return c

    def forward(self, x):
        if self.class_name == "MaxPooling2D":
            views = [v for _, _, v in windows(x, self.p, self.s, self.padding, -np.inf)]
            return np.max(views, axis=0)
        views = [v for _, _, v in windows(x, self.p, self.s, self.padding, 0.0)]
        ones = [v for _, _, v in windows(np.ones_like(x), self.p, self.s, self.padding, 0.0)]
        return np.sum(views, axis=0) / np.sum(ones, axis=0)  # padding excluded from the divisor, as TF does


class ReLU:
    class_name = "ReLU"

    def __init__(self, name, max_value=None):
        self.name, self.max_value = name, max_value

    def config(self):
        c = base(self.name)
        c.update({"max_value": self.max_value, "negative_slope": 0.0, "threshold": 0.0})
        return c

    def forward(self, x):
        y = np.maximum(x, 0)
        return y if self.max_value is None else np.minimum(y, self.max_value)


class Flatten:
    class_name = "Flatten"

    def __init__(self, name):
        self.name = name

    def config(self):
        c = base(self.name)
        c["data_format"] = "channels_last"
        return c

    def forward(self, x):
        return x.reshape(-1)  # row-major over [H, W, C]: Keras's HWC order


class Dropout:
    class_name = "Dropout"

    def __init__(self, name, rate):
        self.name, self.rate = name, rate

    def config(self):
        c = base(self.name)
        c.update({"rate": self.rate, "noise_shape": None, "seed": None})
        return c

    def forward(self, x):
        return x  # identity at inference


class Dense:
    def __init__(self, name, units, activation="linear", gain=2.0):
        self.name, self.units, self.activation, self.gain = name, units, activation, gain

    def config(self):
        c = base(self.name)
        c.update({"units": self.units, "activation": self.activation, "use_bias": True,
                  "kernel_initializer": initializer("GlorotUniform"), "bias_initializer": initializer("Zeros"),
                  "kernel_regularizer": None, "bias_regularizer": None, "activity_regularizer": None,
                  "kernel_constraint": None, "bias_constraint": None})
        return c

    def build(self, rng, in_shape):
        n = in_shape[0]
        self.kernel = rng.normal(0, np.sqrt(self.gain / n), (n, self.units)).astype(np.float32)  # [in, out]
        self.bias = rng.normal(0, 0.1, self.units).astype(np.float32)
        return [("kernel:0", self.kernel), ("bias:0", self.bias)]

    def forward(self, x):
        return activate(x @ self.kernel.astype(np.float64) + self.bias, self.activation)


class BatchNormalization:
    class_name = "BatchNormalization"

    def __init__(self, name):
        self.name = name

    def config(self):
        c = base(self.name)
        c.update({"axis": [3], "momentum": 0.99, "epsilon": 0.001, "center": True, "scale": True,
                  "beta_initializer": initializer("Zeros"), "gamma_initializer": initializer("Ones"),
                  "moving_mean_initializer": initializer("Zeros"),
                  "moving_variance_initializer": initializer("Ones"), "beta_regularizer": None,
                  "gamma_regularizer": None, "beta_constraint": None, "gamma_constraint": None})
        return c

    def build(self, rng, in_shape):
        c = in_shape[2]
        self.params = [("gamma:0", np.ones(c, np.float32)), ("beta:0", np.zeros(c, np.float32)),
                       ("moving_mean:0", rng.normal(0, 0.1, c).astype(np.float32)),
                       ("moving_variance:0", np.ones(c, np.float32))]
        return self.params

    def forward(self, x):
        gamma, beta, mean, var = (v for _, v in self.params)
        return (x - mean) / np.sqrt(var + 0.001) * gamma + beta


for cls in (Conv2D, DepthwiseConv2D, Dense):
    cls.class_name = cls.__name__


# ---------------------------------------------------------------- the .h5 file and the reference


def shape_after(layer, shape):
    """Output shape [H, W, C] or [N] by running the layer on zeros (cheap at these sizes)."""
    return list(layer.forward(np.zeros(shape)).shape)


def write_model(path, input_shape, layers, seed, reference=True):
    rng = np.random.default_rng(seed)
    weights = {}
    shape = list(input_shape)
    for layer in layers:
        if hasattr(layer, "build"):
            weights[layer.name] = layer.build(rng, shape)
        shape = shape_after(layer, shape)

    model_config = {"class_name": "Sequential", "config": {"name": "sequential", "layers": [
        {"class_name": "InputLayer", "config": {"batch_input_shape": [None] + list(input_shape), "dtype": "float32",
                                                "sparse": False, "ragged": False, "name": "input_1"}}]
        + [{"class_name": l.class_name, "config": l.config()} for l in layers]}}

    with h5py.File(path, "w") as f:
        # Keras 2.x under h5py 3: str attributes become variable-length UTF-8 strings,
        # name lists become fixed-length byte-string arrays
        f.attrs["backend"] = "tensorflow"
        f.attrs["keras_version"] = KERAS_VERSION
        f.attrs["model_config"] = json.dumps(model_config)
        g = f.create_group("model_weights")
        g.attrs["backend"] = "tensorflow"
        g.attrs["keras_version"] = KERAS_VERSION
        g.attrs["layer_names"] = np.array([l.name.encode("utf8") for l in layers])
        for layer in layers:
            lg = g.create_group(layer.name)
            params = weights.get(layer.name, [])
            lg.attrs["weight_names"] = np.array([(layer.name + "/" + n).encode("utf8") for n, _ in params])
            if params:
                inner = lg.create_group(layer.name)
                for n, value in params:
                    inner.create_dataset(n, data=value)

    if not reference:
        return
    inputs = np.round(rng.uniform(0, 255, (SAMPLES,) + tuple(input_shape))) / 255.0  # pixel / 255
    outputs = []
    for x in inputs:
        for layer in layers:
            x = layer.forward(x)
        outputs.append(x)
    outputs = np.array(outputs)
    expected = {"input_shape": list(input_shape), "inputs": inputs.reshape(SAMPLES, -1).tolist(),
                "outputs": outputs.tolist()}
    if layers[-1].activation == "linear":
        expected["softmax"] = [activate(o, "softmax").tolist() for o in outputs]
    with open(path[:-3] + ".expected.json", "w") as f:
        json.dump(expected, f)


def main(out):
    os.makedirs(out, exist_ok=True)
    write_model(os.path.join(out, "conv_stack.h5"), [24, 24, 1], [
        Conv2D("conv2d", 6, 3, padding="same", activation="relu"),
        Pool2D("MaxPooling2D", "max_pooling2d", 2),
        DepthwiseConv2D("depthwise_conv2d", 3, depth_multiplier=2, padding="same"),
        ReLU("re_lu"),
        Conv2D("conv2d_1", 8, 3, padding="valid", use_bias=False),
        Pool2D("AveragePooling2D", "average_pooling2d", 2),
        Flatten("flatten"),
        Dropout("dropout", 0.25),
        Dense("dense", 4, activation="softmax", gain=1.0),
    ], seed=7)
    write_model(os.path.join(out, "batch_norm.h5"), [24, 24, 1], [
        Conv2D("conv2d", 4, 3, padding="same"),
        BatchNormalization("batch_normalization"),
        ReLU("re_lu"),
        Flatten("flatten"),
        Dense("dense", 4, activation="softmax"),
    ], seed=8, reference=False)
    write_model(os.path.join(out, "logits.h5"), [20, 28, 1], [
        Conv2D("conv2d", 4, 3, strides=2, padding="same"),
        ReLU("re_lu", max_value=6.0),
        Flatten("flatten"),
        Dense("dense", 16, activation="relu"),
        Dense("dense_1", 3, gain=1.0),
    ], seed=9)


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: write_keras_h5.py OUT_DIR")
    main(sys.argv[1])
