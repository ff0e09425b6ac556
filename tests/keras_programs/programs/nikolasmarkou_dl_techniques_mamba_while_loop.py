# source: NikolasMarkou/dl_techniques src/dl_techniques/models/mamba/components.py (a Keras 3 Mamba v1 selective state-space layer whose scan runs in keras.ops.while_loop writing each step with keras.ops.scatter_update, wrapped in a pre-norm residual block)
# commit: f3869f4ddc17eb676fc009b047e39fbf1bb1d27f
# keras: keras
# exercises: MambaLayer: sublayers made in __init__ (Dense in/x/dt/out projections, Conv1D(groups=d_inner, padding="causal") depthwise, Activation("silu")) and built by hand in build() with hand-made shapes; add_weight with keras.initializers.Constant(np.log(A)) and "ones"; build() overwriting dt_proj.kernel / .bias by Variable.assign of keras.ops.full / keras.random.uniform / an inverse-softplus of keras.random values; call unpacking batch, seq_len, _ = keras.ops.shape(x), transpose / split into 2 and split at indices [r, r+n], reshape to (-1, d_inner) and back, softplus, 3-operand keras.ops.einsum("bdl,bnl,bdl->bdln") and einsum("bdl,dn->bdln"), keras.ops.while_loop(cond, body, loop_vars=(t, h, ys), maximum_iterations=seq_len) whose body slices deltaA[:, :, t] with a tensor t and keras.ops.scatter_update(ys, reshape(t, (1, 1)), expand_dims(y_t, 0)), keras.ops.convert_to_tensor(0, dtype="int32"), passing training= to Dense/Conv1D calls; MambaResidualBlock returning (mamba_output, new_residual) with an optional residual=None argument; get_config; @keras.saving.register_keras_serializable(); a subclassed keras.Model stacking two blocks; compile(Adam, "mse", ["mae"]) / fit(validation_data=) / evaluate / predict
# reduced: only components.py's two classes are used (the repository's logger import dropped); the driver is added (the file has none; it follows the docstrings' block(x, residual=None) then block(hidden, residual=residual) usage): a small subclassed regressor on seeded numpy sequences (48 train + 16 validation, 10 steps x 3 features), d_model 8, d_state 4, d_conv 3, expand 2, 2 epochs, batch_size 16, shuffle=False; the model is called once on a batch before compile so that its weights exist when the harness hands them over
import math
import keras
import numpy as np
from typing import Optional, Union, Any, Dict, Tuple


