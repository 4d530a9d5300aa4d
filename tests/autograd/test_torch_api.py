"""Beginner snippets written for PyTorch, run unchanged with ``import descenso as torch``.

Each snippet is a function of ``torch`` (the module) and ``data`` (NumPy arrays made here, so
both libraries see the same numbers). :func:`run_both` runs it with descenso and with real
PyTorch and compares every returned value: shapes, dtypes and numbers (float64 to 1e-10,
float32 to its rounding). Random draws are the one exception (the generators differ), so they
are checked for reproducibility and distribution instead.
"""

from __future__ import annotations

import numpy as np
import pytest

import descenso
from descenso.autograd import GraphError
from descenso.errors import ConfigError, ShapeError

RNG = np.random.default_rng(11)
DATA = {
    "m": RNG.normal(size=(3, 4)),
    "n": RNG.normal(size=(4, 2)),
    "v": RNG.normal(size=4),
    "pos": RNG.uniform(0.5, 2.0, size=(3, 4)),
    "ties": np.array([[1.0, 3.0, 3.0], [2.0, 0.0, 2.0]]),
    "labels": np.array([0, 2, 1]),
}


def _plain(value):
    """A value of either library as NumPy data, a Python number, a dtype name or a tuple."""
    if hasattr(value, "detach"):
        return np.array(value.detach().numpy())
    if isinstance(value, np.dtype) or type(value).__name__ == "dtype":  # torch.dtype
        return str(value).removeprefix("torch.")
    if isinstance(value, (tuple, list)):  # Size, (values, indices), lists
        return tuple(_plain(item) for item in value)
    return value


def _assert_same(mine, theirs, where):
    if isinstance(theirs, tuple):
        assert isinstance(mine, tuple) and len(mine) == len(theirs), where
        for index, (a, b) in enumerate(zip(mine, theirs)):
            _assert_same(a, b, f"{where}[{index}]")
    elif isinstance(theirs, np.ndarray):
        assert isinstance(mine, np.ndarray), where
        assert mine.shape == theirs.shape and mine.dtype == theirs.dtype, (
            where, mine.shape, theirs.shape, mine.dtype, theirs.dtype)
        # float32: a few roundings of the sums of several terms (the snippets add up to 30
        # outputs before backward).
        rtol, atol = (1e-10, 1e-12) if theirs.dtype == np.float64 else (1e-5, 1e-6)
        np.testing.assert_allclose(mine, theirs, rtol=rtol, atol=atol, err_msg=where)
    elif isinstance(theirs, float):
        assert mine == pytest.approx(theirs, rel=1e-6, abs=1e-12), where
    else:
        assert type(mine) is type(theirs) and mine == theirs, (where, mine, theirs)


def run_both(snippet):
    """Run ``snippet(torch, data)`` with descenso and PyTorch; assert equal results."""
    torch = pytest.importorskip("torch")
    data = {name: value.copy() for name, value in DATA.items()}
    mine = _plain(snippet(descenso, data))
    theirs = _plain(snippet(torch, {name: value.copy() for name, value in DATA.items()}))
    _assert_same(mine, theirs, snippet.__name__)


def grads(*tensors):
    return tuple(t.grad for t in tensors)


