# source: ukairia777/tensorflow-nlp-tutorial "13. Sequence Labeling/13-5 ~ 13-7. named_entity_recognition_using_bilstm_cnn_crf.py" (Won Joon Yoo's widely read Korean book "딥 러닝을 이용한 자연어 처리 입문", wikidocs.net/147219, /147234, /147299: NER on the Kaggle GMB corpus, first a Sequential BiLSTM tagger, then Ma & Hovy's BiLSTM-CNN with a per-word character CNN; the two models without a CRF layer, in the script's order)
# commit: 4902cdee666bd096f338ae2b6e7370a02b30ceda
# keras: tf_keras
# exercises: tensorflow.keras.preprocessing.text.Tokenizer(oov_token='OOV') and Tokenizer(lower=False) fitted on lists of token lists, texts_to_sequences, word_index / index_word; pad_sequences(padding='post', maxlen) of 1-d id lists, of per-word char ids (maxlen=max_len_char, value=0, default 'pre' truncation) and of a list of 2-d arrays into a 3-d batch; to_categorical(num_classes=) of 2-d tag ids; Sequential of Embedding(vocab_size, dim, mask_zero=True) with no input shape, Bidirectional(LSTM(return_sequences=True)), TimeDistributed(Dense(softmax)); compile(categorical_crossentropy, Adam(0.001), metrics=['accuracy']); summary(); fit(batch_size=128, epochs, validation_split=0.1); model.save('bilstm.h5'); predict on np.array([X_test[i]]) and on [X_test] (a list of one array); a functional two-input model: Input(shape=(None,), dtype='int32', name='words_input') -> Embedding, Input(shape=(None, max_len_char), name='char_input') -> TimeDistributed(Embedding(..., embeddings_initializer=RandomUniform(minval=-0.5, maxval=0.5)), name='char_embedding') -> Dropout -> TimeDistributed(Conv1D(kernel_size=3, filters, padding='same', activation='tanh', strides=1)) -> TimeDistributed(MaxPooling1D(max_len_char)) -> TimeDistributed(Flatten()) -> Dropout; concatenate; Bidirectional(LSTM(return_sequences=True, dropout)); TimeDistributed(Dense(softmax)); compile(optimizer='adam', metrics=['acc']) (the script's 'nadam', see reduced); EarlyStopping(monitor='val_loss', mode='min', patience=4) and ModelCheckpoint('bilstm_cnn.h5', monitor='val_acc', mode='max', save_best_only=True); load_model('bilstm_cnn.h5') and predict on a list of two arrays
# reduced: ner_dataset.csv (pandas read_csv, fillna, groupby('Sentence #')) replaced by 80 made-up (word, tag) sentences of 3 to 14 words drawn with np.random.RandomState(0) from a small GMB-like lexicon, lower-cased as the script does; pandas, matplotlib and seqeval (not installed) dropped with the DataFrame inspection prints, the length histogram, the loss plots and the classification_report / f1_score prints (sequences_to_tag kept and printed); sklearn's train_test_split(test_size=.2, random_state=777) replaced by a seeded-permutation stand-in (64 train / 16 test), so validation_split=0.1 leaves 57 training rows, one batch of 128 (fit's shuffling cannot change the result); `words = list(set(...))` kept, its chars sorted as the script does; max_len 70 -> 12, max_len_char 15 -> 6; embedding_dim 128 -> 8, hidden_units 256 -> 8, char_embedding_dim 64 -> 4, num_filters 30 -> 5; dropout_ratio 0.5 -> 0.0 (random masks cannot match across frameworks); the BiLSTM-CNN's optimizer='nadam' -> 'adam' (tf-keras 2.21's Nadam bumps the Python counter of its momentum-product cache while tf.function traces its tf.cond, so its compiled steps depend on the number of variables; the corpus's kamalkraj_ner_bilstm_cnn.py makes the same change, and statefulrnn matches tf-keras run eagerly and Keras 3); epochs 6 -> 2 and 15 -> 2; the two keras-crf models (keras_crf.CRFModel, an extra package; the brief excludes CRF layers) and the Colab `!pip` lines, `tf.__version__` and bare DataFrame expressions dropped
import tensorflow as tf

