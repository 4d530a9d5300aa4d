"""The default CNN of ``descenso fit --model cnn`` written by hand in NumPy: the floor.

Forward, backward and Adam with every large buffer allocated once, channels-last (NHWC)
throughout so each im2col copy and each product reads whole channel rows, and each
convolution one matrix product (im2col), each input gradient one product per kernel tap (the
columns tap-major, so the col2im's 9 strided additions read whole rows of pixels). No autograd, no checks, no Python objects per operation: what descenso's
autograd adds on top of this is its bookkeeping. Used by ``benchmarks/cnn_epoch.py``.

Layers: conv 3x3 (1 -> c1, padding 1), ReLU, max-pool 2; conv 3x3 (c1 -> c2), ReLU, max-pool 2;
flatten; linear (c2*7*7 -> hidden), ReLU; linear (hidden -> 10); softmax cross-entropy.
Dropout is left out of the timed models (the same in all three implementations).
"""

from __future__ import annotations

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view


class Conv:
    """A 3x3, padding 1, stride 1 convolution over NHWC images with buffers made per batch size."""

    def __init__(self, weight: np.ndarray, bias: np.ndarray):
        out_channels, in_channels = weight.shape[:2]
        # (O, C, 3, 3) -> (O, 3*3*C), the order of the columns (kh, kw, C).
        self.w = np.ascontiguousarray(weight.transpose(0, 2, 3, 1).reshape(out_channels, -1))
        # the same kernels as one (O, C) matrix per tap, for the input gradient
        self.taps = self.w.reshape(out_channels, 9, in_channels).transpose(1, 0, 2)
        self.b = bias.copy()
        self.gw, self.gb = np.zeros_like(self.w), np.zeros_like(self.b)
        self.in_channels, self.out_channels = in_channels, out_channels
        self.buffers = {}

    def _buffers(self, n, h, w):
        key = (n, h, w)
        if key not in self.buffers:
            c, o = self.in_channels, self.out_channels
            self.buffers[key] = {
                "padded": np.zeros((n, h + 2, w + 2, c), np.float32),
                "cols": np.empty((n, h, w, 3, 3, c), np.float32),
                "out": np.empty((n, h, w, o), np.float32),
                "gcols": np.empty((9, n * h * w, c), np.float32),
                "gpadded": np.empty((n, h + 2, w + 2, c), np.float32),
            }
        return self.buffers[key]

    def forward(self, x):
        n, h, w = x.shape[:3]
        buf = self._buffers(n, h, w)
        buf["padded"][:, 1:-1, 1:-1] = x
        windows = sliding_window_view(buf["padded"], (3, 3), axis=(1, 2))  # (n, h, w, c, 3, 3)
        np.copyto(buf["cols"], windows.transpose(0, 1, 2, 4, 5, 3))
        out = buf["out"].reshape(-1, self.out_channels)
        np.matmul(buf["cols"].reshape(n * h * w, -1), self.w.T, out=out)
        out += self.b
        self.cols = buf["cols"]
        return buf["out"]

    def backward(self, grad, need_input_grad=True):
        n, h, w, o = grad.shape
        g = grad.reshape(-1, o)
        np.matmul(g.T, self.cols.reshape(n * h * w, -1), out=self.gw)
        np.sum(g, axis=0, out=self.gb)
        if not need_input_grad:
            return None
        buf = self._buffers(n, h, w)
        np.matmul(g, self.taps, out=buf["gcols"])
        gcols = buf["gcols"].reshape(3, 3, n, h, w, self.in_channels)
        gpadded = buf["gpadded"]
        gpadded.fill(0)
        for i in range(3):
            for j in range(3):
                gpadded[:, i:i + h, j:j + w] += gcols[i, j]
        return gpadded[:, 1:-1, 1:-1]


def max_pool(x):
    """2x2 max-pool of NHWC ``x``: the output and the four taps (views) it was taken from."""
    taps = [x[:, i::2, j::2] for i in range(2) for j in range(2)]
    out = np.maximum(np.maximum(taps[0], taps[1]), np.maximum(taps[2], taps[3]))
    return out, taps


_POOL_BUFFERS: dict = {}