# --- creation and dtypes ---------------------------------------------------------------------
def creation(torch, d):
    return (torch.zeros(2, 3), torch.ones((2,)), torch.full((2, 2), 7.0), torch.full((2,), 3),
            torch.eye(3), torch.eye(2, 3), torch.empty(2, 3).shape, torch.arange(5),
            torch.arange(1, 4), torch.arange(0, 1, 0.25), torch.arange(0.0, 2.0),
            torch.linspace(-1, 1, 7), torch.linspace(0, 10, steps=5),
            torch.zeros_like(torch.tensor(d["m"])), torch.ones_like(torch.tensor([1, 2])),
            torch.full_like(torch.tensor(d["v"]), 2.5), torch.tensor([[1, 2], [3, 4]]),
            torch.tensor(3.5), torch.tensor([True, False]), torch.tensor([1.0, 2.0]).dtype,
            torch.tensor(d["m"]).dtype, torch.tensor([1, 2], dtype=torch.float32),
            torch.tensor([1.5], dtype=torch.float64), torch.from_numpy(d["v"]),
            torch.zeros(2, dtype=torch.long), torch.ones(2, dtype=torch.bool),
            torch.zeros(2, device="cpu"), torch.tensor([1], dtype=float),
            torch.tensor([1.5], dtype=int), torch.zeros(2, dtype=bool), torch.as_tensor(d["v"]), torch.as_tensor([1, 2]),
            torch.as_tensor(d["v"], dtype=torch.float32), tuple(sorted(torch.randperm(5).tolist())),
            torch.normal(torch.zeros(3), torch.zeros(3)), torch.normal(1.0, 0.0, (2,)))


def dtypes_and_promotion(torch, d):
    i, f = torch.tensor([1, 2, 3]), torch.tensor([0.5, 1.5, 2.5])
    return ((i * f).dtype, (i + 2.5).dtype, (f * 2).dtype, (i * 2).dtype, (i / 2).dtype,
            i / 2, (f + torch.tensor(1.0, dtype=torch.float64)).dtype,
            (f.double() * f.double()).dtype, f.long(), f.int(), f.to(torch.float64),
            i.float(), (f > 1).dtype, f.type(torch.float64).dtype, torch.float == torch.float32,
            torch.double == torch.float64, torch.long == torch.int64,
            f.to("cpu").dtype, f.cpu().dtype, i.to(torch.int32).dtype)


# --- top-level functions -----------------------------------------------------------------------
def functions(torch, d):
    m = torch.tensor(d["m"], requires_grad=True)
    pos = torch.tensor(d["pos"], requires_grad=True)
    n = torch.tensor(d["n"], requires_grad=True)
    outs = [torch.abs(m), torch.exp(m), torch.log(pos), torch.sin(m), torch.cos(m),
            torch.sqrt(pos), torch.tanh(m), torch.sigmoid(m), torch.relu(m),
            torch.softmax(m, dim=1), torch.sum(m), torch.sum(m, dim=0),
            torch.mean(m, dim=1, keepdim=True), torch.max(m), torch.min(m),
            torch.matmul(m, n), torch.mm(m, n), torch.maximum(m, pos), torch.minimum(m, pos),
            torch.where(m > 0, m, pos), torch.clamp(m, -0.5, 0.5), torch.clamp(m, min=0.0),
            torch.cat([m, pos]), torch.cat([m, pos], dim=1), torch.stack([m, pos]),
            torch.stack([m, pos], dim=2), torch.pow(pos, 3), torch.prod(pos, 1),
            torch.std(m), torch.var(m, dim=0), torch.norm(m), torch.cumsum(m, dim=1)]
    total = sum((out * (k + 1)).sum() for k, out in enumerate(outs))
    total.backward()
    values = tuple(out.detach() for out in outs)
    return values + grads(m, pos, n) + (torch.allclose(m, m + 1e-9), torch.equal(m, m),
                                        torch.equal(m, pos), torch.max(m, 1), torch.min(m, 0))


def meshgrid(torch, d):
    x, y = torch.linspace(-1, 1, 3), torch.linspace(0, 2, 4)
    a, b = torch.meshgrid(x, y, indexing="ij")
    c, e = torch.meshgrid(x, y, indexing="xy")
    w = torch.tensor([0.5], requires_grad=True)
    grid_w, grid_b = torch.meshgrid(w * torch.arange(3.0), torch.arange(2.0), indexing="ij")
    (grid_w * grid_b).sum().backward()
    return a, b, c, e, w.grad


