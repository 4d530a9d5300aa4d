# %% [markdown]
# # Lección 3: funciones de activación y sus derivadas
#
# Una neurona calcula `w x + b` y aplica una **función de activación**. Durante el
# entrenamiento el gradiente pasa hacia atrás por esa función multiplicado por su derivada:
# donde la derivada es casi cero, el gradiente **se desvanece** y la neurona apenas aprende.
#
# Dibujamos tanh, sigmoide, ReLU y LeakyReLU (pendiente 0.1) en [-4, 4]. Las derivadas no
# las escribimos a mano: las calcula el autograd de *descenso* con un solo `backward()` (cada
# salida depende solo de su entrada, así que el gradiente de la suma es la derivada en cada
# punto).

# %%
import matplotlib.pyplot as plt
import numpy as np

import descenso

x = np.linspace(-4.0, 4.0, 801)
UMBRAL = 0.05  # por debajo de esto decimos que el gradiente se desvanece


def activacion_y_derivada(nombre):
    entrada = descenso.tensor(x, requires_grad=True)  # float64, como x
    if nombre == "leaky_relu":
        salida = entrada.leaky_relu(0.1)
    else:
        salida = getattr(entrada, nombre)()
    salida.sum().backward()
    return salida.data, entrada.grad

# %% [markdown]
# Comprobemos primero que el autograd da las fórmulas conocidas:
# `tanh' = 1 - tanh²` y `sigmoide' = s (1 - s)`.

# %%
valores, derivada = activacion_y_derivada("tanh")
print("error máximo en tanh':", np.abs(derivada - (1 - np.tanh(x) ** 2)).max())
valores, derivada = activacion_y_derivada("sigmoid")
print("error máximo en sigmoide':", np.abs(derivada - valores * (1 - valores)).max())

# %%
titulos = {"tanh": "tanh", "sigmoid": "sigmoide", "relu": "ReLU", "leaky_relu": "LeakyReLU (0.1)"}
fig, ejes = plt.subplots(2, 2, figsize=(11, 8), layout="constrained")
for ax, (nombre, titulo) in zip(ejes.flat, titulos.items()):
    valores, derivada = activacion_y_derivada(nombre)
    ax.fill_between(x, -1, 4, where=np.abs(derivada) < UMBRAL, color="red", alpha=0.12,
                    label=f"el gradiente se desvanece (< {UMBRAL})")
    ax.plot(x, valores, lw=2, label="activación")
    ax.plot(x, derivada, "--", lw=2, label="derivada")
    ax.set_ylim(-1.1, 4.1)
    ax.set_xlabel("entrada x")
    ax.set_ylabel("salida y derivada")
    ax.set_title(titulo)
    ax.legend(loc="upper left", fontsize="small")
    zona = x[np.abs(derivada) < UMBRAL]
    print(f"{titulo:16s} derivada en -4: {derivada[0]:.4f}, en 0: {derivada[400]:.4f}, "
          f"en 4: {derivada[-1]:.4f};", "se desvanece en", len(zona), "de", len(x), "puntos")
plt.show()

# %% [markdown]
# - **tanh** y **sigmoide** se saturan a ambos lados; la derivada de la sigmoide nunca pasa
#   de 0.25, así que incluso en el mejor caso reduce el gradiente a la cuarta parte.
# - **ReLU** tiene derivada exactamente 0 para entradas negativas: una neurona que siempre
#   recibe entradas negativas queda "muerta".
# - **LeakyReLU** conserva una pendiente de 0.1, así que su gradiente nunca desaparece.
#
# Desde la terminal: `descenso demo activations --lang es`.
