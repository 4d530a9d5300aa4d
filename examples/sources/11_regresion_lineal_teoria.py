# %% [markdown]
# # Lección 11: la teoría de la regresión lineal, comprobada con números
#
# El tercer texto del curso (el capítulo de una tesis) deduce la regresión lineal. Aquí
# comprobamos cada paso con los mismos datos sintéticos: `y = X w + b + ruido`, con
# `w = [2, -3.4]`, `b = 4.2` y ruido normal de desviación típica 0.01.

# %%
import matplotlib.pyplot as plt
import numpy as np

import descenso
from descenso import nn, optim
from descenso.datasets import make_linear
from descenso.train import Trainer

datos = make_linear(2000, w=[2.0, -3.4], b=4.2, noise=0.01, seed=0)
X, y = datos.X[:1000], datos.y[:1000]
X_val, y_val = datos.X[1000:], datos.y[1000:]

# %% [markdown]
# ## 1. La forma cerrada
#
# Añadimos a `X` una columna de unos para que `b` sea un peso más. Igualar a cero el gradiente
# `2 Xᵀ(X w - y)` da las ecuaciones normales `Xᵀ X w = Xᵀ y`, de donde
# `w* = (Xᵀ X)⁻¹ Xᵀ y`. Resolvemos el sistema (sin invertir la matriz).

# %%
X1 = np.column_stack([X, np.ones(len(X))])
w_cerrada = np.linalg.solve(X1.T @ X1, X1.T @ y)
print("forma cerrada: w =", w_cerrada[:2], " b =", w_cerrada[2])

# %% [markdown]
# ## 2. La regresión lineal es una red de una capa
#
# `nn.Linear(2, 1)` guarda `w` (su peso, de forma (1, 2)) y `b` (su sesgo). La entrenamos con
# SGD por minilotes, los hiperparámetros del texto: tasa de aprendizaje 0.03, lotes de 32,
# 3 épocas.

# %%
descenso.manual_seed(0)
capa = nn.Linear(2, 1)
entrenador = Trainer(capa, nn.MSELoss(), optim.SGD(capa.parameters(), lr=0.03), epochs=3,
                     batch_size=32, verbose="quiet")
historia = entrenador.fit((X.astype(np.float32), y.astype(np.float32)),
                          (X_val.astype(np.float32), y_val.astype(np.float32)))
print("red de una capa: w =", capa.weight.data[0], " b =", capa.bias.data[0])
print("pérdida de validación por época:", historia["val_loss"])

# %% [markdown]
# El SGD no cae exactamente en el mínimo en un número finito de pasos, pero queda muy cerca.
#
# ## 3. Por qué la pérdida al cuadrado
#
# Si el ruido es normal, la probabilidad de cada residuo `r` es
# `p(r) = exp(-r² / (2σ²)) / sqrt(2πσ²)`. La log-verosimilitud negativa de todos los datos es
# `n/2 log(2πσ²) + n MSE / (2σ²)`: una constante más el MSE escalado. Los pesos que hacen
# los datos más probables son, por tanto, los de mínimos cuadrados. Lo vemos moviendo `w[0]`.

# %%
sigma = 0.01
t = np.linspace(-0.03, 0.03, 61)
residuo = X1 @ w_cerrada - y
mse = np.array([np.mean((residuo + d * X[:, 0]) ** 2) for d in t])
densidad = [np.exp(-(residuo + d * X[:, 0]) ** 2 / (2 * sigma**2)) / np.sqrt(2 * np.pi * sigma**2)
            for d in t]
nlv = np.array([-np.sum(np.log(p)) for p in densidad])
constante = len(y) / 2 * np.log(2 * np.pi * sigma**2)
print("mayor diferencia con la fórmula:", np.max(np.abs(nlv - (constante + len(y) * mse / (2 * sigma**2)))))
print("mínimo de la log-verosimilitud negativa en t =", t[nlv.argmin()], "; del MSE en t =", t[mse.argmin()])

fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(11, 4), layout="constrained")
ax1.plot(t, mse)
ax1.set(xlabel="t, el cambio de w[0]", ylabel="MSE", title="MSE")
ax2.plot(t, nlv, color="tab:orange")
ax2.set(xlabel="t, el cambio de w[0]", ylabel="log-verosimilitud negativa",
        title="log-verosimilitud negativa")
plt.show()

# %% [markdown]
# ## 4. Las clases de d2l en *descenso*
#
# | d2l | *descenso* |
# | --- | --- |
# | `Module.__init__` (w, b) y `forward` | `nn.Linear(2, 1)` (una subclase de `nn.Module`) |
# | `Module.loss` | `nn.MSELoss()` |
# | `Module.training_step(batch)` | dentro de `Trainer.fit`: `loss(model(X_lote), y_lote)` |
# | `Module.configure_optimizers` | `optim.SGD(model.parameters(), lr=0.03)` |
# | `DataModule.train_dataloader` | `DataLoader(X, y, batch_size=32, shuffle=True)` |
# | `DataModule.val_dataloader` | `Trainer.fit(train, val=(X_val, y_val))` |
# | `Trainer(max_epochs=3).fit(model, data)` | `Trainer(model, loss, optimizer, epochs=3).fit((X, y), val)` |
#
# *descenso* define cada clase entera en su archivo, sin `add_to_class`: cada método está
# donde está su clase.
#
# ## 5. Subajuste y sobreajuste
#
# Ajustamos polinomios de grado 0 a 10 a 20 puntos con ruido de una cúbica y medimos el error
# en 200 puntos nuevos.

# %%
rng = np.random.default_rng(1)
cubica = [0.5, -1.0, -1.0, 2.0]
x_ent, x_nuevos = rng.uniform(-2, 2, 20), rng.uniform(-2, 2, 200)
y_ent = np.polyval(cubica, x_ent) + rng.normal(0, 0.5, 20)
y_nuevos = np.polyval(cubica, x_nuevos) + rng.normal(0, 0.5, 200)
grados = range(11)
errores = []
for grado in grados:
    coeficientes = np.polyfit(x_ent, y_ent, grado)
    errores.append((np.mean((np.polyval(coeficientes, x_ent) - y_ent) ** 2),
                    np.mean((np.polyval(coeficientes, x_nuevos) - y_nuevos) ** 2)))
errores = np.array(errores)
fig, ax = plt.subplots(figsize=(7, 4.2))
ax.plot(grados, errores[:, 0], "o-", label="entrenamiento")
ax.plot(grados, errores[:, 1], "s--", label="validación")
ax.set(yscale="log", xlabel="grado del polinomio", ylabel="MSE (escala logarítmica)",
       title="Error según la capacidad")
ax.legend()
plt.show()
print("el error de validación es mínimo en el grado", int(errores[:, 1].argmin()))

# %% [markdown]
# Por debajo del grado 3 los dos errores son altos (subajuste); por encima, el error de
# entrenamiento sigue bajando mientras el de validación sube (sobreajuste).
#
# Desde la terminal: `descenso demo linear-theory --lang es`.
