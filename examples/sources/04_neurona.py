# %% [markdown]
# # Lección 4: lo que aprende una neurona, y lo que aprende una red
#
# El experimento del texto: 50 puntos de la parábola `y = x²` con x en [0, 10] y ruido
# (sigma 0.5) en x y en y. Como la `generate_polynomial` del texto, `make_polynomial` recibe
# los coeficientes de la potencia más alta a la más baja: `[1, 0, 0]` es `x²`.
#
# Primero entrenamos **una sola neurona**: `Linear(1, 1)` seguida de ReLU y, después, de
# LeakyReLU, con 8000 pasos de SGD (tasa 0.001) y pérdida L1. Su predicción,
# `relu(w x + b)`, es una recta allí donde la neurona está activa, con a lo sumo un quiebre
# donde `w x + b = 0`: una neurona no puede curvarse.
#
# Después entrenamos una **red pequeña**, 1-32-32-1 con tanh, que sí puede curvarse.

# %%
import matplotlib.pyplot as plt
import numpy as np

import descenso
from descenso import nn, optim
from descenso.datasets import make_polynomial

datos = make_polynomial([1, 0, 0], n=50, sigma=0.5, range_=10, seed=0)
x_datos = datos.X
x = descenso.tensor(x_datos.astype(np.float32))
y = descenso.tensor(datos.y.astype(np.float32).reshape(-1, 1))


def entrenar(modelo, optimizador, pasos):
    perdida_l1 = nn.L1Loss()
    for _ in range(pasos):
        optimizador.zero_grad()
        perdida = perdida_l1(modelo(x), y)
        perdida.backward()
        optimizador.step()
    return perdida.item()

# %%
descenso.manual_seed(0)
neurona_relu = nn.Sequential(nn.Linear(1, 1), nn.ReLU())
perdida_relu = entrenar(neurona_relu, optim.SGD(neurona_relu.parameters(), lr=1e-3), 8000)

descenso.manual_seed(0)
neurona_leaky = nn.Sequential(nn.Linear(1, 1), nn.LeakyReLU(0.01))
perdida_leaky = entrenar(neurona_leaky, optim.SGD(neurona_leaky.parameters(), lr=1e-3), 8000)

print(f"neurona con ReLU:      pérdida L1 = {perdida_relu:.3f}", neurona_relu.state_dict())
print(f"neurona con LeakyReLU: pérdida L1 = {perdida_leaky:.3f}", neurona_leaky.state_dict())

# %% [markdown]
# ¿Es de verdad una recta? La segunda diferencia de la predicción sobre una rejilla regular
# es cero en cada tramo recto; solo el quiebre da valores distintos de cero.

# %%
rejilla = np.linspace(0, 10, 401, dtype=np.float32).reshape(-1, 1)
with descenso.no_grad():
    curva_relu = neurona_relu(descenso.tensor(rejilla)).data[:, 0]
segundas = np.abs(np.diff(curva_relu, 2))
print("puntos con segunda diferencia distinta de cero:", np.flatnonzero(segundas > 1e-3))

# %%
descenso.manual_seed(0)
red = nn.Sequential(nn.Linear(1, 32), nn.Tanh(), nn.Linear(32, 32), nn.Tanh(), nn.Linear(32, 1))
perdida_red = entrenar(red, optim.Adam(red.parameters(), lr=1e-2), 1000)
print(f"red 1-32-32-1: pérdida L1 = {perdida_red:.3f}, "
      f"{min(perdida_relu, perdida_leaky) / perdida_red:.0f} veces menor que la neurona")

# %%
fig, ax = plt.subplots(figsize=(9, 6))
ax.scatter(x_datos[:, 0], datos.y, s=10, color="0.6", label="datos: y = x² + ruido")
with descenso.no_grad():
    for modelo, nombre, perdida in [(neurona_relu, "neurona + ReLU", perdida_relu),
                                    (neurona_leaky, "neurona + LeakyReLU", perdida_leaky),
                                    (red, "red 1-32-32-1, tanh", perdida_red)]:
        ax.plot(rejilla[:, 0], modelo(descenso.tensor(rejilla)).data[:, 0], lw=2.5,
                label=f"{nombre} (pérdida L1 {perdida:.2f})")
ax.set(xlabel="x", ylabel="y", title="Una neurona aprende una recta; una red ajusta la parábola")
ax.legend(loc="upper left", fontsize="small")
plt.show()

# %% [markdown]
# Como concluye el texto, una neurona con ReLU o LeakyReLU aprende una recta: `w x + b` es
# una recta y la activación solo la quiebra donde `w x + b = 0`. Muchas neuronas combinadas
# se curvan tanto como piden los datos.
#
# La red no puede bajar mucho más: el ruido en x, por sí solo, mueve `y = x²` en unas
# `2|x| · 0.5` unidades, y eso ningún modelo lo puede predecir a partir de x.
#
# Desde la terminal: `descenso demo neuron --lang es`.