@keras.saving.register_keras_serializable()
class MambaLayer(keras.layers.Layer):
    def __init__(
        self,
        d_model: int,
        d_state: int = 16,
        d_conv: int = 4,
        expand: int = 2,
        dt_rank: Union[str, int] = "auto",
        dt_min: float = 0.001,
        dt_max: float = 0.1,
        dt_init: str = "random",
        dt_scale: float = 1.0,
        dt_init_floor: float = 1e-4,
        conv_bias: bool = True,
        use_bias: bool = False,
        layer_idx: Optional[int] = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)

        if d_model <= 0:
            raise ValueError(f"d_model must be positive, but got {d_model}")
        if d_state <= 0:
            raise ValueError(f"d_state must be positive, but got {d_state}")
        if d_conv <= 0:
            raise ValueError(f"d_conv must be positive, but got {d_conv}")
        if expand <= 0:
            raise ValueError(f"expand must be a positive integer, but got {expand}")

        self.d_model = d_model
        self.d_state = d_state
        self.d_conv = d_conv
        self.expand = expand
        self.d_inner = int(self.expand * self.d_model)
        self.dt_rank = math.ceil(self.d_model / 16) if dt_rank == "auto" else dt_rank
        self.dt_min = dt_min
        self.dt_max = dt_max
        self.dt_init = dt_init
        self.dt_scale = dt_scale
        self.dt_init_floor = dt_init_floor
        self.conv_bias = conv_bias
        self.use_bias = use_bias
        self.layer_idx = layer_idx

        self.in_proj = keras.layers.Dense(
            self.d_inner * 2,
            use_bias=use_bias,
            name="in_proj"
        )

        self.conv1d = keras.layers.Conv1D(
            filters=self.d_inner,
            kernel_size=d_conv,
            groups=self.d_inner,
            padding="causal",
            use_bias=conv_bias,
            name="conv1d",
        )

        self.activation = keras.layers.Activation("silu", name="silu")

        self.x_proj = keras.layers.Dense(
            self.dt_rank + self.d_state * 2,
            use_bias=False,
            name="x_proj"
        )

        self.dt_proj = keras.layers.Dense(
            self.d_inner,
            use_bias=True,
            name="dt_proj"
        )

        self.out_proj = keras.layers.Dense(
            self.d_model,
            use_bias=use_bias,
            name="out_proj"
        )

        self.A_log = None
        self.D = None

    def build(self, input_shape: Tuple[Optional[int], ...]) -> None:
        A_init = np.tile(
            np.arange(1, self.d_state + 1, dtype="float32"), (self.d_inner, 1)
        )

        self.A_log = self.add_weight(
            name="A_log",
            shape=(self.d_inner, self.d_state),
            initializer=keras.initializers.Constant(np.log(A_init)),
            trainable=True,
        )

        self.D = self.add_weight(
            name="D",
            shape=(self.d_inner,),
            initializer="ones",
            trainable=True,
        )

        self.in_proj.build(input_shape)

        conv_input_shape = (input_shape[0], input_shape[1], self.d_inner)
        self.conv1d.build(conv_input_shape)

        self.activation.build(conv_input_shape)

        x_proj_input_shape = (None, self.d_inner)
        self.x_proj.build(x_proj_input_shape)

        dt_proj_input_shape = (None, self.dt_rank)
        self.dt_proj.build(dt_proj_input_shape)

        out_proj_input_shape = (input_shape[0], input_shape[1], self.d_inner)
        self.out_proj.build(out_proj_input_shape)

        dt_init_std = self.dt_rank**-0.5 * self.dt_scale

        if self.dt_init == "constant":
            self.dt_proj.kernel.assign(
                keras.ops.full(self.dt_proj.kernel.shape, dt_init_std)
            )
        else:
            self.dt_proj.kernel.assign(
                keras.random.uniform(
                    self.dt_proj.kernel.shape,
                    minval=-dt_init_std,
                    maxval=dt_init_std
                )
            )

        dt = keras.ops.exp(
            keras.random.uniform((self.d_inner,), dtype="float32")
            * (math.log(self.dt_max) - math.log(self.dt_min))
            + math.log(self.dt_min)
        )
        dt = keras.ops.clip(dt, self.dt_init_floor, float('inf'))
        inv_dt = keras.ops.log(keras.ops.exp(dt) - 1)
        self.dt_proj.bias.assign(inv_dt)

        super().build(input_shape)

    def _selective_scan(self, u, delta, A, B, C, D, z):
        batch_size, d_inner, seq_len = keras.ops.shape(u)

        deltaA = keras.ops.exp(
            keras.ops.einsum("bdl,dn->bdln", delta, A)
        )

        deltaB_u = keras.ops.einsum(
            "bdl,bnl,bdl->bdln", delta, B, u
        )

        h = keras.ops.zeros(
            (batch_size, d_inner, self.d_state),
            dtype=self.compute_dtype
        )

        ys = keras.ops.zeros(
            (seq_len, batch_size, d_inner),
            dtype=self.compute_dtype
        )

        t = keras.ops.convert_to_tensor(0, dtype="int32")

        def condition(t, h, ys):
            return keras.ops.less(t, seq_len)

        def body(t, h, ys):
            h = deltaA[:, :, t] * h + deltaB_u[:, :, t]
            y_t = keras.ops.einsum("bdn,bn->bd", h, C[:, :, t])
            indices = keras.ops.reshape(t, (1, 1))
            updates = keras.ops.expand_dims(y_t, axis=0)
            ys = keras.ops.scatter_update(ys, indices, updates)
            return t + 1, h, ys

        _, _, final_ys = keras.ops.while_loop(
            cond=condition,
            body=body,
            loop_vars=(t, h, ys),
            maximum_iterations=seq_len
        )

        y = keras.ops.transpose(final_ys, (1, 2, 0))
        y = y + keras.ops.expand_dims(keras.ops.expand_dims(D, 0), -1) * u
        return y * self.activation(z)

    def call(self, hidden_states, training: Optional[bool] = None):
        batch_size, seq_len, _ = keras.ops.shape(hidden_states)

        xz = self.in_proj(hidden_states, training=training)
        xz = keras.ops.transpose(xz, (0, 2, 1))
        x, z = keras.ops.split(xz, 2, axis=1)

        x = keras.ops.transpose(x, (0, 2, 1))
        x_conv = self.conv1d(x, training=training)
        x_conv = self.activation(x_conv)

        x_reshaped = keras.ops.reshape(x_conv, (-1, self.d_inner))
        x_proj_output = self.x_proj(x_reshaped, training=training)

        split_indices = [self.dt_rank, self.dt_rank + self.d_state]
        dt_raw, B_raw, C_raw = keras.ops.split(
            x_proj_output,
            split_indices,
            axis=-1
        )

        dt = self.dt_proj(dt_raw, training=training)
        dt = keras.ops.reshape(dt, (batch_size, seq_len, self.d_inner))
        dt = keras.ops.transpose(dt, (0, 2, 1))

        B = keras.ops.reshape(B_raw, (batch_size, seq_len, self.d_state))
        B = keras.ops.transpose(B, (0, 2, 1))

        C = keras.ops.reshape(C_raw, (batch_size, seq_len, self.d_state))
        C = keras.ops.transpose(C, (0, 2, 1))

        A = -keras.ops.exp(keras.ops.cast(self.A_log, "float32"))

        delta = keras.ops.softplus(dt)

        x_conv_transposed = keras.ops.transpose(x_conv, (0, 2, 1))

        y = self._selective_scan(
            u=x_conv_transposed,
            delta=delta,
            A=A,
            B=B,
            C=C,
            D=self.D,
            z=z
        )

        y = keras.ops.transpose(y, (0, 2, 1))
        output = self.out_proj(y, training=training)

        return output

    def get_config(self) -> Dict[str, Any]:
        config = super().get_config()
        config.update({
            "d_model": self.d_model,
            "d_state": self.d_state,
            "d_conv": self.d_conv,
            "expand": self.expand,
            "dt_rank": self.dt_rank,
            "dt_min": self.dt_min,
            "dt_max": self.dt_max,
            "dt_init": self.dt_init,
            "dt_scale": self.dt_scale,
            "dt_init_floor": self.dt_init_floor,
            "conv_bias": self.conv_bias,
            "use_bias": self.use_bias,
            "layer_idx": self.layer_idx,
        })
        return config