import numpy as np
from tensorflow.keras.preprocessing.text import Tokenizer
from tensorflow.keras.preprocessing.sequence import pad_sequences
from tensorflow.keras.utils import to_categorical


def make_tagged_sentences():
    # Stands in for ner_dataset.csv grouped by "Sentence #": lists of (word, tag)
    rng = np.random.RandomState(0)
    lexicon = [("The", "O"), ("London", "B-geo"), ("Paris", "B-geo"), ("Obama", "B-per"),
               ("Barack", "B-per"), ("said", "O"), ("troops", "O"), ("in", "O"), ("Monday", "B-tim"),
               ("marched", "O"), ("through", "O"), ("Iraq", "B-geo"), ("British", "B-gpe"),
               ("government", "O"), (".", "O"), ("Microsoft", "B-org"), ("announced", "O"),
               ("on", "O"), ("of", "O"), ("York", "I-geo"), ("New", "B-geo"), ("police", "O")]
    sentences = []
    for _ in range(80):
        n = rng.randint(3, 15)
        sentences.append([lexicon[i] for i in rng.randint(len(lexicon), size=n)])
    return sentences


def train_test_split(a, b, test_size, random_state):
    # Stands in for sklearn.model_selection.train_test_split
    order = np.random.RandomState(random_state).permutation(len(a))
    n_test = int(np.ceil(test_size * len(a)))
    test, train = order[:n_test], order[n_test:]
    a, b = np.asarray(a), np.asarray(b)
    return a[train], a[test], b[train], b[test]


tagged_sentences = [[(w.lower(), t) for w, t in s] for s in make_tagged_sentences()]
print("전체 샘플 개수: {}".format(len(tagged_sentences)))

print(tagged_sentences[0]) # 첫번째 샘플 출력

sentences, ner_tags = [], [] 
for tagged_sentence in tagged_sentences: # 47,959개의 문장 샘플을 1개씩 불러온다.
    sentence, tag_info = zip(*tagged_sentence) # 각 샘플에서 단어들은 sentence에 개체명 태깅 정보들은 tag_info에 저장.
    sentences.append(list(sentence)) # 각 샘플에서 단어 정보만 저장한다.
    ner_tags.append(list(tag_info)) # 각 샘플에서 개체명 태깅 정보만 저장한다.

print(sentences[0])
print(ner_tags[0])

print('샘플의 최대 길이 : %d' % max(len(l) for l in sentences))
print('샘플의 평균 길이 : %f' % (sum(map(len, sentences))/len(sentences)))

src_tokenizer = Tokenizer(oov_token='OOV') # 모든 단어를 사용하지만 인덱스 1에는 단어 'OOV'를 할당한다.
src_tokenizer.fit_on_texts(sentences)
tar_tokenizer = Tokenizer(lower=False) # 태깅 정보들은 내부적으로 대문자를 유지한채로 저장
tar_tokenizer.fit_on_texts(ner_tags)

vocab_size = len(src_tokenizer.word_index) + 1
tag_size = len(tar_tokenizer.word_index) + 1
print('단어 집합의 크기 : {}'.format(vocab_size))
print('개체명 태깅 정보 집합의 크기 : {}'.format(tag_size))

print('단어 OOV의 인덱스 : {}'.format(src_tokenizer.word_index['OOV']))

X_data = src_tokenizer.texts_to_sequences(sentences)
y_data = tar_tokenizer.texts_to_sequences(ner_tags)

print(X_data[0])
print(y_data[0])

word_to_index = src_tokenizer.word_index
index_to_word = src_tokenizer.index_word
ner_to_index = tar_tokenizer.word_index
index_to_ner = tar_tokenizer.index_word
index_to_ner[0] = 'PAD'

print(index_to_ner)

decoded = []
for index in X_data[0] : # 첫번째 샘플 안의 인덱스들에 대해서
    decoded.append(index_to_word[index]) # 다시 단어로 변환

print('기존의 문장 : {}'.format(sentences[0]))
print('디코딩 문장 : {}'.format(decoded))

max_len = 12
X_data = pad_sequences(X_data, padding='post', maxlen=max_len)
y_data = pad_sequences(y_data, padding='post', maxlen=max_len)

print(X_data.shape)
print(y_data.shape)

