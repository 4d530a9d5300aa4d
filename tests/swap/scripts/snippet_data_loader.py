# Beginner snippet: TensorDataset, DataLoader (in order and shuffled), random_split, and a
# Dataset of one's own, as in PyTorch's data-loading tutorial.
import torch
from torch.utils.data import DataLoader, Dataset, TensorDataset, random_split

X = torch.tensor([[float(i), float(i) ** 2] for i in range(10)])
y = torch.tensor([i % 3 for i in range(10)])
dataset = TensorDataset(X, y)
print("samples:", len(dataset), "first:", dataset[0][0][1].item(), dataset[0][1].item())

for xb, yb in DataLoader(dataset, batch_size=4):
    print("in order:", tuple(xb.shape), yb.sum().item())

loader = DataLoader(dataset, batch_size=3, shuffle=True, drop_last=True)
print("batches per epoch:", len(loader))
for epoch in range(2):
    for xb, yb in loader:
        print("epoch", epoch, "first x of the batch:", xb[0, 0].item(), "labels sum:",
              yb.sum().item())

train, val = random_split(dataset, [0.8, 0.2])
print("split sizes:", len(train), len(val))


class Squares(Dataset):
    def __len__(self):
        return 5

    def __getitem__(self, index):
        return float(index), float(index) ** 2


for inputs, targets in DataLoader(Squares(), batch_size=2):
    print("squares:", inputs.sum().item(), targets.sum().item())
