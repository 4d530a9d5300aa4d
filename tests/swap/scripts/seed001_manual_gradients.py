# Course text 001, cells In [4] to In [7]: the gradients of MAE and MSE written by hand with the
# chain rule (torch.stack), then 25 steps of gradient descent on m. Glue: the data helper of
# In [2] and the figure closed at the end.
import torch
import matplotlib.pyplot as plt


def get_data_from_a_line(m, b, n, sigma=2, range=50):
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

def AE_loss_d_y_pred(y_pred, y_true):
    absolute_error_d_y_pred = ((y_pred-y_true)>=0)*1+((y_pred-y_true)<0)*-1
    return absolute_error_d_y_pred

def SE_loss_d_y_pred(y_pred, y_true):
    squared_error_d_y_pred = 2*(y_pred-y_true)
    return squared_error_d_y_pred

def line_model_d_m(m, b, inputs):
    return inputs

def line_model_d_b(m,b,inputs):
    return 1.0

def grad_MAE(x_true, y_pred, y_true, m, b):
    ae_loss_d_y_pred = AE_loss_d_y_pred(y_pred, y_true)
    ae_loss_d_m = ae_loss_d_y_pred * line_model_d_m(m,b, x_true)
    ae_loss_d_b = ae_loss_d_y_pred * line_model_d_b(m,b, x_true)
    mae_loss_d_m = ae_loss_d_m.mean()
    mae_loss_d_b = ae_loss_d_b.mean()
    return torch.stack([mae_loss_d_m, mae_loss_d_b])

def grad_MSE(x_true, y_pred, y_true, m, b):
    se_loss_d_y_pred = SE_loss_d_y_pred(y_pred, y_true)
    se_loss_d_m = se_loss_d_y_pred * line_model_d_m(m,b, x_true)
    se_loss_d_b = se_loss_d_y_pred * line_model_d_b(m,b, x_true)
    mse_loss_d_m = se_loss_d_m.mean()
    mse_loss_d_b = se_loss_d_b.mean()
    return torch.stack([mse_loss_d_m, mse_loss_d_b])


learning_rate = 1e-3
delta = 0.1
steps = 25
loss_fn = MAE_loss
loss_fn_grad = grad_MAE

true_m, true_b = [0.5, 0]
data = get_data_from_a_line(true_m, true_b, 50)
m = 0.8
b = 0
line_evolution_m = [m]
line_evolution_b = [b]

for step in range(steps):
    x_true = data[:,0]
    y_true = data[:,1]
    y_pred = line_model(m, b, x_true) # Forward
    loss = loss_fn(y_pred, y_true)
    grad = loss_fn_grad(x_true, y_pred, y_true, m, b) # Backward
    print(f"----- step {step}")
    print(f"m,b actual: {m,b}")
    print(f"Valor medio de y: {y_true.mean()}")
    print(f"Valor medio de y predicho: {y_pred.mean()}")
    print(f"Gradiente: {grad}, actualización de m: {-learning_rate*grad[0]}")
    m = m - learning_rate*grad[0]
    #b = b - learning_rate*grad[1]
    line_evolution_m.append(m)
    line_evolution_b.append(b)

plt.figure(figsize=(8,6))
colors = plt.cm.winter(torch.linspace(0,1,steps+1))
for index, (m, b) in enumerate(zip(line_evolution_m, line_evolution_b)):
    plt.plot([0,data[:,0].max()], [m*0+b,m*data[:,0].max()+b], c=colors[index])
plt.scatter(data[:,0], data[:,1], marker='o', c='r', label="data")
plt.plot([0,data[:,0].max()], [true_m*0+true_b,true_m*data[:,0].max()*true_b], c='r', label="True line")
plt.legend()
plt.grid(True)
plt.show()
plt.close("all")
