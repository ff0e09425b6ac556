# source: stevegwapss/forecastingAPI final_model/train_model_pure_transfer.py with illness_categories.py (ILLNESS_CATEGORIES) and the model-loading and "transfer learning predictions" steps of final_model/predict.py (a clinic's monthly illness forecaster, 2025: an LSTM pre-trained on the total monthly cases, then for each of 8 illness categories a clone_model copy given the base weights, its LSTM and Dropout frozen, recompiled with a lower learning rate and fine-tuned on that category, every model saved in the .keras format and reloaded to predict next month)
# commit: 72833e6bd9b443b27dbac8aa83f0dc7f25d7a142
# keras: tf_keras
# exercises: `from tensorflow import keras`, `from tensorflow.keras.models import Sequential, clone_model`, `from tensorflow.keras.layers import LSTM, Dense, Dropout`, `from tensorflow.keras.optimizers import Adam`, `from tensorflow.keras.callbacks import EarlyStopping`; Sequential([LSTM(n, activation='relu', input_shape=(lookback, 1)), Dropout, Dense(relu), Dense(1)]) compiled with Adam(learning_rate=0.001), loss='mse', metrics=['mae']; summary(); EarlyStopping(monitor='loss', patience, restore_best_weights=True, verbose=0); fit(batch_size=4, callbacks, verbose=0) on raw counts; history.history['loss'][-1] / ['mae'][-1]; a loop over 8 categories of clone_model(base_model) (fresh weights), set_weights(base_model.get_weights()), layer.trainable = False for layers[:-2] after cloning and before compile, compile(Adam(learning_rate=0.0005)) and fit; base_model.save / model.save to '.keras' files; json.dump of the config; keras.models.load_model of each '.keras' file and predict(X_pred (1, lookback, 1), verbose=0)[0][0] clipped at 0
# reduced: data/monthly_data_8cat_no_covid.csv (pandas) replaced by 36 made-up months of 8 category counts (seeded numpy Poisson draws around a seasonal level of 0.4..1.3 cases, RandomState(26)) and their sum as total_cases (with levels ten times higher, a few LSTM weights whose gradients are near zero end up to 5.7e-4 apart after 32 Adam steps: float32 rounding amplified by Adam, both frameworks 8e-3 from a float64 run and 2e-7 from each other in float64; see stevegwapss_clone_model_transfer_lstm.diagnosis.md); `sys.path.append` + `from illness_categories import ILLNESS_CATEGORIES` -> the dict inlined with two keywords per category (only its 8 keys are used); LSTM 32 -> 8 units, Dense 16 -> 4, Dropout 0.2 -> 0.0 (random masks cannot match), base_epochs 100 -> 4, finetune_epochs 50 -> 3, patience 20 / 15 -> 2 / 1; shuffle=False added to both fits (tf-keras shuffles with TensorFlow's generator); files written under a temp dir (os.chdir); the month column and its date-range prints and the trained_date kept out of the config (datetime.now), the final summary prints shortened; predict.py's loading step appended using the training script's file names (predict.py's own `safe_cat_name` spelling, '-' for '_', names files train_model.py writes, not this script) and its volatility weighting left out
import os
import sys
import json
import tempfile
import numpy as np
from tensorflow import keras
from tensorflow.keras.models import Sequential, clone_model
from tensorflow.keras.layers import LSTM, Dense, Dropout
from tensorflow.keras.optimizers import Adam
from tensorflow.keras.callbacks import EarlyStopping
import warnings
warnings.filterwarnings('ignore')

ILLNESS_CATEGORIES = {
    'respiratory': ['colds', 'cough'],
    'gastrointestinal': ['abdominal pain', 'stomach'],
    'pain_aches': ['headache', 'migraine'],
    'skin_allergy': ['allergy', 'rash'],
    'injury_trauma': ['wound', 'cut'],
    'neurological_psychological': ['dizziness', 'vertigo'],
    'cardiovascular': ['high blood pressure', 'hpn'],
    'fever_general': ['fever', 'febrile'],
}

os.chdir(tempfile.mkdtemp())

print("=" * 80)
print("TRAINING PURE TRANSFER LEARNING MODEL (NO BASELINE)")
print("=" * 80)

# Load data (stand-in for pd.read_csv('../data/monthly_data_8cat_no_covid.csv'))
rng = np.random.RandomState(26)
months = np.arange(36)
df_full = {}
for i, cat in enumerate(ILLNESS_CATEGORIES):
    level = 0.1 * (4 + 2 * i % 7) * (1 + 0.3 * np.sin(2 * np.pi * (months + i) / 12))
    df_full[cat] = rng.poisson(level).astype(np.int64)
df_full['total_cases'] = sum(df_full[cat] for cat in ILLNESS_CATEGORIES)

print(f"Data loaded: {len(months)} months")

# Configuration
lookback_window = 6
base_epochs = 4
finetune_epochs = 3
categories = ILLNESS_CATEGORIES

print(f"\nConfiguration:")
print(f"  • Lookback window: {lookback_window} months")
print(f"  • Base model epochs: {base_epochs}")
print(f"  • Fine-tune epochs: {finetune_epochs}")
print(f"  • Categories: {len(categories)}")

