# source: amanchadha/coursera-deep-learning-specialization C5 - Sequence Models/Week 2/Emojify/Emojify_v2a.ipynb with emo_utils.py (deeplearning.ai's "Sequence Models" course, week 2 assignment "Emojify!", Emojifier-V2, as solved in this widely forked repository; its code cells in order)
# commit: e9de0f4d1549b5a974c7f5cba013097fe162a798
# keras: tf_keras
# exercises: Keras 2's `from keras.layers.embeddings import Embedding`, `from keras.preprocessing import sequence` and `from keras.initializers import glorot_uniform` (imported, unused); emo_utils's read_csv (csv.reader), read_glove_vecs (a GloVe text file read into word_to_index over the sorted words and a word_to_vec_map of float64 vectors) and convert_to_one_hot (np.eye(C)[Y.reshape(-1)]); sentences_to_indices filling a float64 np.zeros((m, max_len)) matrix with word indices; pretrained_embedding_layer: an emb_matrix built row by row, Embedding(vocab_len, emb_dim, trainable=False) built by hand with embedding_layer.build((None,)) and given the matrix by set_weights before it is called, get_weights()[0][1][3] read back; a functional model Input(input_shape, dtype='int32') fed float64 indices -> the frozen Embedding -> LSTM(return_sequences=True) -> Dropout -> LSTM(return_sequences=False) -> Dropout -> Dense(5) -> Activation('softmax'); summary(); compile(loss='categorical_crossentropy', optimizer='adam', metrics=['accuracy']); fit(epochs, batch_size=32, shuffle=True); evaluate unpacked as loss, acc; predict on the test set with np.argmax per row to list the mislabelled sentences; predict on one new sentence
# reduced: data/train_emoji.csv and data/tesss.csv (EMOJISET, 127 and 56 sentences) replaced by make_data(), which writes 32 training and 12 test made-up sentences labelled 0-4 in the same csv format (32 rows: one batch of 32, so fit's shuffle=True cannot change the result); the GloVe file ('../../readonly/glove.6B.50d.txt', 400,000 words of 50 numbers) replaced by a made-up one written by make_data() as data/glove.6B.50d.txt (the path moved into the scratch folder): every word of the sentences plus 'cucumber' (which pretrained_embedding_layer reads for the width) and a few more, each with 8 seeded random numbers, so emb_dim is 8; LSTM units 128 -> 8, Dropout 0.5 -> 0 (random masks cannot match); epochs 50 -> 3; emo_utils inlined with what the Emojifier-V2 cells use (read_glove_vecs, read_csv, convert_to_one_hot, emoji_dictionary, label_to_emoji), label_to_emoji returning the dictionary's alias without emoji.emojize (the emoji package is not installed here nor in the Keras venv), emo_utils's pandas, matplotlib and sklearn imports dropped; the notebook's Emojifier-V1 part (cells 6 and 8-36: sentence_to_avg and a softmax model written in numpy, no Keras), the `import emoji`, matplotlib and `%matplotlib inline` cell and the markdown cells left out
import csv
import numpy as np


def make_data():
    # Stands in for EMOJISET's csv files and the GloVe vectors: made-up sentences and vectors.
    train = [
        ('i love you', 0), ('i miss you so much', 0), ('you are my love', 0), ('i adore my mum', 0),
        ('love you forever', 0), ('my heart is yours', 0), ('lets play ball', 1), ('he plays baseball', 1),
        ('we won the game', 1), ('i want to play', 1), ('the game is tonight', 1), ('ball game with pals', 1),
        ('i am so happy', 2), ('what a funny joke', 2), ('you did great work', 2), ('this is fun', 2),
        ('lol so funny', 2), ('great news today', 2), ('i am so sad', 3), ('this is the worst day', 3),
        ('i lost my job', 3), ('never talk to me', 3), ('feeling bad today', 3), ('i hate this', 3),
        ('food is ready', 4), ('lets eat dinner', 4), ('i want some pizza', 4), ('we had lunch', 4),
        ('the food is great', 4), ('dinner is ready', 4), ('i am happy with you', 2), ('sad news today', 3),
    ]
    test = [
        ('i love my mum', 0), ('my love', 0), ('play the game', 1), ('we play ball tonight', 1),
        ('so funny lol', 2), ('great work', 2), ('worst job', 3), ('i feel sad', 3),
        ('pizza for dinner', 4), ('lunch is ready', 4), ('not feeling happy', 3), ('i adore you', 0),
    ]
    for filename, rows in (('data/train_emoji.csv', train), ('data/tesss.csv', test)):
        with open(filename, 'w', newline='') as f:
            csv.writer(f).writerows([(s, str(y), '', '') for s, y in rows])
    words = sorted({w for s, _ in train + test for w in s.split()} | {'cucumber', 'feel', 'the', 'a', 'not'})
    rng = np.random.RandomState(5)
    with open('data/glove.6B.50d.txt', 'w') as f:
        for w in words:
            f.write(w + ' ' + ' '.join('%.5f' % v for v in rng.uniform(-1, 1, 8)) + '\n')


