# Course text 000: linear regression on Abalone with nn.Linear, nn.MSELoss and optim.SGD (the
# student's gradient_descent_torch, unchanged). Glue: the imports, reading the bundled Abalone
# CSV with NumPy (Sex one-hot, every column z-standardized, as the text prepares it) and
# printing the returned weights. The file path comes from the test (ABALONE_CSV).
import csv
import os

import numpy as np
import torch
from torch import nn, optim


def gradient_descent_torch(X, y, learning_rate=0.001, iterations=20000):
    # Convertir numpy a tensores de PyTorch
    X = torch.tensor(X, dtype=torch.float32)
    y = torch.tensor(y, dtype=torch.float32).view(-1, 1) # columna

    n_samples, n_features = X.shape

    # Definir modelo lineal:  $y = Xw + b$
    model = nn.Linear(n_features, 1, bias=True)

    # Definir función de pérdida (MSE)
    criterion = nn.MSELoss()

    # Definir optimizador (SGD en este caso)
    optimizer = optim.SGD(model.parameters(), lr=learning_rate)

    # Entrenar
    for i in range(iterations):
        # Forward pass
        y_pred = model(X)

        # Calcular pérdida
        loss = criterion(y_pred, y)

        # Backpropagation
        optimizer.zero_grad()
        loss.backward()

        # Update
        optimizer.step()

        if i % 5000 == 0:
            print(f"Iter {i}: Loss={loss.item():.4f}")

    # Extraer pesos y bias entrenados
    w = model.weight.detach().numpy().flatten()
    b = model.bias.item()
    return w, b, model


with open(os.environ["ABALONE_CSV"], newline="") as handle:
    rows = [row for row in csv.reader(handle) if row]  # the UCI file has no header
sex = np.array([row[0] for row in rows])
numbers = np.array([[float(value) for value in row[1:]] for row in rows])
features = np.column_stack([(sex == s).astype(float) for s in ("F", "I", "M")] + [numbers[:, :-1]])
X = (features - features.mean(axis=0)) / features.std(axis=0)
y = numbers[:, -1]
w, b, model = gradient_descent_torch(X, y, learning_rate=0.01, iterations=5001)
print("w", np.round(w, 4).tolist())
print("b", round(b, 4))
