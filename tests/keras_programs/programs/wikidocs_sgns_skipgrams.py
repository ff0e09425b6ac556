# source: ukairia777/tensorflow-nlp-tutorial 09. Word Embedding/9-4. negative_sampling.py (Won Joon Yoo's "딥 러닝을 이용한 자연어 처리 입문" (wikidocs.net/69141, a widely read Korean NLP book), "Skip-Gram with Negative Sampling": tf.keras's skipgrams() pairs with negative samples over 20 Newsgroups, a target and a context Embedding joined by Dot(axes=2), trained by train_on_batch one document at a time)
# commit: fa6d723cd1727467ac729859ab81a8745b505337
# keras: tf_keras
# exercises: tf.keras.preprocessing.text.Tokenizer on lists of tokens (fit_on_texts / texts_to_sequences of pre-split documents), word_index; tf.keras.preprocessing.sequence.skipgrams(sample, vocabulary_size, window_size=10) with its default negative_samples=1.0 and shuffle=True (drawn from Python's random module), its (couples, labels) indexed and printed; Input(shape=(1,), dtype='int32') twice, two Embedding(vocab_size, embedding_dim), Dot(axes=2), Reshape((1,), input_shape=(1, 1)), Activation('sigmoid'); Model with two inputs, summary, compile('binary_crossentropy', 'adam'); epochs of train_on_batch([first_elem, second_elem], labels) over every document's pairs, the scalar losses summed; model.get_weights()[0] written out as a word2vec text file
# reduced: fetch_20newsgroups (sklearn, a download) and its pandas cleaning (str.replace of non-letters, words longer than 3 letters, lower-casing, dropna) replaced by the same cleaning in plain Python over 12 made-up documents (random, seeded) of 6-14 words from a 40-word vocabulary with punctuation, digits and short words, held as a list; nltk's English stopwords (a download) replaced by a short stop-word list; the cleaning's display cells (head(), isnull()) dropped; embedding_dim 100 -> 8; epochs range(1, 6) -> range(1, 3); plot_model (needs pydot and graphviz) and `from IPython.display import SVG` left out; the gensim part (KeyedVectors.load_word2vec_format and most_similar, gensim not installed) left out after vectors.txt is written
import numpy as np
import random
import re
from tensorflow.keras.preprocessing.text import Tokenizer

# Stands in for fetch_20newsgroups(...).data.
WORDS = ["disease", "doctor", "medicine", "patient", "hospital", "soldiers", "army", "war", "police", "crime",
         "engine", "car", "motor", "speed", "driver", "hero", "game", "team", "season", "player", "space", "nasa",
         "orbit", "launch", "shuttle", "god", "church", "faith", "bible", "belief", "computer", "windows", "drive",
         "card", "graphics", "image", "file", "program", "encryption", "chip"]
SHORT = ["the", "is", "a", "of", "and", "to", "in", "it", "was", "for"]
documents = []
for _ in range(12):
    n = random.randint(6, 14)
    words = [random.choice(WORDS) if random.random() < 0.7 else random.choice(SHORT) for _ in range(n)]
    words.insert(random.randint(0, n), random.choice(["1993", "--", "(c)", "e-mail:", "Re:"]))
    documents.append(" ".join(w.capitalize() if random.random() < 0.2 else w for w in words) + ".")
print('총 샘플 수 :',len(documents))

# Stands in for the pandas cleaning of news_df['clean_doc'].
clean_doc = [re.sub("[^a-zA-Z]", " ", d) for d in documents]
clean_doc = [' '.join([w for w in x.split() if len(w)>3]) for x in clean_doc]
clean_doc = [x.lower() for x in clean_doc]
clean_doc = [x for x in clean_doc if x != ""]

print(len(clean_doc))

stop_words = ["this", "that", "with", "from", "have", "were", "they", "there"]  # stands in for nltk's stopwords
tokenized_doc = [x.split() for x in clean_doc]

# 불용어를 제거합니다.
tokenized_doc = [[item for item in x if item not in stop_words] for x in tokenized_doc]

# 단어가 1개 이하인 경우 중심 단어, 주변 단어가 존재하지 않으므로 불가.
drop_train = [index for index, sentence in enumerate(tokenized_doc) if len(sentence) <= 1]

print(drop_train)

tokenized_doc = [s for i, s in enumerate(tokenized_doc) if i not in drop_train]

print(len(tokenized_doc))

tokenizer = Tokenizer()
tokenizer.fit_on_texts(tokenized_doc)

word2idx = tokenizer.word_index
idx2word = {value : key for key, value in word2idx.items()}
encoded = tokenizer.texts_to_sequences(tokenized_doc)

print(encoded[:5])

vocab_size = len(word2idx) + 1 
print('단어 집합의 크기 :', vocab_size)

from tensorflow.keras.preprocessing.sequence import skipgrams

# 네거티브 샘플링
skip_grams = [skipgrams(sample, vocabulary_size=vocab_size, window_size=10) for sample in encoded[:10]]

# 첫번째 샘플인 skip_grams[0] 내 skipgrams로 형성된 데이터셋 확인
pairs, labels = skip_grams[0][0], skip_grams[0][1]
for i in range(5):
    print("({:s} ({:d}), {:s} ({:d})) -> {:d}".format(
          idx2word[pairs[i][0]], pairs[i][0], 
          idx2word[pairs[i][1]], pairs[i][1], 
          labels[i]))

print(len(skip_grams))

# 첫번째 샘플에 대해서 생긴 pairs와 labels
print(len(pairs))
print(len(labels))

skip_grams = [skipgrams(sample, vocabulary_size=vocab_size, window_size=10) for sample in encoded]

"""# 2. Skip-Gram with Negative Sampling(SGNS) 구현하기"""

from tensorflow.keras.models import Sequential, Model
from tensorflow.keras.layers import Embedding, Reshape, Activation, Input
from tensorflow.keras.layers import Dot

embedding_dim = 8

# 중심 단어를 위한 임베딩 테이블
w_inputs = Input(shape=(1, ), dtype='int32')
word_embedding = Embedding(vocab_size, embedding_dim)(w_inputs)

# 주변 단어를 위한 임베딩 테이블
c_inputs = Input(shape=(1, ), dtype='int32')
context_embedding  = Embedding(vocab_size, embedding_dim)(c_inputs)

dot_product = Dot(axes=2)([word_embedding, context_embedding])
dot_product = Reshape((1,), input_shape=(1, 1))(dot_product)
output = Activation('sigmoid')(dot_product)

model = Model(inputs=[w_inputs, c_inputs], outputs=output)
model.summary()
model.compile(loss='binary_crossentropy', optimizer='adam')

for epoch in range(1, 3):
    loss = 0
    for _, elem in enumerate(skip_grams):
        first_elem = np.array(list(zip(*elem[0]))[0], dtype='int32')
        second_elem = np.array(list(zip(*elem[0]))[1], dtype='int32')
        labels = np.array(elem[1], dtype='int32')
        X = [first_elem, second_elem]
        Y = labels
        loss += model.train_on_batch(X,Y)  
    print('Epoch :',epoch, 'Loss :',loss)

"""# 3. 결과 확인하기"""

f = open('vectors.txt' ,'w')
f.write('{} {}\n'.format(vocab_size-1, embedding_dim))
vectors = model.get_weights()[0]
for word, i in tokenizer.word_index.items():
    f.write('{} {}\n'.format(word, ' '.join(map(str, list(vectors[i, :])))))
f.close()
