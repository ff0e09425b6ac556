# source: tensorchiefs/dl_keras3 notebooks/probabilistic_modelling/pm_keras_pytorch.ipynb (the "tensorchiefs" deep-learning course's probabilistic-modelling notebook for Keras 3 on PyTorch, November 2024: heteroscedastic regression, a functional model outputs a mean and a log-scale, a custom loss turns them into a torch.distributions.Normal and returns its negative log-likelihood; after training the model is called directly and the distribution gives samples, log-probabilities and 5%/95% quantiles; its code cells in order)
# commit: fafbac8614c7627c3c3d505887c4ec6d877eb8e9
# keras: keras
# backend: torch
# exercises: os.environ["KERAS_BACKEND"] = "torch" before `from keras import layers, Input, Model` and `from keras.optimizers import Adam`; keras.backend.backend(); a module-level function decorated with @staticmethod (callable since Python 3.10) slicing the model output output[:, :1] / output[:, 1:] and building torch.distributions.Normal(loc=, scale=torch.exp(...)); a loss function negative_log_likelihood(y_true, output) returning -dist.log_prob(torch.tensor(y_true)).mean() (torch.tensor of a tensor, a scalar loss for the batch); functional Input(shape=(1,)) -> Dense(10, relu) -> Dense(2); compile(optimizer="adam", loss=<function>); predict on the untrained model; fit(epochs=, batch_size=32, verbose=0); model(x_test) on a float64 numpy array; dist.sample((5,)).shape, dist.log_prob(torch.tensor(0.1)).cpu().detach().numpy(), dist.icdf(torch.tensor(0.05)), dist.mean
# reduced: 1000 -> 96 training points (the notebook's np.random.seed(42) data, same formula); epochs 100 -> 2; shuffle=False added to fit (Keras shuffles with torch's generator); the timing print (time.time() differences) and the matplotlib plot cell dropped; the torch samples printed by shape only (torch's generator); the log-probabilities, quantiles and mean printed (rounded, first values); bare expression log_p.shape printed; the "Mac MPS" comment line kept out
import numpy as np
np.random.seed(42)
x_train = np.random.uniform(-10, 10, (96, 1)).astype(np.float32)
y_train = (2 * x_train + np.random.normal(0, np.abs(x_train) + 1, (96, 1))).astype(np.float32)

import os
# Set Keras backend to PyTorch
os.environ["KERAS_BACKEND"] = "torch" # Before importing Keras!
import numpy as np
from keras import layers, Input, Model
from keras.optimizers import Adam
import torch
from torch.distributions import Normal
# Print versions
import keras
print(f"Backend: {keras.backend.backend()}")

# Wrapper function to convert model output to a PyTorch Normal distribution
@staticmethod
def output_to_gaussian_distribution(output):
    mean = output[:, :1]
    log_variance = output[:, 1:]
    scale = torch.exp(log_variance)  # Ensure positive scale
    return Normal(loc=mean, scale=scale)

# Define the model
inputs = Input(shape=(1,))
hidden = layers.Dense(10, activation="relu")(inputs)
outputs = layers.Dense(2)(hidden)  # Outputs mean and log(variance)
model = Model(inputs=inputs, outputs=outputs)

# Custom Negative Log-Likelihood Loss
def negative_log_likelihood(y_true, output):
    dist = output_to_gaussian_distribution(output)
    return -dist.log_prob(torch.tensor(y_true)).mean()

# Compile the model
model.compile(optimizer="adam", loss=negative_log_likelihood)
print(F'Prediction on untrained model (5 Datapoints)\n {model.predict(x_train[0:5], verbose=0)}')

model.fit(x_train, y_train, epochs=2, batch_size=32, verbose=0, shuffle=False)

# Predict the distribution
x_test = np.linspace(-10, 10, 100).reshape(-1, 1)
dist = output_to_gaussian_distribution(model(x_test))
# Use the distribution
samples = dist.sample((5,))  # Draw 5 samples
print("Torch Samples:", samples.shape)
log_p = dist.log_prob(torch.tensor(0.1)).cpu().detach().numpy()
print(log_p.shape, np.round(log_p[:3].ravel(), 4))

# Compute 5% and 95% quantiles directly
quantile_5 = dist.icdf(torch.tensor(0.05)).cpu().detach().numpy()
quantile_95 = dist.icdf(torch.tensor(0.95)).cpu().detach().numpy()
mean = dist.mean.cpu().detach().numpy().squeeze()
print(np.round(quantile_5[:3].ravel(), 4), np.round(quantile_95[:3].ravel(), 4), np.round(mean[:3], 4))
