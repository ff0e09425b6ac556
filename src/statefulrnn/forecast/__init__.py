"""statefulrnn forecast: train a stateful model on one long series, forecast as values arrive.

See `statefulrnn.forecast.commands` for the two commands and the model folder they share.
"""
