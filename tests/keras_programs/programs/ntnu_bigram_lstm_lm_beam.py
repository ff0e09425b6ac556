# source: alvinntnu/NTNU_ENC2045_LECTURES nlp/dl-neural-language-model-primer.ipynb (Alvin Chen's NTNU ENC2045 course, "Neural Language Model: A Start": a bigram word LSTM language model on the "Jack and Jill" rhyme, greedy generation and a hand-written beam search; its code cells in order)
# commit: 7863e1a1bac6589d556758da2b473e1f0a09020c
# keras: tf_keras
# exercises: `import tensorflow.keras as keras`; Tokenizer fit_on_texts / texts_to_sequences / word_index over a 4-line rhyme; bigram rows as an (n, 2) int array split into X (1-D, one int per row) and y; to_categorical(y, num_classes=); Sequential Embedding(input_dim=, output_dim=16, input_length=1) + LSTM(64) + Dense softmax; print(model.summary()) (prints None); compile(categorical_crossentropy, 'adam', ['accuracy']); fit(X, y, epochs=, verbose=2) with a 1-D X at the default batch size; greedy generation: predict on np.array(encoded), a 1-D array of one word id (no batch axis added), np.argmax(..., axis=-1) compared with `index == yhat`; beam search: predict(encoded).flatten() per candidate, scores -np.log(p) sorted, top k kept
# reduced: epochs 500 -> 3; the plot_model(model, show_shapes=True) cell left out (pydot/graphviz are not in the venv; the import is kept); nothing else (the rhyme is the notebook's own text)
## Dependencies
import numpy as np
import tensorflow.keras as keras
from tensorflow.keras.preprocessing.text import Tokenizer
from tensorflow.keras.utils import to_categorical, plot_model
from tensorflow.keras.models import Sequential
from tensorflow.keras.layers import Dense, LSTM, Embedding

# source text
data = """ Jack and Jill went up the hill\n
		To fetch a pail of water\n
		Jack fell down and broke his crown\n
		And Jill came tumbling after\n """

data = [l.strip() for l in data.split('\n') if l != ""]

# integer encode text
tokenizer = Tokenizer()
tokenizer.fit_on_texts(data)

# now the data consists of a sequence of word index integers
encoded = tokenizer.texts_to_sequences(data)

# determine the vocabulary size
vocab_size = len(tokenizer.word_index) + 1
print('Vocabulary Size: %d' % vocab_size)
print(tokenizer.word_index)

# create bigrams sequences

## bigrams holder
sequences = list()


## Extract bigrams from each text
for e in encoded:
    for i in range(1, len(e)):
        sequence = e[i - 1:i + 1]
        sequences.append(sequence)
print('Total Sequences: %d' % len(sequences))
sequences = np.array(sequences)

sequences[:5]

# split into X and y elements
X, y = sequences[:, 0], sequences[:, 1]

print(sequences[:5])
print(X[:5])
print(y[:5])

# one hot encode outputs
y = to_categorical(y, num_classes=vocab_size)

y.shape

print(y[:5])

# define model
model = Sequential()
model.add(Embedding(input_dim=vocab_size, output_dim=16, input_length=1))
model.add(LSTM(64))  # LSTM Complexity
model.add(Dense(vocab_size, activation='softmax'))
print(model.summary())

# compile network
model.compile(loss='categorical_crossentropy',
              optimizer='adam',
              metrics=['accuracy'])
# fit network
model.fit(X, y, epochs=3, verbose=2)

# generate a sequence from the model
def generate_seq(model, tokenizer, seed_text, n_words):
    in_text, result = seed_text, seed_text
    # generate a fixed number of words
    for _ in range(n_words):
        # encode the text as integer
        encoded = tokenizer.texts_to_sequences([in_text])[0]
        encoded = np.array(encoded)
        
        # predict a word in the vocabulary
        yhat=np.argmax(model.predict(encoded), axis=-1)
        
        # map predicted word index to word
        out_word = ''
        for word, index in tokenizer.word_index.items():
            if index == yhat:
                out_word = word
                break
        # append to input
        in_text, result = out_word, result + ' ' + out_word
    return result

# evaluate
print(generate_seq(model, tokenizer, 'Jill', 10))

# generate a sequence from the model
def generate_seq_beam(model, tokenizer, seed_text, n_words, k):
    in_text = seed_text 
    sequences = [[[in_text], 0.0]]
    # prepare id_2_word map
    id_2_word = dict([(i,w) for (w, i) in tokenizer.word_index.items()])
    
    # start next-word generating
    for _ in range(n_words):
        all_candidates = list()        
        #print("Next word ", _+1)
        # temp list to hold all possible candidates
        # `sequence + next words`


        # for each existing sequence
        # take the last word of the sequence
        # find probs of all words in the next position
        # save the top k
        # all_candidates should have 3 * 22 = 66 candidates
        
        for i in range(len(sequences)):
            # for the current sequence
            seq, score = sequences[i]            
            # next word probablity distribution
            encoded = tokenizer.texts_to_sequences([seq[-1]])[0]
            encoded = np.array(encoded)
            model_pred_prob = model.predict(encoded).flatten()

            # compute all probabilities for `curent_sequence + all_possible_next_word`
            for j in range(len(model_pred_prob)):
                candidate = [seq + [id_2_word.get(j+1)], score-np.log(model_pred_prob[j])]
                all_candidates.append(candidate)

            all_candidates= [[seq, score] for seq, score in all_candidates if seq[-1] is not None]

            # order all candidates (seqence + nextword) by score
            #print("all_condidates length:", len(all_candidates))
            ordered = sorted(all_candidates, key = lambda x:x[1]) # default ascending
            # select k best
            sequences = ordered[:k] ## choose top k

    return sequences

generate_seq_beam(model, tokenizer, 'Jill', 5, k =10)

