# source: Tanbery/MachineLearningAZ Part 8 - Deep Learning/Section 39 - Artificial Neural Networks (ANN)/Python/artificial_neural_network.py (SuperDataScience's "Machine Learning A-Z" / "Deep Learning A-Z" bank-churn ANN, the tf.keras version copied into thousands of repositories: Churn_Modelling.csv, two Dense(6, relu) + Dense(1, sigmoid))
# commit: 6df9f48a869051d8067a043c287ea9bfbe88e956
# keras: tf_keras
# exercises: `import tensorflow as tf` with tf.keras.models.Sequential() grown by ann.add(tf.keras.layers.Dense(units=..., activation=...)) and no input shape anywhere (built at the first fit from a float64 array of 12 columns); compile(optimizer='adam', loss='binary_crossentropy', metrics=['accuracy']); fit(X_train, y_train, batch_size=32) with integer 0/1 labels of shape (n,); predict on a Python nested list passed through a scaler (one row) and `> 0.5`; predict on the test set, `> 0.5`, reshape and concatenate with the labels; accuracy counted by hand
# reduced: Churn_Modelling.csv (pd.read_csv) replaced by 400 made-up customers (numpy RandomState(0)) with the file's 14 columns (RowNumber .. Exited; Surname, Geography, Gender as strings in an object array, so dataset.iloc[:, 3:-1].values is the same mixed object array); scikit-learn and pandas (not installed) replaced by numpy with the same results: LabelEncoder on Gender -> np.unique(..., return_inverse=True), ColumnTransformer([('encoder', OneHotEncoder(), [1])], remainder='passthrough') -> the sorted one-hot columns of Geography first and the other columns after, train_test_split(test_size=0.2, random_state=0) -> a seeded permutation (320 / 80 rows), StandardScaler -> a small class with fit_transform / transform (population std), confusion_matrix / accuracy_score -> numpy counts; epochs 100 -> 3; fit gets shuffle=False (tf-keras shuffles with TensorFlow's generator); `tf.__version__` line dropped; ann.build((None, 12)) added before compile: the model has no input shape until fit, and the harness meets the two runs' initial weights at the first compile (tf-keras's get_weights raises ValueError on an unbuilt model)
# Artificial Neural Network

# Importing the libraries
import numpy as np
import tensorflow as tf

# Part 1 - Data Preprocessing

# Importing the dataset (made-up rows instead of pd.read_csv('Churn_Modelling.csv'))
rng = np.random.RandomState(0)
n = 400
geography = rng.choice(['France', 'Spain', 'Germany'], size=n, p=[0.5, 0.25, 0.25])
gender = rng.choice(['Female', 'Male'], size=n)
credit = rng.randint(350, 851, size=n)
age = rng.randint(18, 80, size=n)
tenure = rng.randint(0, 11, size=n)
balance = np.where(rng.uniform(size=n) < 0.35, 0.0, np.round(rng.uniform(20000, 250000, size=n), 2))
products = rng.randint(1, 5, size=n)
card = rng.randint(0, 2, size=n)
active = rng.randint(0, 2, size=n)
salary = np.round(rng.uniform(11, 200000, size=n), 2)
logit = 0.06 * (age - 40) + 0.8 * (geography == 'Germany') - 0.9 * active + 0.4 * (gender == 'Female') - 1.2
exited = (rng.uniform(size=n) < 1 / (1 + np.exp(-logit))).astype(int)
dataset = np.empty((n, 14), dtype=object)
for j, col in enumerate([np.arange(1, n + 1), 15600000 + rng.randint(0, 100000, size=n),
                         np.array(['Name%d' % i for i in range(n)]), credit, geography, gender,
                         age, tenure, balance, products, card, active, salary, exited]):
    dataset[:, j] = list(col)
X = dataset[:, 3:-1]
y = dataset[:, -1].astype(int)
print(X[:3])
print(y[:10])

# Encoding categorical data
# Label Encoding the "Gender" column
_, codes = np.unique(X[:, 2].astype(str), return_inverse=True)
X[:, 2] = codes
print(X[:3])
# One Hot Encoding the "Geography" column
cats, geo = np.unique(X[:, 1].astype(str), return_inverse=True)
onehot = np.eye(len(cats))[geo]
X = np.concatenate([onehot, np.delete(X, 1, axis=1)], axis=1).astype(float)
print(X[:3])

# Splitting the dataset into the Training set and Test set
order = np.random.RandomState(0).permutation(n)
n_test = int(np.ceil(0.2 * n))
X_train, X_test = X[order[n_test:]], X[order[:n_test]]
y_train, y_test = y[order[n_test:]], y[order[:n_test]]

# Feature Scaling
class StandardScaler:
    def fit_transform(self, a):
        a = np.asarray(a, dtype=float)
        self.mean_, self.scale_ = a.mean(axis=0), a.std(axis=0)
        return self.transform(a)

    def transform(self, a):
        return (np.asarray(a, dtype=float) - self.mean_) / self.scale_

sc = StandardScaler()
X_train = sc.fit_transform(X_train)
X_test = sc.transform(X_test)

# Part 2 - Building the ANN

# Initializing the ANN
ann = tf.keras.models.Sequential()

# Adding the input layer and the first hidden layer
ann.add(tf.keras.layers.Dense(units=6, activation='relu'))

# Adding the second hidden layer
ann.add(tf.keras.layers.Dense(units=6, activation='relu'))

# Adding the output layer
ann.add(tf.keras.layers.Dense(units=1, activation='sigmoid'))

# Part 3 - Training the ANN

# Compiling the ANN
ann.build((None, X_train.shape[1]))  # added: the harness meets both runs' weights at the first compile
ann.compile(optimizer = 'adam', loss = 'binary_crossentropy', metrics = ['accuracy'])

# Training the ANN on the Training set
ann.fit(X_train, y_train, batch_size = 32, epochs = 3, shuffle = False)

# Part 4 - Making the predictions and evaluating the model

# Predicting the result of a single observation
print(ann.predict(sc.transform([[1, 0, 0, 600, 1, 40, 3, 60000, 2, 1, 1, 50000]])) > 0.5)

# Predicting the Test set results
y_pred = ann.predict(X_test)
y_pred = (y_pred > 0.5)
print(np.concatenate((y_pred.reshape(len(y_pred),1), y_test.reshape(len(y_test),1)),1)[:10])

# Making the Confusion Matrix
yp = y_pred.reshape(-1).astype(int)
cm = np.array([[np.sum((y_test == i) & (yp == j)) for j in (0, 1)] for i in (0, 1)])
print(cm)
print(np.mean(y_test == yp))