def max_pool_backward(grad, out, taps, shape):
    """The gradient of :func:`max_pool` (first maximum wins), into buffers made once per shape."""
    if shape not in _POOL_BUFFERS:
        _POOL_BUFFERS[shape] = (np.empty(shape, np.float32), np.empty(out.shape, bool),
                                np.empty(out.shape, bool))
    result, taken, hit = _POOL_BUFFERS[shape]
    for index, tap in enumerate(taps):
        np.equal(tap, out, out=hit if index else taken)
        if index:
            np.greater(hit, taken, out=hit)
            taken |= hit
        np.multiply(grad, hit if index else taken, out=result[:, index // 2::2, index % 2::2])
    return result


class NumpyCNN:
    """The network, Adam (lr 1e-3) and one training step per call of :meth:`step`."""

    def __init__(self, state: dict[str, np.ndarray], names: dict[str, str]):
        self.conv1 = Conv(state[names["conv1"] + ".weight"], state[names["conv1"] + ".bias"])
        self.conv2 = Conv(state[names["conv2"] + ".weight"], state[names["conv2"] + ".bias"])
        fc1 = state[names["fc1"] + ".weight"]
        c2 = self.conv2.out_channels
        # PyTorch flattens NCHW; this network keeps NHWC, so the columns of fc1 are reordered.
        self.w3 = np.ascontiguousarray(
            fc1.reshape(fc1.shape[0], c2, 7, 7).transpose(0, 2, 3, 1).reshape(fc1.shape[0], -1))
        self.b3 = state[names["fc1"] + ".bias"].copy()
        self.w4 = state[names["fc2"] + ".weight"].copy()
        self.b4 = state[names["fc2"] + ".bias"].copy()
        self.gw3, self.gb3 = np.zeros_like(self.w3), np.zeros_like(self.b3)
        self.gw4, self.gb4 = np.zeros_like(self.w4), np.zeros_like(self.b4)
        self.params = [self.conv1.w, self.conv1.b, self.conv2.w, self.conv2.b, self.w3, self.b3,
                       self.w4, self.b4]
        self.grads = [self.conv1.gw, self.conv1.gb, self.conv2.gw, self.conv2.gb, self.gw3,
                      self.gb3, self.gw4, self.gb4]
        self.m = [np.zeros_like(p) for p in self.params]
        self.v = [np.zeros_like(p) for p in self.params]
        self.tmp = [np.empty_like(p) for p in self.params]
        self.t = 0

    def logits(self, images):
        """Forward pass of (n, 28, 28) images; keeps what the backward pass needs."""
        n = len(images)
        z1 = self.conv1.forward(images.reshape(n, 28, 28, 1))
        self.a1 = np.maximum(z1, 0, out=z1)
        self.p1, self.taps1 = max_pool(self.a1)
        z2 = self.conv2.forward(self.p1)
        self.a2 = np.maximum(z2, 0, out=z2)
        self.p2, self.taps2 = max_pool(self.a2)
        self.flat = self.p2.reshape(n, -1)
        self.h3 = self.flat @ self.w3.T
        self.h3 += self.b3
        np.maximum(self.h3, 0, out=self.h3)
        out = self.h3 @ self.w4.T
        out += self.b4
        return out

    def step(self, images, labels):
        n = len(images)
        logits = self.logits(images)
        logits -= logits.max(axis=1, keepdims=True)
        np.exp(logits, out=logits)
        sums = logits.sum(axis=1)
        rows = np.arange(n)
        loss = float(np.mean(np.log(sums) - np.log(logits[rows, labels])))
        logits /= sums[:, None]
        logits[rows, labels] -= 1
        logits *= np.float32(1 / n)
        np.matmul(logits.T, self.h3, out=self.gw4)
        np.sum(logits, axis=0, out=self.gb4)
        g3 = logits @ self.w4
        g3 *= self.h3 > 0
        np.matmul(g3.T, self.flat, out=self.gw3)
        np.sum(g3, axis=0, out=self.gb3)
        g_p2 = (g3 @ self.w3).reshape(self.p2.shape)
        g_a2 = max_pool_backward(g_p2, self.p2, self.taps2, self.a2.shape)
        g_a2 *= self.a2 > 0
        g_p1 = self.conv2.backward(g_a2)
        g_a1 = max_pool_backward(g_p1, self.p1, self.taps1, self.a1.shape)
        g_a1 *= self.a1 > 0
        self.conv1.backward(g_a1, need_input_grad=False)
        self._adam()
        return loss

    def _adam(self, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8):
        self.t += 1
        step = lr / (1 - beta1 ** self.t)
        root = np.sqrt(1 - beta2 ** self.t)
        for p, g, m, v, tmp in zip(self.params, self.grads, self.m, self.v, self.tmp):
            m *= beta1
            m += (1 - beta1) * g
            v *= beta2
            np.multiply(g, g, out=tmp)
            tmp *= 1 - beta2
            v += tmp
            np.sqrt(v, out=tmp)
            tmp /= root
            tmp += eps
            np.divide(m, tmp, out=tmp)
            tmp *= -step
            p += tmp

    def predict(self, images, batch_size=1000):
        return np.concatenate([self.logits(images[start:start + batch_size]).argmax(axis=1)
                               for start in range(0, len(images), batch_size)])