import os
os.makedirs('data', exist_ok=True)
make_data()


# ---- emo_utils.py (what the Emojifier-V2 cells use)

def read_glove_vecs(glove_file):
    with open(glove_file, 'r') as f:
        words = set()
        word_to_vec_map = {}
        for line in f:
            line = line.strip().split()
            curr_word = line[0]
            words.add(curr_word)
            word_to_vec_map[curr_word] = np.array(line[1:], dtype=np.float64)
        
        i = 1
        words_to_index = {}
        index_to_words = {}
        for w in sorted(words):
            words_to_index[w] = i
            index_to_words[i] = w
            i = i + 1
    return words_to_index, index_to_words, word_to_vec_map


def read_csv(filename = 'data/emojify_data.csv'):
    phrase = []
    emoji = []

    with open (filename) as csvDataFile:
        csvReader = csv.reader(csvDataFile)

        for row in csvReader:
            phrase.append(row[0])
            emoji.append(row[1])

    X = np.asarray(phrase)
    Y = np.asarray(emoji, dtype=int)

    return X, Y

def convert_to_one_hot(Y, C):
    Y = np.eye(C)[Y.reshape(-1)]
    return Y


emoji_dictionary = {#"0": ":red_heart:",    # :heart: prints a black instead of red heart depending on the font
                    "0": "\u2764\ufe0f",
                    "1": ":baseball:",
                    "2": ":smile:",
                    "3": ":disappointed:",
                    "4": ":fork_and_knife:"}

def label_to_emoji(label):
    """
    Converts a label (int or string) into the corresponding emoji code (string) ready to be printed
    """
    return emoji_dictionary[str(label)]


# ---- the notebook's code cells

X_train, Y_train = read_csv('data/train_emoji.csv')
X_test, Y_test = read_csv('data/tesss.csv')

maxLen = len(max(X_train, key=len).split())

for idx in range(10):
    print(X_train[idx], label_to_emoji(Y_train[idx]))

Y_oh_train = convert_to_one_hot(Y_train, C = 5)
Y_oh_test = convert_to_one_hot(Y_test, C = 5)

word_to_index, index_to_word, word_to_vec_map = read_glove_vecs('data/glove.6B.50d.txt')

import numpy as np
np.random.seed(0)
from keras.models import Model
from keras.layers import Dense, Input, Dropout, LSTM, Activation
from keras.layers.embeddings import Embedding
from keras.preprocessing import sequence
from keras.initializers import glorot_uniform
np.random.seed(1)

for idx, val in enumerate(["I", "like", "learning"]):
    print(idx,val)

# GRADED FUNCTION: sentences_to_indices

def sentences_to_indices(X, word_to_index, max_len):
    """
    Converts an array of sentences (strings) into an array of indices corresponding to words in the sentences.
    The output shape should be such that it can be given to `Embedding()` (described in Figure 4). 
    
    Arguments:
    X -- array of sentences (strings), of shape (m, 1)
    word_to_index -- a dictionary containing the each word mapped to its index
    max_len -- maximum number of words in a sentence. You can assume every sentence in X is no longer than this. 
    
    Returns:
    X_indices -- array of indices corresponding to words in the sentences from X, of shape (m, max_len)
    """
    
    m = X.shape[0]                                   # number of training examples
    
    ### START CODE HERE ###
    # Initialize X_indices as a numpy matrix of zeros and the correct shape (≈ 1 line)
    X_indices = np.zeros((m, max_len))
    
    for i in range(m):                               # loop over training examples
        
        # Convert the ith training sentence in lower case and split is into words. You should get a list of words.
        sentence_words =X[i].lower().split()
        
        # Initialize j to 0
        j = 0
        
        # Loop over the words of sentence_words
        for w in sentence_words:
            # Set the (i,j)th entry of X_indices to the index of the correct word.
            X_indices[i, j] = word_to_index[w]
            # Increment j to j + 1
            j = j + 1
            
    ### END CODE HERE ###
    
    return X_indices

X1 = np.array(["funny lol", "lets play baseball", "food is ready for you"])
X1_indices = sentences_to_indices(X1,word_to_index, max_len = 5)
print("X1 =", X1)
print("X1_indices =\n", X1_indices)

# GRADED FUNCTION: pretrained_embedding_layer

