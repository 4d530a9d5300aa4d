# %% [markdown]
# # Lección 1: el gradiente a mano y con autograd
#
# El modelo es una recta, `ŷ = m x + b`. Los datos son puntos con ruido alrededor de la recta
# verdadera `m = 0.5`, `b = 0`. Partimos de `m = 0.8` (y dejamos `b = 0` fijo) y damos 25
# pasos de descenso de gradiente con tasa de aprendizaje 0.001, **actualizando solo m**.
#
# El gradiente lo calculamos de dos maneras y las comparamos paso a paso:
#
# 1. **A mano, con la regla de la cadena**: la derivada del error respecto de la predicción
#    por la derivada de la predicción respecto de cada parámetro, promediada sobre los puntos:
#    - MAE: `dL/dŷ = signo(ŷ - y)`; MSE: `dL/dŷ = 2 (ŷ - y)`;
#    - `dŷ/dm = x` y `dŷ/db = 1`.
# 2. **Con el autograd de *descenso***: construimos la pérdida con tensores y llamamos a
#    `backward()`.
#
# Usamos float64 en ambos casos para que la comparación muestre solo el redondeo.

# %%
import matplotlib.pyplot as plt
import numpy as np

import descenso
from descenso.datasets import make_line

datos = make_line(50, m=0.5, b=0.0, sigma=2.0, range_=50.0, seed=0)
x = datos.X[:, 0].astype(np.float64)
y = datos.y.astype(np.float64)
print(x.shape, y.shape)

# %%
def gradientes_a_mano(m, b, perdida):
    residuo = m * x + b - y
    d_pred = np.sign(residuo) if perdida == "mae" else 2.0 * residuo  # dL/dŷ
    return np.mean(d_pred * x), np.mean(d_pred * 1.0)  # dŷ/dm = x, dŷ/db = 1


def descenso_por_el_gradiente(perdida, pasos=25, lr=1e-3):
    m = descenso.tensor([0.8], requires_grad=True, dtype="float64")
    b = descenso.tensor([0.0], requires_grad=True, dtype="float64")
    x_t, y_t = descenso.tensor(x), descenso.tensor(y)
    pendientes = [0.8]
    print(f"{perdida.upper()}: paso  m         dL/dm a mano   dL/dm autograd   diferencia")
    for paso in range(1, pasos + 1):
        m.grad, b.grad = None, None
        residuo = m * x_t + b - y_t
        L = residuo.abs().mean() if perdida == "mae" else (residuo ** 2).mean()
        L.backward()
        a_mano, _ = gradientes_a_mano(m.item(), b.item(), perdida)
        print(f"{perdida.upper()}: {paso:4d}  {m.item():.6f}  {a_mano:13.6f}  "
              f"{m.grad[0]:15.6f}  {abs(a_mano - m.grad[0]):10.2e}")
        m.data -= lr * m.grad  # solo m se actualiza
        pendientes.append(m.item())
    return pendientes

# %%
pendientes_mae = descenso_por_el_gradiente("mae")

# %%
pendientes_mse = descenso_por_el_gradiente("mse")

# %% [markdown]
# Las dos columnas coinciden hasta el redondeo. Fíjate además en cómo se mueve `m`:
# el gradiente del MAE solo ve el **signo** de cada error, así que los pasos tienen casi el
# mismo tamaño hasta que `m` llega a la mejor pendiente; el del MSE es proporcional al error,
# así que los primeros pasos son grandes (aquí se pasa de largo y `m` oscila) y se achican al
# acercarse a la mejor pendiente.
#
# Ahora dibujamos la recta después de cada paso, con colores de la escala "winter" (azul al
# principio, verde al final), junto con los datos y la recta verdadera.

# %%
fig, ejes = plt.subplots(1, 3, figsize=(15, 4.5), layout="constrained")
extremos = np.array([x.min(), x.max()])
colores = plt.colormaps["winter"](np.linspace(0, 1, 25))
for ax, (nombre, pendientes) in zip(ejes, [("MAE", pendientes_mae), ("MSE", pendientes_mse)]):
    ax.scatter(x, y, s=12, color="0.6", label="datos")
    for pendiente, color in zip(pendientes[1:], colores):
        ax.plot(extremos, pendiente * extremos, color=color, lw=1)
    ax.plot(extremos, 0.8 * extremos, color="orange", lw=2, label="inicio m = 0.8")
    ax.plot(extremos, 0.5 * extremos, "k--", lw=2, label="recta verdadera m = 0.5")
    ax.set(xlabel="x", ylabel="y", title=f"{nombre}: la recta tras cada paso")
    ax.legend(loc="upper left", fontsize="small")
    fig.colorbar(plt.cm.ScalarMappable(plt.Normalize(1, 25), "winter"), ax=ax, label="paso")
ejes[2].plot(pendientes_mae, "o-", ms=3, label="MAE")
ejes[2].plot(pendientes_mse, "s-", ms=3, label="MSE")
ejes[2].axhline(0.5, color="k", ls="--", label="m verdadera")
ejes[2].set(xlabel="paso", ylabel="pendiente m", title="m tras cada paso")
ejes[2].legend()
plt.show()

# %% [markdown]
# Desde la terminal: `descenso demo gradients --lang es`.