# ============================================================================
# STEP 1: PRE-TRAIN BASE MODEL ON TOTAL CASES
# ============================================================================

def create_sequences(data, lookback):
    """Create sequences for LSTM"""
    X, y = [], []
    for i in range(len(data) - lookback):
        X.append(data[i:i+lookback])
        y.append(data[i+lookback])
    return np.array(X), np.array(y)

# Prepare sequences for total_cases
total_data = df_full['total_cases']
X_base, y_base = create_sequences(total_data, lookback_window)

X_base = X_base.reshape(-1, lookback_window, 1)

print(f"Training sequences: {len(X_base)}")
print(f"Sequence shape: {X_base.shape}")

# Build base model
base_model = Sequential([
    LSTM(8, activation='relu', input_shape=(lookback_window, 1)),
    Dropout(0.0),
    Dense(4, activation='relu'),
    Dense(1)
])

base_model.compile(
    optimizer=Adam(learning_rate=0.001),
    loss='mse',
    metrics=['mae']
)

print("\nBase model architecture:")
base_model.summary()

print(f"\nTraining base model ({base_epochs} epochs)...")
early_stop = EarlyStopping(monitor='loss', patience=2, restore_best_weights=True, verbose=0)

history_base = base_model.fit(
    X_base, y_base,
    epochs=base_epochs,
    batch_size=4,
    callbacks=[early_stop],
    verbose=0,
    shuffle=False
)

final_loss = history_base.history['loss'][-1]
final_mae = history_base.history['mae'][-1]

print(f"✓ Base model trained!")
print(f"  Final loss: {final_loss:.2f}")
print(f"  Final MAE: {final_mae:.2f}")

# ============================================================================
# STEP 2: TRANSFER LEARNING PER CATEGORY
# ============================================================================

category_models = {}

for idx, cat in enumerate(categories, 1):
    print(f"\n[{idx}/{len(categories)}] Training {cat}...")

    # Prepare category data
    cat_data = df_full[cat]
    X_cat, y_cat = create_sequences(cat_data, lookback_window)
    X_cat = X_cat.reshape(-1, lookback_window, 1)

    # Clone base model
    cat_model = clone_model(base_model)
    cat_model.set_weights(base_model.get_weights())

    # Freeze early layers (transfer learning)
    for layer in cat_model.layers[:-2]:
        layer.trainable = False

    # Compile with lower learning rate
    cat_model.compile(
        optimizer=Adam(learning_rate=0.0005),
        loss='mse',
        metrics=['mae']
    )

    # Fine-tune
    early_stop_cat = EarlyStopping(monitor='loss', patience=1, restore_best_weights=True, verbose=0)

    history_cat = cat_model.fit(
        X_cat, y_cat,
        epochs=finetune_epochs,
        batch_size=4,
        callbacks=[early_stop_cat],
        verbose=0,
        shuffle=False
    )

    final_cat_mae = history_cat.history['mae'][-1]
    print(f"  ✓ MAE: {final_cat_mae:.2f}")

    category_models[cat] = cat_model

print(f"\n✓ All {len(categories)} category models trained!")

# ============================================================================
# STEP 3: SAVE MODELS
# ============================================================================

os.makedirs('models', exist_ok=True)

base_model.save('models/production_base_model.keras')
print("✓ Saved: models/production_base_model.keras")

for cat, model in category_models.items():
    model_path = f'models/production_category_{cat}.keras'
    model.save(model_path)
    print(f"✓ Saved: {model_path}")

config = {
    'model_name': 'Pure Transfer Learning',
    'version': '1.0.0',
    'lookback_window': lookback_window,
    'base_epochs': base_epochs,
    'finetune_epochs': finetune_epochs,
    'categories': categories,
    'data_months': len(months),
    'blend_ratio': '100% Transfer Learning (No Baseline)',
}

with open('models/production_model_config.json', 'w') as f:
    json.dump(config, f, indent=2)

print("✓ Saved: models/production_model_config.json")

# ---- final_model/predict.py: load_production_model and STEP 1 ----
MODELS_DIR = 'models'
with open(os.path.join(MODELS_DIR, 'production_model_config.json'), 'r') as f:
    config = json.load(f)
base_model_path = os.path.join(MODELS_DIR, 'production_base_model.keras')
base_model = keras.models.load_model(base_model_path)
category_models = {}
for cat in config['categories']:
    model_path = os.path.join(MODELS_DIR, f'production_category_{cat}.keras')
    category_models[cat] = keras.models.load_model(model_path)

lookback = config['lookback_window']
transfer_predictions = {}
for cat in config['categories']:
    X_pred = df_full[cat][-lookback:].reshape(1, lookback, 1)
    pred = float(category_models[cat].predict(X_pred, verbose=0)[0][0])
    pred = max(0, pred)  # Ensure non-negative
    transfer_predictions[cat] = pred

transfer_total = sum(transfer_predictions.values())
print(f"  Transfer learning total: {transfer_total:.1f} cases")
print({k: round(v, 1) for k, v in transfer_predictions.items()})
