# %% [markdown]
# # Lección 2: superficies de error
#
# Cada pareja `(m, b)` es una recta `y = m x + b` y tiene un error. Si dibujamos el error para
# todos los `m` y `b` en [-5, 5] obtenemos una **superficie**, y el descenso de gradiente
# camina cuesta abajo sobre ella.
#
# Veremos cuatro errores, cada uno como mapa de contornos rellenos (con su barra de colores)
# junto a una vista en 3-D:
#
# - el error absoluto y el error cuadrático de **un solo punto** (x=4, y=4);
# - el MAE y el MSE de **un conjunto de datos** con ruido.

# %%
import matplotlib.pyplot as plt
import numpy as np

import descenso
from descenso.datasets import make_line
from descenso.optim import SGD

eje = np.linspace(-5, 5, 81)
M, B = np.meshgrid(eje, eje)  # todas las parejas (m, b) de la rejilla


def error_en_rejilla(x, y, tipo):
    residuo = M[..., None] * x + B[..., None] - y  # forma (81, 81, n): todo a la vez
    return np.abs(residuo).mean(-1) if tipo == "abs" else (residuo ** 2).mean(-1)

# %% [markdown]
# El camino del descenso de gradiente lo calcula el autograd de *descenso*: `m` y `b` son
# tensores, la pérdida se construye con ellos y `SGD` da los pasos.

# %%
def camino(x, y, tipo, lr, pasos=40, inicio=(-4.0, -4.0)):
    m = descenso.tensor([inicio[0]], requires_grad=True, dtype="float64")
    b = descenso.tensor([inicio[1]], requires_grad=True, dtype="float64")
    x_t, y_t = descenso.tensor(x), descenso.tensor(y)
    optimizador = SGD([m, b], lr=lr)
    puntos = [inicio]
    for _ in range(pasos):
        optimizador.zero_grad()
        residuo = m * x_t + b - y_t
        perdida = residuo.abs().mean() if tipo == "abs" else (residuo ** 2).mean()
        perdida.backward()
        optimizador.step()
        puntos.append((m.item(), b.item()))
    return np.array(puntos)


def dibujar(x, y, tipo, lr, titulo):
    Z = error_en_rejilla(x, y, tipo)
    recorrido = camino(x, y, tipo, lr)
    fig = plt.figure(figsize=(12, 4.8), layout="constrained")
    ax = fig.add_subplot(1, 2, 1)
    relleno = ax.contourf(M, B, Z, levels=30, cmap="viridis")
    fig.colorbar(relleno, ax=ax, label=titulo)
    ax.plot(recorrido[:, 0], recorrido[:, 1], "o-", color="red", ms=3,
            label="camino del descenso de gradiente")
    ax.set(xlabel="pendiente m", ylabel="ordenada al origen b", title=titulo,
           xlim=(-5, 5), ylim=(-5, 5))
    ax.legend(loc="lower left", fontsize="small")
    ax3d = fig.add_subplot(1, 2, 2, projection="3d")
    ax3d.plot_surface(M, B, Z, cmap="viridis", linewidth=0)
    ax3d.set(xlabel="pendiente m", ylabel="ordenada b", zlabel=titulo,
             title="el mismo error como superficie")
    plt.show()
    print(f"{titulo}: el descenso termina en m = {recorrido[-1, 0]:.3f}, b = {recorrido[-1, 1]:.3f}")
    return recorrido

# %% [markdown]
# ## Un solo punto: (4, 4)

# %%
x_punto, y_punto = np.array([4.0]), np.array([4.0])
dibujar(x_punto, y_punto, "abs", 0.05, "error absoluto del punto (4, 4)")
dibujar(x_punto, y_punto, "cuadrado", 0.25 / 17, "error cuadrático del punto (4, 4)")

# %% [markdown]
# El error es cero a lo largo de **toda una recta**, `b = 4 - 4m`: un solo punto no basta para
# decidir una recta. El descenso se detiene en cuanto llega a ese valle.
#
# ## Un conjunto de datos

# %%
datos = make_line(40, m=0.5, b=1.0, sigma=0.5, range_=4, seed=0)
x, y = datos.X[:, 0].astype(float), datos.y.astype(float)
media_x2 = np.mean(x ** 2)
camino_mae = dibujar(x, y, "abs", 0.5 / np.sqrt(media_x2), "MAE de los datos")
camino_mse = dibujar(x, y, "cuadrado", 0.5 / (1 + media_x2), "MSE de los datos")
optimo = np.polyfit(x, y, 1)
print("mínimos cuadrados (la respuesta exacta del MSE): m, b =", optimo)

# %% [markdown]
# ## Lo que enseñan los caminos
#
# El punto central del texto: **m mueve el error más deprisa que b**. La curvatura del MSE a
# lo largo de m es `media(x²)` veces la de b; la pendiente del MAE a lo largo de m es
# `media(|x|)` veces la de b. Un mismo Δ (aquí, la tasa de aprendizaje) no puede servir a los
# dos parámetros.

# %%
print(f"el MSE se curva {media_x2:.1f} veces más a lo largo de m que de b")
print(f"el MAE sube {np.mean(np.abs(x)):.1f} veces más deprisa a lo largo de m que de b")
pasos_mae = np.hypot(*np.diff(camino_mae, axis=0).T)
print(f"los pasos del camino del MAE se acortan de {pasos_mae[0]:.2f} a {pasos_mae[-1]:.2f}")
print(f"tras 40 pasos, el camino del MSE queda a {np.hypot(*(camino_mse[-1] - optimo)):.2f} "
      "del mínimo")

# %% [markdown]
# El MAE es un cono de caras planas: en cada cara su gradiente tiene el mismo tamaño. Aun así
# los pasos se acortan, porque cada vez que la recta cruza un punto cambia de cara, y cerca del
# fondo los puntos de uno y otro lado tiran en sentidos opuestos. El MSE es un cuenco suave
# cuyo gradiente se achica al acercarse al fondo.
#
# Ninguno de los dos caminos llega al mínimo: primero bajan deprisa a lo largo de m, la
# dirección empinada, y después se arrastran por el valle poco profundo de b. La tasa de
# aprendizaje que mantiene estable a m es demasiado pequeña para b. Estandarizar x, o un
# optimizador con un paso por parámetro como Adam, lo resuelve.
#
# Desde la terminal: `descenso demo surface --lang es`.
