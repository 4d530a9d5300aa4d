# %% [markdown]
# # Lección 6: un polinomio cúbico que aprende sin(x)
#
# Ajustamos `ŷ = a + b x + c x² + d x³` a `sin(x)` en 2000 puntos de [-π, π], con 2000 pasos
# de descenso de gradiente, tasa de aprendizaje 1e-6 y como pérdida la **suma** de los
# errores al cuadrado, `L = Σ (ŷ - y)²`. Lo hacemos dos veces desde el mismo punto de partida:
#
# 1. con los gradientes escritos a mano en NumPy:
#    `dL/dŷ = 2 (ŷ - y)`, `dL/da = Σ dL/dŷ`, `dL/db = Σ dL/dŷ·x`, `dL/dc = Σ dL/dŷ·x²`,
#    `dL/dd = Σ dL/dŷ·x³`;
# 2. con el autograd de *descenso* y el optimizador `descenso.optim.SGD`.
#
# Los dos deben dar los mismos coeficientes.

# %%
import matplotlib.pyplot as plt
import numpy as np

import descenso
from descenso.datasets import make_sine
from descenso.optim import SGD

datos = make_sine(2000)
x = datos.X[:, 0].astype(np.float64)
y = datos.y.astype(np.float64)
inicio = np.random.default_rng(0).standard_normal(4)  # a, b, c, d al azar
lr, pasos = 1e-6, 2000

# %% [markdown]
# ## 1. Gradientes a mano

# %%
a, b, c, d = inicio
perdidas_a_mano = []
for t in range(pasos):
    y_pred = a + b * x + c * x ** 2 + d * x ** 3
    perdida = np.sum((y_pred - y) ** 2)
    perdidas_a_mano.append(perdida)
    if t % 100 == 99:
        print(t + 1, perdida)
    grad_y_pred = 2.0 * (y_pred - y)
    a -= lr * grad_y_pred.sum()
    b -= lr * (grad_y_pred * x).sum()
    c -= lr * (grad_y_pred * x ** 2).sum()
    d -= lr * (grad_y_pred * x ** 3).sum()
a_mano = np.array([a, b, c, d])
print(f"resultado: y = {a:.6f} + {b:.6f} x + {c:.6f} x^2 + {d:.6f} x^3")

# %% [markdown]
# ## 2. Gradientes con autograd

# %%
coeficientes = [descenso.tensor([valor], requires_grad=True, dtype="float64") for valor in inicio]
a, b, c, d = coeficientes
x_t, y_t = descenso.tensor(x), descenso.tensor(y)
optimizador = SGD(coeficientes, lr=lr)
perdidas_autograd = []
for t in range(pasos):
    optimizador.zero_grad()
    y_pred = a + b * x_t + c * x_t ** 2 + d * x_t ** 3
    perdida = ((y_pred - y_t) ** 2).sum()
    perdidas_autograd.append(perdida.item())
    if t % 100 == 99:
        print(t + 1, perdida.item())
    perdida.backward()
    optimizador.step()
con_autograd = np.concatenate([p.data for p in coeficientes])
print("resultado: y = {:.6f} + {:.6f} x + {:.6f} x^2 + {:.6f} x^3".format(*con_autograd))

# %%
diferencia = np.abs(a_mano - con_autograd).max()
print("diferencia máxima entre coeficientes:", diferencia)
assert diferencia < 1e-6

# %%
potencias = np.stack([np.ones_like(x), x, x ** 2, x ** 3])
fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(12, 4.5), layout="constrained")
ax1.plot(x, y, "k", lw=3, alpha=0.35, label="sin(x)")
ax1.plot(x, a_mano @ potencias, lw=2, label="cúbica, gradientes a mano")
ax1.plot(x, con_autograd @ potencias, ":", lw=2, label="cúbica, autograd")
ax1.set(xlabel="x", ylabel="y", title="sin(x) y la cúbica ajustada")
ax1.legend()
ax2.plot(perdidas_a_mano, lw=2, label="gradientes a mano")
ax2.plot(perdidas_autograd, ":", lw=2, label="autograd")
ax2.set_yscale("log")
ax2.set(xlabel="paso", ylabel="suma de errores al cuadrado (escala log)",
        title="La pérdida durante el entrenamiento")
ax2.legend()
plt.show()

# %% [markdown]
# Las curvas coinciden: el autograd calcula exactamente las derivadas que escribimos a mano,
# pero sin que tengamos que escribirlas.
#
# ## Los números del texto
#
# El texto terminó en `y = -0.0118 + 0.8360 x + 0.0020 x² - 0.0904 x³` con pérdida 9.396. Sus
# números aleatorios no son los nuestros, pero los dos caminos van al mismo sitio: la cúbica
# de mínimos cuadrados, que podemos calcular directamente.

# %%
optimo = np.linalg.lstsq(potencias.T, y, rcond=None)[0]
print("publicado:          a, b, c, d = -0.0118, 0.8360, 0.0020, -0.0904   pérdida 9.396")
print(f"descenso:           a, b, c, d = {', '.join(f'{v:.4f}' for v in con_autograd)}   "
      f"pérdida {perdidas_autograd[-1]:.3f}")
print(f"mínimos cuadrados:  a, b, c, d = {', '.join(f'{v:.4f}' for v in optimo)}   "
      f"pérdida {np.sum((optimo @ potencias - y) ** 2):.3f}")

# %% [markdown]
# Ninguno de los dos ha llegado tras 2000 pasos: los dos se dirigen a `0.8567 x - 0.0933 x³`
# (pérdida 8.817); lo que queda de `a` y de `c` es lo que resta de cada comienzo aleatorio.
#
# Desde la terminal: `descenso demo sine --lang es`.
