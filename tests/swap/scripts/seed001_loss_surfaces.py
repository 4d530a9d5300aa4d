# Course text 001, cell In [3] and the cell after it: the absolute and squared error of one
# point over a grid of (m, b), drawn as heat maps and 3-D surfaces with torch.linspace and
# torch.meshgrid. Glue: the prints of a few numbers of the surfaces (the text only draws them)
# and closing the figures.
import torch
import matplotlib.pyplot as plt
from mpl_toolkits.mplot3d import Axes3D


def line_model(m, b, inputs):
    return m*inputs+b

def AE_loss(y_pred, y_true):
    return torch.abs(y_pred - y_true)

def SE_loss(y_pred, y_true):
    return (y_pred-y_true)**2


x_true, y_true = (4,4)
ae_list = []
se_list = []

m = torch.linspace(-5, 5, 100)
b = torch.linspace(-5, 5, 100)
M, B = torch.meshgrid(m, b, indexing='ij')    # Producto cartesiano
y_pred = line_model(M, B, x_true)
ae_error = AE_loss(y_pred, y_true)
se_error = SE_loss(y_pred, y_true)

# Mostramos el Error Absoluto
fig = plt.figure(figsize=(12, 6))

# Plotear un mapa de calor
ax1 = fig.add_subplot(1, 2, 1)
c = ax1.contourf(M, B, ae_error, levels=50, cmap="viridis")
fig.colorbar(c, ax=ax1, label="Error")
ax1.set_xlabel("m")
ax1.set_ylabel("b")
ax1.set_title("Error Absoluto")

# Superficie 3D
ax2 = fig.add_subplot(1, 2, 2, projection="3d")
ax2.plot_surface(M, B, ae_error, cmap="viridis")
ax2.set_xlabel("m")
ax2.set_ylabel("b")
ax2.set_zlabel("Error")
ax2.set_title("Error Absoluto")

plt.tight_layout()
plt.show()

# Mostramos el Error Cuadrático
fig = plt.figure(figsize=(12, 6))

# Plotear un mapa de calor
ax1 = fig.add_subplot(1, 2, 1)
c = ax1.contourf(M, B, se_error, levels=50, cmap="viridis")
fig.colorbar(c, ax=ax1, label="Error")
ax1.set_xlabel("m")
ax1.set_ylabel("b")
ax1.set_title("Error Cuadrático")

# Superficie 3D
ax2 = fig.add_subplot(1, 2, 2, projection="3d")
ax2.plot_surface(M, B, se_error, cmap="viridis")
ax2.set_xlabel("m")
ax2.set_ylabel("b")
ax2.set_zlabel("Error")
ax2.set_title("Error Cuadrático")

plt.tight_layout()
plt.show()
plt.close("all")

# Glue: numbers to compare.
print("shapes", tuple(M.shape), tuple(ae_error.shape))
print("M corners", M[0, 0].item(), M[-1, 0].item(), B[0, -1].item())
print("AE mean / max", ae_error.mean().item(), ae_error.max().item())
print("SE mean / max", se_error.mean().item(), se_error.max().item())
print("SE at (0.5, 2)", se_error[55, 69].item())
