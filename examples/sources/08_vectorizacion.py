# %% [markdown]
# # Lección 8: vectorización
#
# Sumar dos vectores de 10 000 números se puede hacer de dos maneras:
#
# - con un bucle de Python que suma elemento a elemento (el intérprete trabaja 10 000 veces);
# - con **una sola operación vectorial**, `a + b`, que NumPy ejecuta en código compilado.
#
# Medimos las dos con `time.perf_counter` y nos quedamos con el mejor de varios intentos
# (el menos perturbado por otros programas). Por esta razón todas las capas, pérdidas y
# optimizadores de *descenso* trabajan con arreglos completos, sin bucles sobre las muestras.

# %%
import time

import matplotlib.pyplot as plt
import numpy as np

import descenso

n = 10_000
a = np.ones(n, dtype=np.float32)
b = np.ones(n, dtype=np.float32)

# %%
def suma_con_bucle(a, b):
    c = np.zeros_like(a)
    for i in range(len(a)):
        c[i] = a[i] + b[i]
    return c


def mejor_tiempo(funcion, repeticiones=7):
    mejor = float("inf")
    for _ in range(repeticiones):
        inicio = time.perf_counter()
        funcion()
        mejor = min(mejor, time.perf_counter() - inicio)
    return mejor


assert np.array_equal(suma_con_bucle(a, b), a + b)  # las dos calculan lo mismo
t_bucle = mejor_tiempo(lambda: suma_con_bucle(a, b))
t_vector = mejor_tiempo(lambda: a + b)
print(f"bucle de Python:     {t_bucle:.6f} s")
print(f"operación vectorial: {t_vector:.6f} s")
print(f"la operación vectorial es {t_bucle / t_vector:.0f} veces más rápida")

# %% [markdown]
# Un tensor de *descenso* guarda sus números en un arreglo de NumPy, así que sumar dos tensores
# también es una sola operación vectorial (más el pequeño coste de registrar el grafo para
# el gradiente).

# %%
ta, tb = descenso.tensor(a), descenso.tensor(b)
t_tensor = mejor_tiempo(lambda: ta + tb)
print(f"suma de tensores:    {t_tensor:.6f} s  ({t_bucle / t_tensor:.0f} veces más rápida que el bucle)")

# %%
fig, ax = plt.subplots(figsize=(7, 4))
etiquetas = ["bucle de Python", "operación vectorial", "tensores de descenso (la biblioteca)"]
tiempos_ms = [1e3 * t for t in (t_bucle, t_vector, t_tensor)]
barras = ax.bar(etiquetas, tiempos_ms, color=["#d95f02", "#1b9e77", "#7570b3"])
ax.bar_label(barras, fmt="%.3g ms", padding=2)
ax.set_yscale("log")
ax.set_ylim(min(tiempos_ms) / 3, max(tiempos_ms) * 6)  # sitio para la etiqueta más alta
ax.set_ylabel("tiempo (milisegundos, escala logarítmica)")
ax.set_title(f"Sumar dos vectores de {n} elementos")
plt.show()

# %% [markdown]
# ## Los tiempos del texto
#
# El texto midió 0.17802 s con el bucle y 0.00036 s con `a + b`. Los tiempos dependen de la
# máquina, de su carga y de las versiones: compara las proporciones, no los segundos. Su bucle
# era más lento que el nuestro porque recorría **tensores**: cada `a[i]` crea un tensor nuevo y
# cada `+` pasa por el despacho de la biblioteca, lo que cuesta microsegundos por elemento. Lo
# vemos con los tensores de *descenso*:

# %%
def suma_con_bucle_de_tensores(a, b):
    c = np.zeros(a.shape, dtype=a.dtype)
    for i in range(a.shape[0]):
        c[i] = (a[i] + b[i]).item()
    return c


t_bucle_tensores = mejor_tiempo(lambda: suma_con_bucle_de_tensores(ta, tb), 3)
print(f"bucle sobre tensores: {t_bucle_tensores:.5f} s (el texto: 0.17802 s)")
print(f"bucle sobre NumPy:    {t_bucle:.5f} s")

# %% [markdown]
# El mismo experimento desde la terminal: `descenso demo vectorization --lang es`.
