# source: datamllab/tods tods/detection_algorithm/DeepLog.py (TODS, the Texas A&M DATA Lab's automated time-series outlier detection system: its DeeplogLstm detector, DeepLog's parameter-value anomaly model (Du et al., CCS 2017) for multivariate series: standardised windows, stacked LSTMs predicting the next reading, the distance between prediction and reading as the outlier score, thresholded at a contamination percentile as pyod detectors do)
# commit: 00fd27640fb91fccf4bdcf76d48a7c00b6c5d7f9
# keras: tf_keras
# exercises: `from tensorflow.keras.models import Sequential`, `from tensorflow.keras.layers import Dense, Dropout, LSTM`, `from tensorflow.keras.losses import mean_squared_error` passed as the loss function; Sequential of LSTM(hidden, input_shape=(window_size, n_features), return_sequences=True, dropout=...) and a loop of stacked LSTM(hidden, return_sequences=False on the last) with dropout, Dense(n_features); compile(loss=mean_squared_error, optimizer='Adam' (the class name as a string)); fit(epochs, batch_size, validation_split, verbose).history; predict on the training windows and on new data inside decision_function
# reduced: only the DeeplogLstm class is kept (the D3M DeepLogPrimitive wrapper, its Hyperparams/Params and the d3m, pandas and scipy imports dropped: d3m is not installed and the wrapper only passes hyperparameters through); pyod's BaseDetector, pairwise_distances_no_broadcast and argmaxn, and sklearn's StandardScaler, check_array and check_is_fitted (pyod and sklearn are not installed) replaced by small numpy stand-ins doing the same for dense float arrays (BaseDetector keeps contamination, _set_n_classes and _process_decision_scores: threshold_ at the (1 - contamination) percentile of the training scores, labels_, _mu, _sigma); the driver (not in the file: TODS calls it through the primitive) fits DeeplogLstm(hidden_size=8, epochs=3, batch_size=32, window_size=3, stacked_layers=1, verbose=2, contamination=0.1) on 30 rows of 2 made-up sensor series (sinusoids plus numpy RandomState(0) noise) and scores 12 new rows with a spike; the 27 training windows less validation_split=0.1 fit in one batch of 32, so fit's shuffling cannot change the result; hidden_size 64 -> 8, epochs 100 -> 3; the class's dropout_rate default 0.0 kept
import numpy as np
from tensorflow.keras.models import Sequential
from tensorflow.keras.layers import Dense, Dropout , LSTM
from tensorflow.keras.regularizers import l2
from tensorflow.keras.losses import mean_squared_error


# --- stand-ins for sklearn and pyod (not installed) ---
def check_array(X):
    return np.asarray(X, dtype=np.float64)


def check_is_fitted(estimator, attributes):
    for name in attributes:
        if not hasattr(estimator, name):
            raise RuntimeError("not fitted")


class StandardScaler:
    def fit_transform(self, X):
        self.mean_ = X.mean(axis=0)
        self.scale_ = X.std(axis=0)
        self.scale_[self.scale_ == 0.0] = 1.0
        return (X - self.mean_) / self.scale_


def pairwise_distances_no_broadcast(X, Y):
    """pyod: the Euclidean distance between each row of X and the same row of Y."""
    return np.sqrt(np.square(X - Y).sum(axis=1)).ravel()


class BaseDetector:
    """pyod.models.base.BaseDetector, the parts DeeplogLstm uses."""
    def __init__(self, contamination=0.1):
        self.contamination = contamination

    def _set_n_classes(self, y):
        self._classes = 2
        if y is not None:
            self._classes = len(np.unique(y))
        return self

    def _process_decision_scores(self):
        self.threshold_ = np.percentile(self.decision_scores_, 100 * (1 - self.contamination))
        self.labels_ = (self.decision_scores_ > self.threshold_).astype('int').ravel()
        self._mu = np.mean(self.decision_scores_)
        self._sigma = np.std(self.decision_scores_)
        return self