X_train, X_test, y_train_int, y_test_int = train_test_split(X_data, y_data, test_size=.2, random_state=777)

y_train = to_categorical(y_train_int, num_classes=tag_size)
y_test = to_categorical(y_test_int, num_classes=tag_size)

print('훈련 샘플 문장의 크기 : {}'.format(X_train.shape))
print('훈련 샘플 레이블(원-핫 인코딩)의 크기 : {}'.format(y_train.shape))
print('테스트 샘플 문장의 크기 : {}'.format(X_test.shape))

"""# char 정보를 사용하기 위한 추가 전처리"""

# char_vocab 만들기
words = list(set(w for s in sentences for w in s))
chars = set([w_i for w in words for w_i in w])
chars = sorted(list(chars))
print(chars)

char_to_index = {c: i + 2 for i, c in enumerate(chars)}
char_to_index["OOV"] = 1
char_to_index["PAD"] = 0

index_to_char = {}
for key, value in char_to_index.items():
    index_to_char[value] = key

print(sentences[0])

max_len_char = 6

def padding_char_indice(char_indice, max_len_char):
  return pad_sequences(
        char_indice, maxlen=max_len_char, padding='post', value = 0)

def integer_coding(sentences):
  char_data = []
  for ts in sentences:
    word_indice = [word_to_index[t] for t in ts]
    char_indice = [[char_to_index[char] for char in t]  
                                          for t in ts]
    char_indice = padding_char_indice(char_indice, max_len_char)

    for chars_of_token in char_indice:
      if len(chars_of_token) > max_len_char:
        continue
    char_data.append(char_indice)
  return char_data

X_char_data = integer_coding(sentences)

# 정수 인코딩 이전의 기존 문장
print(sentences[0])

print(X_data[0])

print(X_char_data[0])

X_char_data = pad_sequences(X_char_data, maxlen=max_len, padding='post', value = 0)

X_char_train, X_char_test, _, _ = train_test_split(X_char_data, y_data, test_size=.2, random_state=777)

X_char_train = np.array(X_char_train)
X_char_test = np.array(X_char_test)

print(X_train[0])

print(X_char_train[0])

print(X_char_train[0][0])

print(' '.join([index_to_char[index] for index in X_char_train[0][0]]))

print('훈련 샘플 char 데이터의 크기 : {}'.format(X_char_train.shape))

"""# BiLSTM을 이용한 개체명 인식"""

from tensorflow.keras.models import Sequential
from tensorflow.keras.layers import Dense, LSTM, InputLayer, Bidirectional, TimeDistributed, Embedding
from tensorflow.keras.optimizers import Adam

embedding_dim = 8
hidden_units = 8

model = Sequential()
model.add(Embedding(vocab_size, embedding_dim, mask_zero=True))
model.add(Bidirectional(LSTM(hidden_units, return_sequences=True)))
model.add(TimeDistributed(Dense(tag_size, activation=('softmax'))))
model.compile(loss='categorical_crossentropy', optimizer=Adam(0.001), metrics=['accuracy'])

model.summary()

history = model.fit(X_train, y_train, batch_size=128, epochs=2, validation_split=0.1)

model.save('bilstm.h5')

i = 13 # 확인하고 싶은 테스트용 샘플의 인덱스.
y_predicted = model.predict(np.array([X_test[i]])) # 입력한 테스트용 샘플에 대해서 예측 y를 리턴
y_predicted = np.argmax(y_predicted, axis=-1) # 확률 벡터를 정수 인코딩으로 변경함.
true = np.argmax(y_test[i], -1) # 원-핫 인코딩을 다시 정수 인코딩으로 변경함.

print("{:15}|{:5}|{}".format("단어", "실제값", "예측값"))
print(35 * "-")

for word, tag, pred in zip(X_test[i], true, y_predicted[0]):
    if word != 0: # PAD값은 제외함.
        print("{:17}: {:7} {}".format(index_to_word[word], index_to_ner[tag], index_to_ner[pred]))