# --- Tensor methods --------------------------------------------------------------------------
def reductions(torch, d):
    m = torch.tensor(d["m"], requires_grad=True)
    ties = torch.tensor(d["ties"], requires_grad=True)
    values, indices = m.max(dim=1)
    low = m.min(0, keepdim=True)
    outs = [m.sum(dim=1), m.sum(1, keepdim=True), m.mean(), m.mean(dim=(0, 1)), values,
            low.values, m.std(dim=1), m.var(), m.var(dim=1, unbiased=False),
            m.prod(dim=0), m.cumsum(dim=0), m.norm(), m.norm(dim=1), m.abs().max(),
            ties.max(), ties.amax(dim=1), ties.amin(dim=0)]
    sum((out * (k + 1)).sum() for k, out in enumerate(outs)).backward()
    return (tuple(out.detach() for out in outs) + (indices, low.indices, m.argmax(),
            m.argmax(dim=1), m.argmin(dim=0), ties.argmax(dim=1)) + grads(m, ties))


def shapes(torch, d):
    m = torch.tensor(d["m"], requires_grad=True)
    outs = [m.view(4, 3), m.view(-1), m.reshape(2, 6), m.unsqueeze(0), m.unsqueeze(-1),
            m.unsqueeze(1).squeeze(), m.unsqueeze(0).squeeze(0), m.flatten(),
            m.view(3, 2, 2).flatten(1), m.permute(1, 0), m.transpose(0, 1), m.t(), m.T,
            m.contiguous(), m.clone(), m[1], m[:, 2], m[m > 0], m[[0, 2]]]
    sum((out * (k + 1)).sum() for k, out in enumerate(outs)).backward()
    return (tuple(out.detach() for out in outs) + (m.grad, m.size(), m.size(1), m.size(-1),
            m.shape, m.numel(), m.dim(), m.ndim, len(m), m.tolist(), m[0, 0].item(),
            m.detach().requires_grad, m.is_leaf, (m * 2).is_leaf))


def elementwise_methods(torch, d):
    m = torch.tensor(d["m"], requires_grad=True)
    pos = torch.tensor(d["pos"], requires_grad=True)
    outs = [m.pow(2), m ** 3, pos ** 0.5, 2 ** m, pos ** m, m.clamp(-0.2, 0.2),
            m.clamp(max=0.1), m.sign(), m.exp(), pos.log(), pos.sqrt(), m.abs(), -m,
            abs(m), m.relu(), m.sigmoid(), m.tanh(), m.softmax(dim=0), 1 / pos, 3 - m,
            m @ m.T, m.matmul(m.t()), m.maximum(pos), m.sin(), m.cos()]
    sum((out * (k + 1)).sum() for k, out in enumerate(outs)).backward()
    return tuple(out.detach() for out in outs) + grads(m, pos)


def comparisons(torch, d):
    m, pos = torch.tensor(d["m"]), torch.tensor(d["pos"])
    labels = torch.tensor(d["labels"])
    predictions = m.argmax(dim=1)
    return (m == m.clone(), m != pos, m < 0, m <= 0, m > pos, m >= 0.5, predictions == labels,
            (predictions == labels).sum(), (predictions == labels).float().mean(),
            (m > 0).any(), (m > 0).all(), ~(m > 0), (m > 0) & (pos > 1), m.eq(m).all())


def assignment_and_in_place(torch, d):
    x = torch.zeros(3, 4)
    x[0] = 1.0
    x[1, 2] = 5.0
    x[:, 3] = torch.tensor([7.0, 8.0, 9.0])
    x[x > 6] = -1.0
    y = torch.tensor(d["m"])
    y.add_(1.0).mul_(2.0).sub_(0.5).div_(4.0)
    z = torch.ones(2, 2)
    z.zero_()
    z.fill_(3.0)
    w = torch.zeros(3, 4)
    w.copy_(y)
    c = torch.tensor(d["m"]).clamp_(-0.1, 0.1)
    leaf = torch.tensor([1.0, 2.0]).requires_grad_()
    with torch.no_grad():
        leaf[0] = 10.0
        leaf.add_(1.0)
    return x, y, z, w, c, leaf.detach(), leaf.requires_grad