class DeeplogLstm(BaseDetector):
    """Class to Implement Deep Log LSTM based on "https://www.cs.utah.edu/~lifeifei/papers/deeplog.pdf
       Only Parameter Value anomaly detection layer has been implemented for time series data"""

    def __init__(self, hidden_size : int = 64,
                 optimizer : str ='adam',loss=mean_squared_error,preprocessing=True,
                 epochs : int =100, batch_size : int =32, dropout_rate : float =0.0,
                 l2_regularizer : float =0.1, validation_size : float =0.1,
                 window_size: int = 1, stacked_layers: int  = 1, verbose : int = 1, contamination:int = 0.001):

        super(DeeplogLstm, self).__init__(contamination=contamination)
        self.hidden_size = hidden_size
        self.loss = loss
        self.optimizer = optimizer
        self.epochs = epochs
        self.batch_size = batch_size
        self.dropout_rate = dropout_rate
        self.l2_regularizer = l2_regularizer
        self.validation_size = validation_size
        self.window_size = window_size
        self.stacked_layers = stacked_layers
        self.preprocessing = preprocessing
        self.verbose = verbose
        self.dropout_rate = dropout_rate
        self.contamination = contamination

    def _build_model(self):
        """
        Builds Stacked LSTM model.
        Args:
            inputs : Self object containing model parameters
        Returns:
            return : model
        """

        model = Sequential()

        #InputLayer
        model.add(LSTM(self.hidden_size,input_shape = (self.window_size,self.n_features_),return_sequences=True,dropout = self.dropout_rate))
        #stacked layer
        for layers in range(self.stacked_layers):
            if(layers == self.stacked_layers -1 ):
                model.add(LSTM(self.hidden_size, return_sequences=False,dropout = self.dropout_rate))
                continue
            model.add(LSTM(self.hidden_size,return_sequences=True,dropout = self.dropout_rate)) # pragma: no cover
        #output layer

        model.add(Dense(self.n_features_))
        # Compile model
        model.compile(loss=self.loss, optimizer=self.optimizer)
        if self.verbose >= 1:
            #print(model.summary())
            pass
        return model

    def fit(self,X,y=None):
        """
        Fit data to  LSTM model.
        Args:
            inputs : X , ndarray of size (number of sample,features)
        Returns:
            return : self object with trained model
        """

        X = check_array(X)
        self._set_n_classes(y)
        self.n_samples_, self.n_features_ = X.shape[0], X.shape[1]


        X_train,Y_train = self._preprocess_data_for_LSTM(X)

        self.model_ = self._build_model()
        self.history_ = self.model_.fit(X_train, Y_train,
                                        epochs=self.epochs,
                                        batch_size=self.batch_size,
                                        validation_split=self.validation_size,
                                        verbose=self.verbose).history
        pred_scores = np.zeros(X.shape)
        pred_scores[self.window_size:] = self.model_.predict(X_train)

        Y_train_for_decision_scores = np.zeros(X.shape)
        Y_train_for_decision_scores[self.window_size:] = Y_train
        self.decision_scores_ = pairwise_distances_no_broadcast(Y_train_for_decision_scores,
                                                                pred_scores)

        self._process_decision_scores()
        return self


    def _preprocess_data_for_LSTM(self,X):
        """
        Preposses data and prepare sequence of data based on number of samples needed in a window
        Args:
            inputs : X , ndarray of size (number of sample,features)
        Returns:
            return : X , Y  X being samples till (t-1) of data and Y the t time data
        """
        if self.preprocessing:
            self.scaler_ = StandardScaler()
            X_norm = self.scaler_.fit_transform(X)
        else:   # pragma: no cover
            X_norm = np.copy(X)

        X_data = []
        Y_data = []
        for index in range(X.shape[0] - self.window_size):
            X_data.append(X_norm[index:index+self.window_size])
            Y_data.append(X_norm[index+self.window_size])
        X_data = np.asarray(X_data)
        Y_data = np.asarray(Y_data)

        return X_data,Y_data



    def decision_function(self, X):
        """Predict raw anomaly score of X using the fitted detector.
        """
        check_is_fitted(self, ['model_', 'history_'])

        X = check_array(X)
        X_norm,Y_norm = self._preprocess_data_for_LSTM(X)
        pred_scores = np.zeros(X.shape)
        pred_scores[self.window_size:] = self.model_.predict(X_norm)
        Y_norm_for_decision_scores = np.zeros(X.shape)
        Y_norm_for_decision_scores[self.window_size:] = Y_norm
        return pairwise_distances_no_broadcast(Y_norm_for_decision_scores, pred_scores)


# Driver: made-up sensor readings
rng = np.random.RandomState(0)
t = np.arange(42)
series = np.column_stack([np.sin(t / 3.0), np.cos(t / 5.0)]) + 0.1 * rng.randn(42, 2)
series[36] += 3.0
X_train, X_test = series[:30], series[30:]

clf = DeeplogLstm(hidden_size=8, epochs=3, batch_size=32, window_size=3, stacked_layers=1, verbose=2, contamination=0.1)
clf.fit(X_train)
print(clf.history_)
print(clf.decision_scores_, clf.threshold_, clf.labels_)
scores = clf.decision_function(X_test)
print(scores, (scores > clf.threshold_).astype(int))
