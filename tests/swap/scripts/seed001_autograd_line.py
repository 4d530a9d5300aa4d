# Course text 001 ("Aprendizaje II"), cells In [1], In [2], In [8] and In [9]: a line fitted
# with PyTorch's autograd and nn.L1Loss. The text's code, unchanged except: plt.show() is left
# to the non-interactive backend, and the figures are closed (glue).
import torch
import matplotlib.pyplot as plt
from mpl_toolkits.mplot3d import Axes3D


def get_data_from_a_line(m, b, n, sigma=2, range=50):
    """
    Función que devuelve datos a partir de una recta. Recordemos que la ecuación de la recta está definida por y=m*x+b.
    """
    x = range*torch.rand(n)                                     # Generamos los datos en el eje x.
    y = m*x+b                                                 # Obtenemos la posición correspondiente en el eje y.
    noise_x = torch.normal(torch.zeros_like(y), sigma*torch.ones_like(y)) # Generamos un vector de ruido gaussiano en el eje x.
    noise_y = torch.normal(torch.zeros_like(y), sigma*torch.ones_like(y)) # Generamos un vector de ruido gaussiano en el eje y.
    x_with_noise = x + noise_x
    y_with_noise = y + noise_y

    data = torch.cat((x_with_noise[:,None], y_with_noise[:,None]), dim=1)
    return data

def line_model(m, b, inputs):
    return m*inputs+b

def MAE_loss(y_pred, y_true):
    absolute_error = torch.abs(y_pred-y_true)
    return absolute_error.mean()


tensor_a = torch.tensor(2., requires_grad=True)
print(f"a: {tensor_a}")

tensor_b = tensor_a**3
print(f"b: {tensor_b}")

print(f"Gradiente de la función x**3 respecto al tensor_a: {tensor_a.grad}")

tensor_b.backward()
print(f"Gradiente de la función x**3 respecto al tensor_a: {tensor_a.grad}")


learning_rate = 1e-3
delta = 0.1
steps = 25
loss_fn = torch.nn.L1Loss()

true_m, true_b = [0.5, 0]
data = get_data_from_a_line(true_m, true_b, 50)
m = torch.tensor(0.8, requires_grad=True)
b = torch.tensor(0., requires_grad=True)
line_evolution_m = [m.clone().detach()]
line_evolution_b = [b.clone().detach()]

for step in range(steps):
    if m.grad is not None:
        m.grad.zero_()
    if b.grad is not None:
        b.grad.zero_()

    x_true = data[:, 0]
    y_true = data[:, 1]
    y_pred = line_model(m, b, x_true)                      # Forward
    loss = loss_fn(y_pred, y_true)
    loss.backward()                                         # Backward
    grad = [m.grad, b.grad]
    print(f"----- step {step}")
    print(f"m,b actual: {m,b}")
    print(f"Valor medio de y: {y_true.mean()}")
    print(f"Valor medio de y predicho: {y_pred.mean()}")
    print(f"Gradiente: {grad}")
    print(f"Actualización de m: {-learning_rate*grad[0]}")
    with torch.no_grad():
        m -= learning_rate*grad[0]                            # Funciona, es más "elegante" y más eficiente.
    line_evolution_m.append(m.clone().detach())
    line_evolution_b.append(b.clone().detach())

plt.figure(figsize=(8,6))
colors = plt.cm.winter(torch.linspace(0,1,steps+1))
for index, (m, b) in enumerate(zip(line_evolution_m, line_evolution_b)):
    plt.plot([0,data[:,0].max()], [m*0+b,m*data[:,0].max()+b], c=colors[index])
plt.scatter(data[:,0], data[:,1], marker='o', c='r', label="data")
plt.plot([0,data[:,0].max()], [true_m*0+true_b,true_m*data[:,0].max()+true_b], c='r', label="True line")
plt.legend()
plt.grid(True)
plt.show()
plt.close("all")