def autograd_api(torch, d):
    w = torch.tensor(d["v"], requires_grad=True)
    before = w.grad
    loss = (w * w).sum()
    name = type(loss.grad_fn).__name__ if torch is not descenso else loss.grad_fn.name()
    loss.backward(retain_graph=True)
    loss.backward()  # accumulates
    twice = w.grad.clone()
    w.grad.zero_()
    y = (w ** 3).sum()
    (dw,) = torch.autograd.grad(y, w)
    (dw2,) = torch.autograd.grad([(w * 2).sum()], [w], retain_graph=True)
    still_zero = w.grad.clone()
    hidden = w * 2
    (dh, dw3) = torch.autograd.grad((hidden ** 2).sum(), [hidden, w])
    (dv,) = torch.autograd.grad(w * 3, w, grad_outputs=torch.ones_like(w) * 0.5)

    @torch.no_grad()
    def step():
        w.sub_(0.1 * dw)
        return (w * 2).requires_grad

    recorded = step()
    with torch.set_grad_enabled(False):
        off = (w * 2).requires_grad
    with torch.inference_mode():
        off = off or (w * 2).requires_grad
    with torch.no_grad():
        w -= 0.1 * w
    return (before is None, name, twice, dw, dw2, still_zero, dh, dw3, dv, recorded, off, w.detach(),
            w.grad.data, w.grad.item() if w.grad.numel() == 1 else w.grad.sum().item(),
            loss.grad_fn is not None, w.grad_fn is None, loss.requires_grad)


def training_loop(torch, d):
    """Fit a line with autograd by hand, as the first lesson does."""
    x = torch.tensor(d["v"])
    y = 3 * x + 0.5
    w = torch.zeros(1, requires_grad=True)
    b = torch.zeros(1, requires_grad=True)
    history = []
    for _ in range(20):
        loss = ((w * x + b - y) ** 2).mean()
        loss.backward()
        with torch.no_grad():
            w -= 0.1 * w.grad
            b -= 0.1 * b.grad
            w.grad.zero_()
            b.grad.zero_()
        history.append(f"{loss:.6f}")
    return tuple(history) + (w.detach(), b.detach(), f"{loss.item():.4f}")


def sorting(torch, d):
    m = torch.tensor(d["m"], requires_grad=True)
    values, indices = m.sort(dim=1)
    down = torch.sort(m, dim=0, descending=True)
    top = m.topk(2)
    low = torch.topk(m, 2, dim=0, largest=False)
    (values * 1 + down.values * 2).sum().backward()
    ((top.values * 3).sum() + (low.values * 4).sum()).backward()
    return (values.detach(), indices, down.indices, top.values.detach(), top.indices,
            low.indices, m.argsort(), torch.argsort(m, dim=0, descending=True), m.grad)


SNIPPETS = [creation, sorting, dtypes_and_promotion, functions, meshgrid, reductions, shapes,
            elementwise_methods, comparisons, assignment_and_in_place, autograd_api,
            training_loop]


@pytest.mark.parametrize("snippet", SNIPPETS, ids=[s.__name__ for s in SNIPPETS])
@pytest.mark.parametrize("dtype", ["float64", "float32"])
def test_snippet_matches_pytorch(snippet, dtype):
    if dtype == "float32":
        original = dict(DATA)
        DATA.update({k: v.astype(np.float32) for k, v in DATA.items() if v.dtype == np.float64})
        try:
            run_both(snippet)
        finally:
            DATA.update(original)
    else:
        run_both(snippet)


def test_random_draws_repeat_after_manual_seed_and_have_the_right_law():
    draws = []
    for _ in range(2):
        descenso.manual_seed(7)
        draws.append([descenso.rand(2, 3), descenso.randn(4), descenso.randint(0, 5, (3,)),
                      descenso.randint(3, (2,)), descenso.normal(2.0, 0.5, size=(2,)),
                      descenso.rand_like(descenso.zeros(2)), descenso.nn.Linear(2, 2).weight])
    for first, second in zip(*draws):
        np.testing.assert_array_equal(first.data, second.data)
    descenso.manual_seed(0)
    big = descenso.randn(20000)
    assert big.dtype == np.float32 and abs(big.mean().item()) < 0.03
    assert abs(big.std().item() - 1) < 0.03
    uniform = descenso.rand(20000)
    assert 0 <= uniform.min().item() and uniform.max().item() < 1
    assert descenso.randint(0, 5, (1000,)).dtype == np.int64


