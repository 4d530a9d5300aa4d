# Beginner snippet: fit y = 2x + 1 with RMSprop and with Adagrad, under MultiStepLR, LambdaLR and
# ExponentialLR schedules; the weights start from constants so both libraries start alike.
import torch
from torch import nn, optim

x = torch.tensor([[0.0], [1.0], [2.0], [3.0], [4.0]])
y = 2 * x + 1

for name in ("RMSprop", "Adagrad"):
    model = nn.Linear(1, 1)
    nn.init.constant_(model.weight, 0.5)
    nn.init.constant_(model.bias, 0.0)
    if name == "RMSprop":
        optimizer = optim.RMSprop(model.parameters(), lr=0.05, momentum=0.5)
        scheduler = optim.lr_scheduler.MultiStepLR(optimizer, milestones=[30, 60], gamma=0.5)
    else:
        optimizer = optim.Adagrad(model.parameters(), lr=0.5)
        scheduler = optim.lr_scheduler.LambdaLR(optimizer, lambda epoch: 1 / (1 + 0.05 * epoch))
    loss_fn = nn.MSELoss()
    for epoch in range(80):
        optimizer.zero_grad()
        loss = loss_fn(model(x), y)
        loss.backward()
        optimizer.step()
        scheduler.step()
        if epoch % 20 == 19:
            print(name, epoch, round(loss.item(), 6), scheduler.get_last_lr())
    print(name, "w", model.weight.item(), "b", model.bias.item())
    state = optimizer.state_dict()
    print(name, "state step", int(state["state"][0]["step"]))

optimizer = optim.SGD(nn.Linear(1, 1).parameters(), lr=0.1)
scheduler = optim.lr_scheduler.ExponentialLR(optimizer, gamma=0.9)
for _ in range(3):
    optimizer.step()
    scheduler.step()
print("exponential:", scheduler.get_last_lr())
