# source: biggymart/study keras2/keras83_embedding3_Conv1D.py (a Korean Keras study repo, day-by-day exercises: binary sentiment of 13 Korean movie-review phrases with Tokenizer + pad_sequences + Embedding + Conv1D + Flatten)
# commit: e28bce90df28a65712efe093a8846fd3e1bdcbbd
# keras: tf_keras
# exercises: `from tensorflow.keras.preprocessing.text import Tokenizer` on Korean (Hangul) phrases (fit_on_texts, texts_to_sequences), pad_sequences(x, padding='pre', maxlen=4); Sequential with Embedding(input_dim=28, output_dim=11, input_length=) (see reduced), Conv1D(32, 2) without activation, Flatten, Dense(1, sigmoid); summary; compile('adam', 'binary_crossentropy', metrics=['acc']); fit(epochs=) at the default batch size (13 rows: one batch); evaluate(...)[1] read as the accuracy
# reduced: epochs 100 -> 3; Embedding input_length=5 -> 4, the padded length (as written, pad_sequences(maxlen=4) rows into an input_length=5 model: tf-keras 2.21 raises 'Input 0 of layer "sequential" is incompatible with the layer: expected shape=(None, 5), found shape=(None, 4)' and statefulrnn raises too, at the Dense: 'built for 128 input features, but received inputs of shape (13, 96)'); the data is the program's own 13 phrases
# 긍정과 부정을 맞춰보자
from tensorflow.keras.preprocessing.text import Tokenizer
import numpy as np

docs = ['너무 재밌어요', '참 최고에요', '참 잘 만든 영화예요',
        '추천하고 싶은 영화입니다.', '한 번 더 보고 싶네요', '글쎄요',
        '별로에요', '생각보다 지루해요', '연기가 어색해요',
        '재미없어요', '너무 재미없다', '참 재밌네요', '규현이가 잘 생기긴 했어요'
]

# 긍정 1, 부정 0
labels = np.array([1,1,1,1,1,0,0,0,0,0,0,1,1])

token = Tokenizer()
token.fit_on_texts(docs)
x = token.texts_to_sequences(docs)

from tensorflow.keras.preprocessing.sequence import pad_sequences
pad_x = pad_sequences(x, padding='pre', maxlen=4) # 'post'

# modeling
from tensorflow.keras.models import Sequential
from tensorflow.keras.layers import Embedding, Dense, LSTM, Flatten, Conv1D

model = Sequential()

model.add(Embedding(input_dim=28, output_dim=11, input_length=4))  # was input_length=5 (see reduced)
model.add(Conv1D(32, 2))
model.add(Flatten()) 
# Flatten 없이도 돌아가긴 하지만 Dense에 최적화된 2D 텐서로 만들어주기 위해 사용
model.add(Dense(1, activation='sigmoid'))

model.summary()

model.compile(optimizer='adam', loss='binary_crossentropy', metrics=['acc'])
model.fit(pad_x, labels, epochs=3)

acc = model.evaluate(pad_x, labels)[1] 
# loss, metrics를 반환하므로 1인덱스는 'acc'임
print(acc)