def test_pytorch_errors_have_pytorch_shaped_messages():
    leaf = descenso.tensor([1.0, 2.0], requires_grad=True)
    with pytest.raises(GraphError, match="leaf tensor that requires grad.*in-place"):
        leaf[0] = 5.0
    with pytest.raises(GraphError, match="leaf tensor"):
        leaf.add_(1.0)
    loss = (leaf * leaf).sum()
    loss.backward()
    with pytest.raises(GraphError, match="second time.*retain_graph=True"):
        loss.backward()
    with pytest.raises(ShapeError, match="ambiguous"):
        bool(descenso.tensor([1.0, 2.0]) > 0)
    with pytest.raises(ConfigError, match="descenso runs on the CPU"):
        descenso.zeros(2, device="cuda")
    with pytest.raises(ConfigError, match="descenso runs on the CPU"):
        leaf.to("cuda")
    with pytest.raises(ConfigError, match="descenso runs on the CPU"):
        descenso.device("mps")
    with pytest.raises(ConfigError, match="pass one of them"):
        leaf.sum(dim=0, axis=1)
    with pytest.raises(ShapeError, match="out of range"):
        leaf.size(3)
    with pytest.raises(ConfigError, match="not supported"):
        descenso.autograd.grad((leaf * 2).sum(), leaf, create_graph=True)
    with pytest.raises(GraphError, match="allow_unused"):
        descenso.autograd.grad((leaf * 2).sum(), [leaf, descenso.ones(1, requires_grad=True)])
    assert descenso.cuda.is_available() is False and descenso.device("cpu") == "cpu"


def test_tensors_stay_usable_as_keys_and_numpy_updates_in_place():
    a, b = descenso.tensor([1.0]), descenso.tensor([1.0])
    assert {a: 1, b: 2}[a] == 1 and len({a, b}) == 2
    w = descenso.tensor([1.0, 2.0], requires_grad=True)
    (w * w).sum().backward()
    data = w.data
    w.data -= 0.5 * w.grad  # old tutorials' update: stays the same array
    assert w.data is data and w.data.tolist() == [0.0, 0.0]
    assert isinstance(np.zeros(2) + w, descenso.Tensor)


def test_repr_and_format_read_like_pytorch():
    x = descenso.tensor([0.5, 2.0], requires_grad=True)
    assert repr(x) == "tensor([0.5000, 2.0000], requires_grad=True)"
    assert repr(x * 2) == "tensor([1., 4.], grad_fn=<MulBackward0>)"
    assert repr(descenso.tensor([1, 2], dtype=descenso.int32)) == (
        "tensor([1, 2], dtype=descenso.int32)")
    assert repr(descenso.zeros(2, 3).shape) == "descenso.Size([2, 3])"
    assert f"{x.sum():.2f}" == "2.50" and f"{x}" == str(x)
    assert descenso.float32 == np.float32 and descenso.long == np.int64


def test_the_tensor_class_makes_float_tensors_as_torch_tensor():
    torch = pytest.importorskip("torch")
    for data in ([1, 2], [[1.5, 2.0]], [True, False]):
        mine, theirs = descenso.Tensor(data), torch.Tensor(data)
        assert str(mine.dtype) == str(theirs.dtype).removeprefix("torch.")
        np.testing.assert_array_equal(mine.numpy(), theirs.numpy())
    assert descenso.tensor([1, 2]).dtype == np.int64  # tensor() infers, as torch.tensor


DTYPES = ["bool", "uint8", "int32", "int64", "float32", "float64"]
SCALARS = [True, 2, 2.5]


