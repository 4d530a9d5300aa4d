# %% [markdown]
# # Lección 12: deconvolución ciega por descenso de gradiente
#
# La tesis entre los textos del curso se titula *Deconvolución ciega de imágenes con técnicas
# de aprendizaje profundo*: recuperar una foto nítida cuando tanto la imagen como el
# desenfoque son desconocidos. Aquí usamos las mismas herramientas que para ajustar una recta
# —una pérdida, su gradiente por autograd y el descenso de gradiente— para estimar una foto
# nítida y el movimiento de cámara que la desenfocó.
#
# El modelo del desenfoque es `borrosa = núcleo * nítida + ruido`: una **convolución** de la
# imagen nítida con un núcleo de desenfoque (el camino de la cámara, como pesos que suman 1).

# %%
import matplotlib.pyplot as plt
import numpy as np

import descenso
from descenso.autograd.ops.fft_conv import fft_conv2d
from descenso.datasets.photos import camera_path
from descenso.deblur import blind_deconvolve, camera_shake_kernel, crop, deconvolve, psnr, ssim
from descenso.deblur.images import read_image
from descenso.deblur.pyramid import resize

lado, k = 128, 15
foto = read_image(camera_path())
nitida = resize(foto, (lado + k - 1, lado + k - 1))
nucleo = camera_shake_kernel(k, seed=0)
rng = np.random.default_rng(0)
borrosa = fft_conv2d(nitida, nucleo).data + rng.normal(0, 0.01, (lado, lado))

fig, ejes = plt.subplots(1, 3, figsize=(11, 4))
for eje, imagen, titulo in zip(ejes, (nitida, nucleo, borrosa),
                               ("nítida", "núcleo (movimiento de cámara)", "borrosa + 1% de ruido")):
    eje.imshow(imagen, cmap="gray")
    eje.set_title(titulo)
    eje.axis("off")
plt.show()

# %% [markdown]
# ## La energía y su gradiente
#
# Buscamos la imagen `u` que minimiza
#
# $$E(u) = \tfrac12 \sum (k * u - f)^2 + \lambda\, TV(u),$$
#
# donde el primer término pide que `u`, desenfocada, se parezca a la foto observada `f`, y la
# **variación total** `TV(u)` (la suma de la longitud del gradiente de la imagen) prefiere
# imágenes de zonas planas con bordes nítidos. El gradiente lo calcula el autograd de
# *descenso*, igual que el de una recta:

# %%
from descenso.deblur.energy import energy

u = descenso.tensor(np.pad(borrosa, k // 2, mode="edge"), requires_grad=True, dtype="float64")
valor = energy(u, descenso.tensor(nucleo, dtype="float64"),
               descenso.tensor(borrosa, dtype="float64"), lam=2e-3, eps=5e-3)
valor.backward()
print("energía:", round(valor.item(), 4), "| forma del gradiente:", tuple(u.grad.shape))

# %% [markdown]
# ## Deconvolución no ciega: el núcleo es conocido
#
# Con el núcleo conocido basta el descenso de gradiente sobre `u` (acelerado con el impulso de
# Nesterov).

# %%
no_ciega = crop(deconvolve(borrosa, nucleo, iterations=200), nucleo.shape)
referencia = crop(nitida, nucleo.shape)
print(f"borrosa:   PSNR {psnr(borrosa, referencia):.2f} dB, SSIM {ssim(borrosa, referencia):.3f}")
print(f"no ciega:  PSNR {psnr(no_ciega, referencia):.2f} dB, SSIM {ssim(no_ciega, referencia):.3f}")

# %% [markdown]
# ## Deconvolución ciega: imagen y núcleo a la vez
#
# Ahora el núcleo también es desconocido. Siguiendo a Perrone y Favaro (CVPR 2014), imagen y
# núcleo se turnan: un paso de gradiente en la imagen, otro en el núcleo, y el núcleo vuelve a
# ser válido (pesos no negativos que suman 1). Se trabaja de lo grueso a lo fino: a un cuarto
# del tamaño el movimiento mide pocos píxeles y su forma aproximada es fácil de encontrar.

# %%
resultado = blind_deconvolve(borrosa, k, iterations=150)
ciega = crop(deconvolve(borrosa, resultado.kernel, iterations=200, start=resultado.image),
             nucleo.shape)
print(f"ciega:     PSNR {psnr(ciega, referencia):.2f} dB, SSIM {ssim(ciega, referencia):.3f}")

fig, ejes = plt.subplots(1, len(resultado.kernels) + 1, figsize=(12, 2.8))
ejes[0].imshow(nucleo, cmap="gray")
ejes[0].set_title("verdadero")
for eje, estimado, escala in zip(ejes[1:], resultado.kernels, resultado.scales):
    eje.imshow(estimado, cmap="gray")
    eje.set_title(f"escala {escala:.2f}")
for eje in ejes:
    eje.axis("off")
plt.show()

# %% [markdown]
# Lo mismo desde la línea de órdenes, con informe y núcleo guardados:
#
# ```bash
# descenso deblur borrosa.png --kernel-size 25 --lang es
# descenso demo deconvolution --lang es
# ```