def sequences_to_tag(sequences): # 예측값을 index_to_ner를 사용하여 태깅 정보로 변경하는 함수.
    result = []
    for sequence in sequences: # 전체 시퀀스로부터 시퀀스를 하나씩 꺼낸다.
        temp = []
        for pred in sequence: # 시퀀스로부터 예측값을 하나씩 꺼낸다.
            pred_index = np.argmax(pred) # 예를 들어 [0, 0, 1, 0 ,0]라면 1의 인덱스인 2를 리턴한다.
            temp.append(index_to_ner[pred_index].replace("PAD", "O")) # 'PAD'는 'O'로 변경
        result.append(temp)
    return result

y_predicted = model.predict([X_test])
pred_tags = sequences_to_tag(y_predicted)
test_tags = sequences_to_tag(y_test)

print(pred_tags[:2], test_tags[:2])

"""# BiLSTM-CNN을 이용한 개체명인식"""

from tensorflow.keras.layers import Embedding, Input, TimeDistributed, Dropout, concatenate, Bidirectional, LSTM, Conv1D, Dense, MaxPooling1D, Flatten
from tensorflow.keras import Model
from tensorflow.keras.initializers import RandomUniform
from tensorflow.keras.callbacks import EarlyStopping, ModelCheckpoint
from tensorflow.keras.models import load_model

embedding_dim = 8
char_embedding_dim = 4
dropout_ratio = 0.0
hidden_units = 8
num_filters = 5
kernel_size = 3

# 단어 임베딩
words_input = Input(shape=(None,),dtype='int32',name='words_input')
words = Embedding(input_dim=vocab_size, output_dim=embedding_dim)(words_input)

# char 임베딩
character_input = Input(shape=(None, max_len_char,),name='char_input')
embed_char_out = TimeDistributed(Embedding(len(char_to_index), char_embedding_dim, embeddings_initializer=RandomUniform(minval=-0.5, maxval=0.5)), name='char_embedding')(character_input)
dropout = Dropout(dropout_ratio)(embed_char_out)

# char 임베딩에 대해서는 Conv1D 수행
conv1d_out= TimeDistributed(Conv1D(kernel_size=kernel_size, filters=num_filters, padding='same', activation='tanh', strides=1))(dropout)
maxpool_out=TimeDistributed(MaxPooling1D(max_len_char))(conv1d_out)
char = TimeDistributed(Flatten())(maxpool_out)
char = Dropout(dropout_ratio)(char)

# char 임베딩을 Conv1D 수행한 뒤에 단어 임베딩과 연결
output = concatenate([words, char])

# 연결한 벡터를 가지고 문장의 길이만큼 LSTM을 수행
output = Bidirectional(LSTM(hidden_units, return_sequences=True, dropout=dropout_ratio))(output)

# 출력층
output = TimeDistributed(Dense(tag_size, activation='softmax'))(output)

model = Model(inputs=[words_input, character_input], outputs=[output])
model.compile(loss='categorical_crossentropy', optimizer='adam',  metrics=['acc'])
model.summary()

es = EarlyStopping(monitor='val_loss', mode='min', verbose=1, patience=4)
mc = ModelCheckpoint('bilstm_cnn.h5', monitor='val_acc', mode='max', verbose=1, save_best_only=True)

history = model.fit([X_train, X_char_train], y_train, batch_size=128, epochs=2, validation_split=0.1, verbose=1, callbacks=[es, mc])

model = load_model('bilstm_cnn.h5')

i = 13 # 확인하고 싶은 테스트용 샘플의 인덱스.

# 입력한 테스트용 샘플에 대해서 예측 y를 리턴
y_predicted = model.predict([np.array([X_test[i]]), np.array([X_char_test[i]])])
y_predicted = np.argmax(y_predicted, axis=-1) # 확률 벡터를 정수 인코딩으로 변경함.
true = np.argmax(y_test[i], -1) # 원-핫 인코딩을 다시 정수 인코딩으로 변경함.

print("{:15}|{:5}|{}".format("단어", "실제값", "예측값"))
print(35 * "-")

for word, tag, pred in zip(X_test[i], true, y_predicted[0]):
    if word != 0: # PAD값은 제외함.
        print("{:17}: {:7} {}".format(index_to_word[word], index_to_ner[tag], index_to_ner[pred]))

y_predicted = model.predict([X_test, X_char_test])
pred_tags = sequences_to_tag(y_predicted)
test_tags = sequences_to_tag(y_test)

print(pred_tags[:2], test_tags[:2])