@pytest.mark.parametrize("left", DTYPES)
@pytest.mark.parametrize("right", DTYPES + ["0-d float64", "0-d int64"] + SCALARS)
def test_type_promotion_matches_pytorch(left, right):
    """Every pair of dtypes, 0-d tensors and Python numbers gives PyTorch's result dtype."""
    torch = pytest.importorskip("torch")

    def operand(library, spec, shape):
        if not isinstance(spec, str):
            return spec
        kind = spec.removeprefix("0-d ")
        shape = () if spec.startswith("0-d") else shape
        return library.tensor(np.ones(shape, dtype=kind))

    for op in (lambda a, b: a + b, lambda a, b: a * b, lambda a, b: a / b):
        mine = op(operand(descenso, left, (2,)), operand(descenso, right, (2,)))
        theirs = op(operand(torch, left, (2,)), operand(torch, right, (2,)))
        assert str(mine.dtype) == str(theirs.dtype).removeprefix("torch."), (left, right)


def test_a_cast_sends_the_gradient_back_in_the_leaf_dtype():
    x = descenso.tensor([1.0, 2.0], requires_grad=True)  # float32
    (x.double() * descenso.tensor([3.0, 4.0], dtype=descenso.float64)).sum().backward()
    assert x.grad.dtype == np.float32 and x.grad.tolist() == [3.0, 4.0]
    assert x.long().dtype == np.int64 and not x.long().requires_grad


REPR_CASES = [
    np.array([1.0, 2.5], np.float32), np.array([[1.0, -2.0], [3.0, 40.0]], np.float32),
    np.array(3.14159, np.float32), np.array([1e-5, 1.0], np.float32),
    np.array([1e10, 1.0], np.float32), np.array([1, 2, 30]), np.array([True, False]),
    np.array([0.1, 0.25]), np.zeros(0, np.float32), np.array([np.nan, 1.0, np.inf], np.float32),
    np.arange(12.0, dtype=np.float32).reshape(3, 4) / 3, np.array([-0.0, 0.0], np.float32),
    np.array([1, 2], np.int32), np.arange(2000, dtype=np.float32),
    np.arange(3000, dtype=np.float32).reshape(50, 60), np.arange(5000).reshape(100, 50),
]


@pytest.mark.parametrize("values", REPR_CASES, ids=range(len(REPR_CASES)))
def test_repr_is_pytorchs(values):
    torch = pytest.importorskip("torch")
    expected = repr(torch.tensor(values)).replace("torch.", "descenso.")
    assert repr(descenso.tensor(values)) == expected


@pytest.mark.parametrize("make, message", [
    (lambda: descenso.zeros(2, 3).unsqueeze(3), "from -3 to 2"),
    (lambda: descenso.zeros(-1), "non-negative"),
    (lambda: descenso.linspace(0, 1, 2.5), "steps"),
    (lambda: descenso.randint(5, 3, (2,)), "low < high"),
    (lambda: descenso.normal(0.0, -1.0, (2,)), "std >= 0"),
    (lambda: descenso.cat([]), "non-empty list"),
    (lambda: descenso.cat([descenso.zeros(2, 3), descenso.zeros(3, 3)], dim=1), "dim 1"),
    (lambda: descenso.stack([descenso.zeros(2), descenso.zeros(3)]), "one shape"),
    (lambda: descenso.where(descenso.zeros(2), 1.0, 0.0), "boolean condition"),
    (lambda: descenso.meshgrid(descenso.zeros(2), indexing="yx"), "'ij' or 'xy'"),
    (lambda: descenso.mm(descenso.zeros(2), descenso.zeros(2)), "matmul for vectors"),
    (lambda: descenso.zeros(2) == descenso.zeros(3), "cannot compare"),
    (lambda: descenso.zeros(2, 3).t().t().view(4, 2), "cannot reshape"),
    (lambda: descenso.tensor([1.0], dtype="complex64"), "unknown dtype"),
    (lambda: descenso.zeros(3, 4, 5).t(), "at most 2 dimensions"),
])
def test_bad_input_says_what_happened_and_what_to_do(make, message):
    with pytest.raises(descenso.errors.DescensoError, match=message):
        make()
