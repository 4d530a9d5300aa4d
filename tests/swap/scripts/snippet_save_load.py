# Beginner snippet: save a model's state_dict and an optimizer's state, load them into new ones.
# descenso writes safetensors where PyTorch writes a pickle; the code is the same.
import os
import tempfile

import torch
from torch import nn, optim

model = nn.Sequential(nn.Linear(2, 3), nn.ReLU(), nn.Linear(3, 1))
for layer in (model[0], model[2]):
    nn.init.constant_(layer.weight, 0.3)
    nn.init.constant_(layer.bias, -0.1)
optimizer = optim.Adam(model.parameters(), lr=0.01)
x = torch.tensor([[1.0, 2.0], [3.0, -1.0]])
loss = nn.MSELoss()(model(x), torch.tensor([[1.0], [0.0]]))
loss.backward()
optimizer.step()

folder = tempfile.mkdtemp()
path = os.path.join(folder, "checkpoint.pt")
torch.save({"model": model.state_dict(), "optimizer": optimizer.state_dict(), "epoch": 1}, path)

checkpoint = torch.load(path)
restored = nn.Sequential(nn.Linear(2, 3), nn.ReLU(), nn.Linear(3, 1))
restored.load_state_dict(checkpoint["model"])
restored_optimizer = optim.Adam(restored.parameters(), lr=0.01)
restored_optimizer.load_state_dict(checkpoint["optimizer"])
print("epoch:", checkpoint["epoch"])
print("same output:", restored(x).sum().item(), model(x).sum().item())
print("lr:", restored_optimizer.param_groups[0]["lr"])
