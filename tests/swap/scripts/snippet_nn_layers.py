# Beginner snippet: ModuleList, nn.init, GELU/ELU/LogSoftmax, NLLLoss, BCELoss, SmoothL1Loss
# and gradient clipping, written as a PyTorch user would.
import torch
from torch import nn


class Tower(nn.Module):
    def __init__(self):
        super().__init__()
        self.layers = nn.ModuleList([nn.Linear(3, 4), nn.Linear(4, 4), nn.Linear(4, 2)])
        self.act = nn.GELU()

    def forward(self, x):
        for layer in self.layers[:-1]:
            x = self.act(layer(x))
        return self.layers[-1](x)


def init_weights(module):
    if isinstance(module, nn.Linear):
        nn.init.constant_(module.weight, 0.1 * module.in_features)
        nn.init.zeros_(module.bias)


model = Tower()
model.apply(init_weights)
print("parameters:", sum(p.numel() for p in model.parameters()) if hasattr(
    next(model.parameters()), "numel") else sum(p.data.size for p in model.parameters()))
print("names:", [name for name, _ in model.named_parameters()])

x = torch.tensor([[1.0, -2.0, 0.5], [0.0, 1.0, -1.0], [2.0, 2.0, 2.0]])
labels = torch.tensor([0, 1, 1])
log_probs = nn.LogSoftmax(dim=1)(model(x))
loss = nn.NLLLoss()(log_probs, labels)
loss.backward()
print("nll loss:", loss.item())
print("same as cross-entropy:", nn.CrossEntropyLoss()(model(x), labels).item())
total = nn.utils.clip_grad_norm_(model.parameters(), max_norm=0.01)
print("gradient norm before clipping:", float(total))

probabilities = torch.tensor([0.9, 0.2, 0.6])
targets = torch.tensor([1.0, 0.0, 1.0])
print("bce:", nn.BCELoss()(probabilities, targets).item())
print("smooth l1:", nn.SmoothL1Loss(beta=0.5)(torch.tensor([0.1, 2.0, -1.0]),
                                             torch.tensor([0.0, 0.0, 0.0])).item())
print("elu:", nn.ELU(alpha=0.5)(torch.tensor([-1.0])).item(),
      "gelu tanh:", nn.GELU(approximate="tanh")(torch.tensor([0.7])).item())

w = torch.empty(64, 32) if hasattr(torch, "empty") else nn.Linear(32, 64).weight
nn.init.xavier_uniform_(w)
bound = (6 / (32 + 64)) ** 0.5
print("xavier within its bound:", float(w.abs().max()) <= bound)
nn.init.kaiming_normal_(w, nonlinearity="relu")
print("kaiming gain for relu:", nn.init.calculate_gain("relu"))

heads = nn.ModuleDict({"age": nn.Linear(4, 1), "sex": nn.Linear(4, 3)})
for head in heads.values():
    nn.init.ones_(head.weight)
    nn.init.constant_(head.bias, 0.5)
features = torch.tensor([[0.5, -1.0, 2.0, 0.0]])
print("heads:", list(heads.keys()), heads["age"](features).item(),
      heads["sex"](features).sum().item())
(heads["sex"](features) ** 2).sum().backward()
nn.utils.clip_grad_value_(heads.parameters(), clip_value=1.0)
print("clipped gradient:", max(abs(float(g)) for g in heads["sex"].weight.grad.reshape(-1)))
for init in (nn.init.xavier_normal_, nn.init.kaiming_uniform_, nn.init.uniform_,
             nn.init.normal_):
    init(heads["sex"].weight)
print("initialised shape:", tuple(heads["sex"].weight.shape))
