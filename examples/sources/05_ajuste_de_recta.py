# %% [markdown]
# # Lección 5: `Linear(1, 1)` ajusta una recta, paso a paso
#
# `nn.Linear(1, 1)` es exactamente la recta `ŷ = m x + b`: su peso es `m` y su sesgo es `b`.
# La entrenamos 80 pasos con SGD y pérdida L1 sobre datos con ruido alrededor de la recta
# `m = 0.5`, `b = 0`, y en cada paso miramos m, b, la media de y, la media de la predicción
# y el gradiente.

# %%
import matplotlib.pyplot as plt
import numpy as np

import descenso
from descenso import nn, optim
from descenso.datasets import make_line

datos = make_line(50, m=0.5, b=0.0, sigma=2.0, range_=50.0, seed=0)
x = descenso.tensor(datos.X.astype(np.float32))
y = descenso.tensor(datos.y.astype(np.float32).reshape(-1, 1))

descenso.manual_seed(0)
modelo = nn.Linear(1, 1)
optimizador = optim.SGD(modelo.parameters(), lr=1e-3)
perdida_l1 = nn.L1Loss()

# %%
rectas = [(modelo.weight.item(), modelo.bias.item())]
perdidas = []
print("paso   m         b          media y    media ŷ    pérdida    dL/dm      dL/db")
for paso in range(1, 81):
    optimizador.zero_grad()
    prediccion = modelo(x)
    perdida = perdida_l1(prediccion, y)
    perdida.backward()
    print(f"{paso:4d}  {modelo.weight.item():8.5f}  {modelo.bias.item():9.5f}  "
          f"{y.data.mean():9.4f}  {prediccion.data.mean():9.4f}  {perdida.item():9.4f}  "
          f"{modelo.weight.grad[0, 0]:9.4f}  {modelo.bias.grad[0]:9.4f}")
    optimizador.step()
    perdidas.append(perdida.item())
    rectas.append((modelo.weight.item(), modelo.bias.item()))

# %% [markdown]
# El gradiente de la pérdida L1 respecto de `m` es la media de `signo(ŷ - y) · x`: su tamaño
# no disminuye cerca de la respuesta, así que `m` se asienta saltando alrededor de la mejor
# pendiente. El de `b` vale como mucho 1, así que `b` apenas se mueve.

# %%
fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(12, 4.8), layout="constrained")
x_np, y_np = datos.X[:, 0], datos.y
extremos = np.array([x_np.min(), x_np.max()])
ax1.scatter(x_np, y_np, s=12, color="0.6", label="datos")
for (m, b), color in zip(rectas[1:], plt.colormaps["winter"](np.linspace(0, 1, 80))):
    ax1.plot(extremos, m * extremos + b, color=color, lw=0.8)
ax1.plot(extremos, rectas[0][0] * extremos + rectas[0][1], color="orange", lw=2, label="recta inicial")
ax1.plot(extremos, 0.5 * extremos, "k--", lw=2, label="recta verdadera")
fig.colorbar(plt.cm.ScalarMappable(plt.Normalize(1, 80), "winter"), ax=ax1, label="paso")
ax1.set(xlabel="x", ylabel="y", title="La recta ajustada tras cada paso")
ax1.legend(loc="upper left", fontsize="small")
ax2.plot(range(1, 81), perdidas, label="pérdida L1")
ax2.set(xlabel="paso", ylabel="pérdida L1 (error absoluto medio)", title="La pérdida durante el entrenamiento")
ax2.legend()
plt.show()

# %% [markdown]
# Desde la terminal: `descenso demo line-fit --lang es`.
