# %% [markdown]
# # Lección 10: clasificar imágenes con la red de Keras
#
# El segundo texto del curso sigue el tutorial de TensorFlow con Fashion-MNIST: mira las
# imágenes, entrena `Flatten -> Dense(128, relu) -> Dense(10)` con Adam y entropía cruzada
# durante 10 épocas (exactitud de prueba 0.8798), predice con una softmax encima y después
# cambia la red: 28 unidades ocultas (0.7230), 5 salidas (un error) y 15 salidas (0.6418).
#
# Aquí hacemos lo mismo con *descenso*. Los archivos se buscan en la carpeta de
# `DESCENSO_DATA` (o en la caché del usuario). Para ir rápido usamos 6000 imágenes de
# entrenamiento; `descenso demo images --lang es` repite el experimento completo, con las
# 60000 (unos 4 minutos).

# %%
import matplotlib.pyplot as plt
import numpy as np

import descenso
from descenso import nn, optim
from descenso.datasets import load_fashion_mnist
from descenso.train import Trainer

datos = load_fashion_mnist(download=False)
nombres = ["Camiseta/top", "Pantalón", "Jersey", "Vestido", "Abrigo",
           "Sandalia", "Camisa", "Zapatilla", "Bolso", "Bota de tobillo"]
print(datos.X_train.shape, len(datos.y_train))

N = 6000
imagenes, etiquetas = datos.X_train[:N], datos.y_train[:N]
imagenes_prueba, etiquetas_prueba = datos.X_test, datos.y_test

# %% [markdown]
# Cada imagen es un arreglo de 28 x 28 con brillos de 0 a 255 (no de 28 x 28 x 3, como pensó el
# texto al principio). Los colores los pone el mapa de colores: sin `cmap`, matplotlib usa
# viridis.

# %%
fig, ax = plt.subplots(figsize=(5.5, 4.5))
imagen = ax.imshow(imagenes[0])
fig.colorbar(imagen, ax=ax, label="brillo (de 0 a 255)")
ax.set(xticks=[], yticks=[], title=nombres[etiquetas[0]])
plt.show()

fig = plt.figure(figsize=(10, 10))
for i in range(25):
    ax = fig.add_subplot(5, 5, i + 1)
    ax.imshow(imagenes[i], cmap="binary")
    ax.set(xticks=[], yticks=[])
    ax.set_xlabel(nombres[etiquetas[i]])
plt.show()

# %% [markdown]
# ## La red del texto
#
# `Flatten` aplana cada imagen en 784 números; `Linear(784, 128)` es la `Dense(128)` de Keras.
# `CrossEntropyLoss` recibe los logits, como `from_logits=True`. Adam con tasa de aprendizaje
# 0.001 es el optimizador por defecto de Keras.

# %%
def red(ocultas, salidas, semilla=0):
    descenso.manual_seed(semilla)
    return nn.Sequential(nn.Flatten(), nn.Linear(784, ocultas), nn.ReLU(),
                         nn.Linear(ocultas, salidas))


def entrenar(modelo, escalar, epocas):
    X = imagenes.astype(np.float32) / (255.0 if escalar else 1.0)
    X_prueba = imagenes_prueba.astype(np.float32) / (255.0 if escalar else 1.0)
    entrenador = Trainer(modelo, nn.CrossEntropyLoss(), optim.Adam(modelo.parameters(), lr=1e-3),
                         epochs=epocas, batch_size=32, verbose="quiet")
    historia = entrenador.fit((X, etiquetas))
    with descenso.no_grad():
        logits = modelo(descenso.tensor(X_prueba)).data
    exactitud = np.mean(logits.argmax(axis=1) == etiquetas_prueba)
    return historia["loss"][0], exactitud, logits


modelo = red(128, 10)
primera, exactitud_128, logits = entrenar(modelo, escalar=True, epocas=5)
print(f"128 unidades: pérdida de la primera época {primera:.4f}, exactitud de prueba "
      f"{exactitud_128:.4f} (el texto: 0.8798 con 60000 imágenes y 10 épocas)")

# %% [markdown]
# ## Predecir: la softmax encima de la red

# %%
probabilidades = np.exp(logits - logits.max(axis=1, keepdims=True))
probabilidades /= probabilidades.sum(axis=1, keepdims=True)
fig, (ax_imagen, ax_barras) = plt.subplots(1, 2, figsize=(6, 3))
ax_imagen.imshow(imagenes_prueba[0], cmap="binary")
predicha = probabilidades[0].argmax()
ax_imagen.set(xticks=[], yticks=[])
ax_imagen.set_xlabel(f"{nombres[predicha]} {100 * probabilidades[0].max():.0f}% "
                     f"({nombres[etiquetas_prueba[0]]})",
                     color="blue" if predicha == etiquetas_prueba[0] else "red")
barras = ax_barras.bar(range(10), probabilidades[0], color="#777777")
barras[predicha].set_color("red")
barras[etiquetas_prueba[0]].set_color("blue")
ax_barras.set(ylim=(0, 1), xticks=range(10), yticks=[])
plt.show()

# %% [markdown]
# ## Los tamaños de red del texto
#
# Con 28 unidades el texto obtuvo 0.7230, y la pérdida de su primera época fue 6.98 en lugar de
# 0.63: es la marca de unos píxeles que se quedaron en 0-255. Lo comprobamos entrenando las
# mismas 28 unidades con y sin escalar.

# %%
for escalar in (False, True):
    primera, exactitud, _ = entrenar(red(28, 10), escalar=escalar, epocas=5)
    print(f"28 unidades, píxeles {'escalados' if escalar else 'de 0 a 255'}: pérdida de la "
          f"primera época {primera:.4f}, exactitud {exactitud:.4f}")

try:
    entrenar(red(28, 5), escalar=False, epocas=1)
except descenso.errors.DataError as error:
    print("5 salidas, como en el texto, falla:", error)

# %% [markdown]
# Con 15 salidas las etiquetas (de 0 a 9) caben, y las cinco salidas de más aprenden a quedarse
# bajas; la exactitud menor del texto (0.6418) vuelve a venir de los píxeles sin escalar.
#
# Desde la terminal: `descenso demo images --lang es`.