def pretrained_embedding_layer(word_to_vec_map, word_to_index):
    """
    Creates a Keras Embedding() layer and loads in pre-trained GloVe 50-dimensional vectors.
    
    Arguments:
    word_to_vec_map -- dictionary mapping words to their GloVe vector representation.
    word_to_index -- dictionary mapping from words to their indices in the vocabulary (400,001 words)

    Returns:
    embedding_layer -- pretrained layer Keras instance
    """
    
    vocab_len = len(word_to_index) + 1                  # adding 1 to fit Keras embedding (requirement)
    emb_dim = word_to_vec_map["cucumber"].shape[0]      # define dimensionality of your GloVe word vectors (= 50)
    
    ### START CODE HERE ###
    # Step 1
    # Initialize the embedding matrix as a numpy array of zeros.
    # See instructions above to choose the correct shape.
    emb_matrix = np.zeros((vocab_len, emb_dim))
    
    # Step 2
    # Set each row "idx" of the embedding matrix to be 
    # the word vector representation of the idx'th word of the vocabulary
    for word, index in word_to_index.items():
        emb_matrix[index, :] = word_to_vec_map[word]

    # Step 3
    # Define Keras embedding layer with the correct input and output sizes
    # Make it non-trainable.
    embedding_layer = Embedding(vocab_len, emb_dim, trainable=False)
    ### END CODE HERE ###

    # Step 4 (already done for you; please do not modify)
    # Build the embedding layer, it is required before setting the weights of the embedding layer. 
    embedding_layer.build((None,)) # Do not modify the "None".  This line of code is complete as-is.
    
    # Set the weights of the embedding layer to the embedding matrix. Your layer is now pretrained.
    embedding_layer.set_weights([emb_matrix])
    
    return embedding_layer

embedding_layer = pretrained_embedding_layer(word_to_vec_map, word_to_index)
print("weights[0][1][3] =", embedding_layer.get_weights()[0][1][3])

# GRADED FUNCTION: Emojify_V2

def Emojify_V2(input_shape, word_to_vec_map, word_to_index):
    """
    Function creating the Emojify-v2 model's graph.
    
    Arguments:
    input_shape -- shape of the input, usually (max_len,)
    word_to_vec_map -- dictionary mapping every word in a vocabulary into its 50-dimensional vector representation
    word_to_index -- dictionary mapping from words to their indices in the vocabulary (400,001 words)

    Returns:
    model -- a model instance in Keras
    """
    
    ### START CODE HERE ###
    # Define sentence_indices as the input of the graph
    # It should be of shape input_shape and dtype 'int32' (as it contains indices).
    sentence_indices = Input(input_shape, dtype='int32')
    
    # Create the embedding layer pretrained with GloVe Vectors (≈1 line)
    embedding_layer = pretrained_embedding_layer(word_to_vec_map, word_to_index)
    
    # Propagate sentence_indices through your embedding layer, you get back the embeddings
    embeddings = embedding_layer(sentence_indices)    
    
    # Propagate the embeddings through an LSTM layer with 128-dimensional hidden state
    # Be careful, the returned output should be a batch of sequences.
    X = LSTM(8, return_sequences=True)(embeddings)
    # Add dropout with a probability of 0.5
    X = Dropout(0)(X)
    # Propagate X trough another LSTM layer with 128-dimensional hidden state
    # Be careful, the returned output should be a single hidden state, not a batch of sequences.
    X = LSTM(8, return_sequences=False)(X)
    # Add dropout with a probability of 0.5
    X = Dropout(0)(X)
    # Propagate X through a Dense layer with softmax activation to get back a batch of 5-dimensional vectors.
    X = Dense(5)(X)
    # Add a softmax activation
    X = Activation('softmax')(X)
    
    # Create Model instance which converts sentence_indices into X.
    model = Model(inputs=sentence_indices, outputs=X)
    
    ### END CODE HERE ###
    
    return model

model = Emojify_V2((maxLen,), word_to_vec_map, word_to_index)
model.summary()

model.compile(loss='categorical_crossentropy', optimizer='adam', metrics=['accuracy'])

X_train_indices = sentences_to_indices(X_train, word_to_index, maxLen)
Y_train_oh = convert_to_one_hot(Y_train, C = 5)

model.fit(X_train_indices, Y_train_oh, epochs = 3, batch_size = 32, shuffle=True)

X_test_indices = sentences_to_indices(X_test, word_to_index, max_len = maxLen)
Y_test_oh = convert_to_one_hot(Y_test, C = 5)
loss, acc = model.evaluate(X_test_indices, Y_test_oh)
print()
print("Test accuracy = ", acc)

# This code allows you to see the mislabelled examples
C = 5
y_test_oh = np.eye(C)[Y_test.reshape(-1)]
X_test_indices = sentences_to_indices(X_test, word_to_index, maxLen)
pred = model.predict(X_test_indices)
for i in range(len(X_test)):
    x = X_test_indices
    num = np.argmax(pred[i])
    if(num != Y_test[i]):
        print('Expected emoji:'+ label_to_emoji(Y_test[i]) + ' prediction: '+ X_test[i] + label_to_emoji(num).strip())

# Change the sentence below to see your prediction. Make sure all the words are in the Glove embeddings.  
x_test = np.array(['not feeling happy'])
X_test_indices = sentences_to_indices(x_test, word_to_index, maxLen)
print(x_test[0] +' '+  label_to_emoji(np.argmax(model.predict(X_test_indices))))
