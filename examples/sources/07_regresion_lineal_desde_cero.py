# %% [markdown]
# # Lección 7: regresión lineal desde cero
#
# Generamos datos sintéticos `y = X w + b + ruido` con `w = [2, -3.4]`, `b = 4.2` y ruido de
# desviación 0.01: 1000 muestras de entrenamiento y 1000 de validación. El modelo son dos
# tensores, `w` (inicializado con una normal de sigma 0.01) y `b` (cero). La pérdida es la
# mitad del error cuadrático, promediada sobre un minilote. Cada paso lo escribimos a mano,
# `w -= lr * w.grad`, sin `nn` ni `optim`: minilotes de 32, tasa 0.03, 3 épocas.

# %%
import matplotlib.pyplot as plt
import numpy as np

import descenso
from descenso.datasets import make_linear

w_verdadero, b_verdadero = np.array([2.0, -3.4]), 4.2
datos = make_linear(2000, w=[2.0, -3.4], b=4.2, noise=0.01, seed=0)
X = descenso.tensor(datos.X.astype(np.float32))
y = descenso.tensor(datos.y.astype(np.float32).reshape(-1, 1))
X_ent, y_ent, X_val, y_val = X[:1000], y[:1000], X[1000:], y[1000:]

# %%
def perdida(X, y, w, b):
    return (((X @ w + b) - y) ** 2 / 2).mean()


def entrenar(epocas, lr=0.03, tamano_lote=32, semilla=0):
    rng = np.random.default_rng(semilla)
    w = descenso.tensor(rng.normal(0, 0.01, size=(2, 1)).astype(np.float32), requires_grad=True)
    b = descenso.tensor(np.zeros(1, dtype=np.float32), requires_grad=True)
    historia = []
    for epoca in range(1, epocas + 1):
        orden = rng.permutation(1000)
        for inicio in range(0, 1000, tamano_lote):
            filas = orden[inicio:inicio + tamano_lote]
            L = perdida(X_ent[filas], y_ent[filas], w, b)
            L.backward()
            w.data -= lr * w.grad  # el paso, a mano
            b.data -= lr * b.grad
            w.grad[...] = 0  # y borramos el gradiente para el siguiente lote
            b.grad[...] = 0
        with descenso.no_grad():
            historia.append((perdida(X_ent, y_ent, w, b).item(), perdida(X_val, y_val, w, b).item()))
        print(f"época {epoca}: pérdida de entrenamiento {historia[-1][0]:.6f}, "
              f"de validación {historia[-1][1]:.6f}")
    print("error al estimar w:", w_verdadero - w.data[:, 0])
    print("error al estimar b:", b_verdadero - b.item())
    return w, b, historia


w, b, historia = entrenar(3)

# %%
fig, ax = plt.subplots(figsize=(7, 4.5))
epocas_eje = range(1, len(historia) + 1)
ax.plot(epocas_eje, [h[0] for h in historia], "o-", label="entrenamiento")
ax.plot(epocas_eje, [h[1] for h in historia], "s--", label="validación")
ax.set_yscale("log")
ax.set(xlabel="época", ylabel="mitad del error cuadrático (escala log)", title="La pérdida por época")
ax.legend()
plt.show()

# %% [markdown]
# Tras 3 épocas (94 pasos) el error en `w` y `b` todavía ronda 0.1-0.2: cada época multiplica
# el error por aproximadamente `(1 - 0.03)^32 ≈ 0.38`. Con 10 épocas baja de 0.01.

# %%
w, b, historia = entrenar(10)

# %% [markdown]
# Comparamos con la respuesta exacta de mínimos cuadrados sobre las mismas filas de
# entrenamiento.

# %%
from descenso.linear import LinearRegression

exacto = LinearRegression().fit(datos.X[:1000], datos.y[:1000])
print("mínimos cuadrados: w =", exacto.coef_, " b =", exacto.intercept_)
print("SGD desde cero:    w =", w.data[:, 0], " b =", b.item())

# %% [markdown]
# Desde la terminal: `descenso demo linear-scratch --lang es`.