@keras.saving.register_keras_serializable()
class MambaResidualBlock(keras.layers.Layer):
    def __init__(self, d_model: int, norm_epsilon: float = 1e-5,
                 mamba_kwargs: Optional[Dict[str, Any]] = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.d_model = d_model
        self.norm_epsilon = norm_epsilon
        self.mamba_kwargs = mamba_kwargs or {}
        self.norm = keras.layers.LayerNormalization(
            epsilon=self.norm_epsilon,
            name="norm"
        )
        self.mamba = MambaLayer(
            d_model=self.d_model,
            **self.mamba_kwargs
        )

    def build(self, input_shape: Tuple[Optional[int], ...]) -> None:
        self.norm.build(input_shape)
        self.mamba.build(input_shape)
        super().build(input_shape)

    def call(self, hidden_states, residual=None, training: Optional[bool] = None):
        new_residual = (
            hidden_states + residual if residual is not None else hidden_states
        )
        normalized = self.norm(new_residual, training=training)
        mamba_output = self.mamba(normalized, training=training)
        return mamba_output, new_residual

    def get_config(self) -> Dict[str, Any]:
        config = super().get_config()
        config.update({
            "d_model": self.d_model,
            "norm_epsilon": self.norm_epsilon,
            "mamba_kwargs": self.mamba_kwargs,
        })
        return config


# ---- driver (added)
class MambaRegressor(keras.Model):
    def __init__(self, d_model=8, n_layers=2, **kwargs):
        super().__init__(**kwargs)
        self.embed = keras.layers.Dense(d_model)
        self.blocks = [
            MambaResidualBlock(d_model, mamba_kwargs={"d_state": 4, "d_conv": 3, "expand": 2, "layer_idx": i})
            for i in range(n_layers)
        ]
        self.norm_f = keras.layers.LayerNormalization(epsilon=1e-5)
        self.pool = keras.layers.GlobalAveragePooling1D()
        self.head = keras.layers.Dense(1)

    def call(self, x, training=None):
        hidden = self.embed(x)
        residual = None
        for block in self.blocks:
            hidden, residual = block(hidden, residual=residual, training=training)
        hidden = self.norm_f(hidden + residual)
        return self.head(self.pool(hidden))


rng = np.random.default_rng(0)
def make(n):
    x = rng.normal(size=(n, 10, 3)).astype("float32")
    y = (np.cumsum(x[:, :, 0], axis=1)[:, -1] * 0.3 + x[:, -1, 1]).astype("float32")[:, None]
    return x, y

x_train, y_train = make(48)
x_val, y_val = make(16)

layer = MambaLayer(d_model=8, d_state=4, d_conv=3, expand=2)
print(layer(x_train[:2, :, :].repeat(3, axis=2)[:, :, :8]).shape, layer.get_config()["dt_rank"])

model = MambaRegressor()
model(x_train[:2])
model.compile(optimizer=keras.optimizers.Adam(1e-3), loss="mse", metrics=["mae"])
model.fit(x_train, y_train, validation_data=(x_val, y_val), epochs=2, batch_size=16, shuffle=False, verbose=2)
print(model.evaluate(x_val, y_val, verbose=0))
print(model.predict(x_val[:4], verbose=0))
