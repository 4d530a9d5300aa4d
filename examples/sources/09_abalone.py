# %% [markdown]
# # Lección 9: regresión lineal en Abalone, de principio a fin
#
# Queremos predecir los anillos de un abulón (su edad) a partir del sexo (codificado one-hot
# como M, F, I) y de siete medidas. Un estudiante lo hizo con descenso de gradiente
# escrito desde cero: separación 60/20/20 con una mezcla con semilla, `w -= lr * dw` con
# `lr = 0.001` durante 20 000 iteraciones. Publicó estos R²:
#
# | ejecución | R² entrenamiento | R² validación |
# |---|---|---|
# | sin estandarizar | 0.3755 | 0.3729 |
# | estandarizado | 0.5320 | 0.4978 |
#
# y concluyó que un modelo lineal solo explica un 40 % de la varianza. Repetimos sus tres
# pasos con *descenso* y dejamos que el diagnóstico diga qué pasó.

# %%
import matplotlib.pyplot as plt

from descenso.data.split import train_val_test_split
from descenso.data.standardizer import Standardizer
from descenso.datasets.abalone import load_abalone
from descenso.diagnose import diagnose
from descenso.linear import LinearRegression

datos = load_abalone()
print(datos.feature_names, "->", datos.target_name, datos.X.shape)
X_ent, X_val, X_test, y_ent, y_val, y_test = train_val_test_split(datos.X, datos.y)
print(len(y_ent), "filas de entrenamiento,", len(y_val), "de validación,", len(y_test), "de prueba")

# %% [markdown]
# ## 1. Descenso de gradiente sin estandarizar

# %%
sin_estandarizar = LinearRegression(solver="gd", lr=0.001, max_iter=20_000, tol=None)
sin_estandarizar.fit(X_ent, y_ent)
print(f"R² entrenamiento {sin_estandarizar.score(X_ent, y_ent):.4f} (publicado 0.3755), "
      f"validación {sin_estandarizar.score(X_val, y_val):.4f} (publicado 0.3729)")

# %% [markdown]
# ## 2. Descenso de gradiente con variables estandarizadas
#
# Las medias y desviaciones se calculan **solo con las filas de entrenamiento**.

# %%
escalador = Standardizer().fit(X_ent)
Z_ent, Z_val = escalador.transform(X_ent), escalador.transform(X_val)
estandarizado = LinearRegression(solver="gd", lr=0.001, max_iter=20_000, tol=None).fit(Z_ent, y_ent)
print(f"R² entrenamiento {estandarizado.score(Z_ent, y_ent):.4f} (publicado 0.5320), "
      f"validación {estandarizado.score(Z_val, y_val):.4f} (publicado 0.4978)")

# %% [markdown]
# ## 3. La solución exacta (mínimos cuadrados)

# %%
exacta = LinearRegression(solver="normal").fit(X_ent, y_ent)
print(f"R² entrenamiento {exacta.score(X_ent, y_ent):.4f}, validación {exacta.score(X_val, y_val):.4f}")

# %% [markdown]
# ## El diagnóstico
#
# Además del sesgo y la varianza que juzgaba el estudiante a partir del R², el diagnóstico
# compara el error de entrenamiento con el óptimo de mínimos cuadrados y mira la escala de
# las variables.

# %%
from descenso.i18n import set_language

set_language("es")  # el diagnóstico en español (si el catálogo está traducido)
for nombre, modelo, X_e, X_v in [("sin estandarizar", sin_estandarizar, X_ent, X_val),
                                 ("estandarizado", estandarizado, Z_ent, Z_val)]:
    resultado = diagnose(modelo.score(X_e, y_ent), modelo.score(X_v, y_val), model=modelo,
                         X_train=X_e, y_train=y_ent, feature_names=list(datos.feature_names))
    print(f"--- {nombre} ---")
    print("\n".join(resultado.text()))
set_language(None)

# %%
fig, ax = plt.subplots(figsize=(10, 4.5))
ax.plot(sin_estandarizar.history_, color="tab:red", label="sin estandarizar")
ax.plot(estandarizado.history_, color="tab:purple", label="estandarizado")
ax.axhline(exacta.history_[-1], color="k", ls="--", label="óptimo de mínimos cuadrados")
ax.set_xscale("symlog", linthresh=10)
ax.set_xlim(0, len(sin_estandarizar.history_))  # sin margen: el eje empieza en la iteración 0
ax.set_yscale("log")
ax.set(xlabel="iteración", ylabel="MSE de entrenamiento (escala log)",
       title="El descenso de gradiente se detiene por encima del óptimo")
ax.legend()
plt.show()

# %% [markdown]
# ## La comprobación sintética del estudiante
#
# Para demostrar que su código funcionaba, el estudiante creó datos exactamente lineales,
# `y = 2 x1 + 3 x2 + 5 x3 + 7 x4 + 4`, con `np.random.seed(42)`, los dividió 80/20 y publicó
# `w = [2.00354048 3.00362156 5.00379594 7.00382549]`, `b = 3.927264` y R² de prueba 1.0000.

# %%
import numpy as np

from descenso.data.split import train_test_split

aleatorio = np.random.RandomState(42)  # el np.random.seed(42) del estudiante
x = aleatorio.randint(0, 10, (1000, 4)).astype(float)
y = 2 * x[:, 0] + 3 * x[:, 1] + 5 * x[:, 2] + 7 * x[:, 3] + 4
x_ent, x_prueba, y_ent_s, y_prueba_s = train_test_split(x, y, test_size=0.2, seed=42)
sintetico = LinearRegression(solver="gd", lr=0.001, max_iter=20_000, tol=None).fit(x_ent, y_ent_s)
print("w =", sintetico.coef_, " b =", round(sintetico.intercept_, 6),
      " R² de prueba =", round(sintetico.score(x_prueba, y_prueba_s), 4))

# %% [markdown]
# Los mismos números, cifra a cifra.
#
# ## Su primera ejecución con el abulón: 80/20
#
# El estudiante obtuvo "un R² de .4" en la prueba con una división 80/20.

# %%
X_ent80, X_prueba20, y_ent80, y_prueba20 = train_test_split(datos.X, datos.y, test_size=0.2, seed=42)
ochenta = LinearRegression(solver="gd", lr=0.001, max_iter=20_000, tol=None).fit(X_ent80, y_ent80)
r2 = ochenta.score(X_prueba20, y_prueba20)
print(f"R² de prueba: {r2:.4f} (publicado: .4)")
fig, ax = plt.subplots(figsize=(6, 6))
ax.scatter(y_prueba20, ochenta.predict(X_prueba20), alpha=0.6, edgecolor="k")
ax.plot([y_prueba20.min(), y_prueba20.max()], [y_prueba20.min(), y_prueba20.max()], "r--", lw=2)
ax.set(xlabel="valores reales (anillos)", ylabel="valores predichos (anillos)",
       title=f"Predicción con descenso de gradiente (R² = {r2:.4f})")
ax.grid(True, linestyle="--", alpha=0.6)
plt.show()

# %% [markdown]
# Un modelo lineal explica alrededor de un 54 % de la varianza de las filas de
# entrenamiento, no un 40 %: el descenso del estudiante simplemente no había terminado (se
# detuvo un 37 % por encima del error óptimo, con un paso cientos de veces menor que el
# límite de estabilidad). Estandarizar hace que cada paso rinda más; la solución exacta, o
# `lr="auto"`, llega directamente al óptimo.
#
# Desde la terminal: `descenso demo abalone --lang es`.
