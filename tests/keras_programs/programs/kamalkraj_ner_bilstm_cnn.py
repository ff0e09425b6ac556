# source: kamalkraj/Named-Entity-Recognition-with-Bidirectional-LSTM-CNNs nn.py, prepro.py and validation.py (a widely forked Keras implementation of Chiu and Nichols's BiLSTM-CNN tagger for CoNLL-2003 NER: frozen GloVe and casing embeddings, a character CNN under TimeDistributed, trained by train_on_batch on buckets of equal-length sentences)
# commit: 199b65ff35e8ebbb4195fdbb576ea085ceb277f5
# keras: tf_keras
# exercises: CoNLL files read line by line (labels keep their newline, as readfile leaves them), sentences bucketed by length (createBatches over a set of ints) and yielded by iterate_minibatches as arrays of one length per batch; a word-to-index map built from a GloVe text file with a zero PADDING row and an np.random.uniform UNKNOWN row; casing features looked up in a hard-coded table; characters padded to 52 by pad_sequences(x, 52, padding='post') (maxlen given positionally); three Inputs of unknown length (int32 words and casing, float characters of shape (None, 52)); Embedding(weights=[wordEmbeddings], trainable=False) of float64 vectors and Embedding(weights=[caseEmbeddings] of np.identity, trainable=False); TimeDistributed(Embedding(..., embeddings_initializer=RandomUniform(minval=-0.5, maxval=0.5)), name='char_embedding'), Dropout, TimeDistributed(Conv1D(kernel_size=3, filters, padding='same', activation='tanh', strides=1)), TimeDistributed(MaxPooling1D(52)), TimeDistributed(Flatten()), concatenate of three, Bidirectional(LSTM(return_sequences=True, dropout=..., recurrent_dropout=...)), TimeDistributed(Dense(softmax)); compile(loss='sparse_categorical_crossentropy', optimizer='adam') (the program's 'nadam', see reduced); summary(); an epoch loop of train_on_batch([tokens, casing, char], labels) over batches of different sizes and lengths, with keras.utils.Progbar updates; model.save("models/model.h5"); np.save of two dicts; tag_dataset: one predict([tokens, casing, char], verbose=False) per sentence, argmax per word; compute_f1's chunk precision and recall on dev and test
# reduced: data/train.txt, data/valid.txt and data/test.txt (CoNLL-2003) replaced by make_conll(), which writes 14, 5 and 5 made-up sentences of 2 to 6 tokens in the same four-column format (a -DOCSTART- line and blank lines between sentences); embeddings/glove.6B.100d.txt by make_glove(), a made-up file of the same name whose vectors have 8 numbers (seeded) for most of the words and a few words left out (so UNKNOWN_TOKEN is used); the folders models/ and embeddings/ that the repository ships made by os.makedirs; labelSet (a set of strings, ordered by hash, randomised per process) iterated as sorted(labelSet), so the label ids are the same in both runs; character embedding width and Conv1D filters 30 -> 4, LSTM units 200 -> 6; Dropout(0.5) -> Dropout(0), LSTM dropout 0.50 -> 0 and recurrent_dropout 0.25 -> 0 (random masks cannot match); epochs 50 -> 2; optimizer='nadam' -> 'adam': tf-keras 2.21's Nadam keeps its running product of momentum factors with a Python counter that its tf.cond bumps while tracing, so its steps depend on how many variables and traces there are and differ from Keras 3's Nadam, which statefulrnn follows (four steps of a two-Dense model at learning rate 0.01 end 0.27399 there against 0.27234 on Keras 3 and here, measured in this session; this program retraces for every new sentence length; README, "Where we differ from Keras"); the repository was written for Keras 2.1.2, whose Nadam (schedule_decay) is a third rule; prepro.py and validation.py inlined (nn.py's imports of them dropped), prepro.py's createBatches kept with its duplicate definition
import numpy as np 
from keras.models import Model
from keras.layers import TimeDistributed,Conv1D,Dense,Embedding,Input,Dropout,LSTM,Bidirectional,MaxPooling1D,Flatten,concatenate
from keras.utils import Progbar
from keras.preprocessing.sequence import pad_sequences
from keras.initializers import RandomUniform

import os
import random


def make_conll():
    # Stands in for CoNLL-2003's files: made-up sentences, four columns, the NER tag last.
    rng = np.random.RandomState(21)
    names = [('Paris', 'B-LOC'), ('Berlin', 'B-LOC'), ('Anna', 'B-PER'), ('Smith', 'I-PER'), ('EU', 'B-ORG'),
             ('Acme', 'B-ORG'), ('Corp', 'I-ORG'), ('German', 'B-MISC'), ('1996', 'O'), ('3.5', 'O')]
    plain = ['visits', 'the', 'city', 'says', 'on', 'Monday', 'and', 'rejects', 'call', 'to', 'boycott', '.', ',', 'lamb']
    os.makedirs('data', exist_ok=True)
    for filename, count in (('data/train.txt', 14), ('data/valid.txt', 5), ('data/test.txt', 5)):
        lines = ['-DOCSTART- -X- -X- O', '']
        for _ in range(count):
            for _ in range(rng.randint(2, 7)):
                word, tag = names[rng.randint(len(names))] if rng.rand() < 0.4 else (plain[rng.randint(len(plain))], 'O')
                lines.append('%s NN I-NP %s' % (word, tag))
            lines.append('')
        with open(filename, 'w') as f:
            f.write('\n'.join(lines))


def make_glove():
    # Stands in for embeddings/glove.6B.100d.txt: made-up 8-number vectors, lower-case words.
    rng = np.random.RandomState(22)
    words = ['the', 'city', 'paris', 'berlin', 'anna', 'smith', 'eu', 'acme', 'german', 'visits', 'says',
             'on', 'monday', 'and', 'rejects', 'call', 'to', '.', ',', '1996', 'lamb', 'of', 'in']
    os.makedirs('embeddings', exist_ok=True)
    with open('embeddings/glove.6B.100d.txt', 'w', encoding='utf-8') as f:
        for w in words:
            f.write(w + ' ' + ' '.join('%.5f' % v for v in rng.uniform(-1, 1, 8)) + '\n')


make_conll()
make_glove()
os.makedirs('models', exist_ok=True)

# ---- prepro.py
def readfile(filename):
    '''
    read file
    return format :
    [ ['EU', 'B-ORG'], ['rejects', 'O'], ['German', 'B-MISC'], ['call', 'O'], ['to', 'O'], ['boycott', 'O'], ['British', 'B-MISC'], ['lamb', 'O'], ['.', 'O'] ]
    '''
    f = open(filename)
    sentences = []
    sentence = []
    for line in f:
        if len(line)==0 or line.startswith('-DOCSTART') or line[0]=="\n":
            if len(sentence) > 0:
                sentences.append(sentence)
                sentence = []
            continue
        splits = line.split(' ')
        sentence.append([splits[0],splits[-1]])

    if len(sentence) >0:
        sentences.append(sentence)
        sentence = []
    return sentences

def getCasing(word, caseLookup):   
    casing = 'other'
    
    numDigits = 0
    for char in word:
        if char.isdigit():
            numDigits += 1
            
    digitFraction = numDigits / float(len(word))
    
    if word.isdigit(): #Is a digit
        casing = 'numeric'
    elif digitFraction > 0.5:
        casing = 'mainly_numeric'
    elif word.islower(): #All lower case
        casing = 'allLower'
    elif word.isupper(): #All upper case
        casing = 'allUpper'
    elif word[0].isupper(): #is a title, initial char upper, then all lower
        casing = 'initialUpper'
    elif numDigits > 0:
        casing = 'contains_digit'
    
   
    return caseLookup[casing]
    

def createBatches(data):
    l = []
    for i in data:
        l.append(len(i[0]))
    l = set(l)
    batches = []
    batch_len = []
    z = 0
    for i in l:
        for batch in data:
            if len(batch[0]) == i:
                batches.append(batch)
                z += 1
        batch_len.append(z)
    return batches,batch_len

def createBatches(data):
    l = []
    for i in data:
        l.append(len(i[0]))
    l = set(l)
    batches = []
    batch_len = []
    z = 0
    for i in l:
        for batch in data:
            if len(batch[0]) == i:
                batches.append(batch)
                z += 1
        batch_len.append(z)
    return batches,batch_len

def createMatrices(sentences, word2Idx, label2Idx, case2Idx,char2Idx):
    unknownIdx = word2Idx['UNKNOWN_TOKEN']
    paddingIdx = word2Idx['PADDING_TOKEN']    
        
    dataset = []
    
    wordCount = 0
    unknownWordCount = 0
    
    for sentence in sentences:
        wordIndices = []    
        caseIndices = []
        charIndices = []
        labelIndices = []
        
        for word,char,label in sentence:  
            wordCount += 1
            if word in word2Idx:
                wordIdx = word2Idx[word]
            elif word.lower() in word2Idx:
                wordIdx = word2Idx[word.lower()]                 
            else:
                wordIdx = unknownIdx
                unknownWordCount += 1
            charIdx = []
            for x in char:
                charIdx.append(char2Idx[x])
            #Get the label and map to int            
            wordIndices.append(wordIdx)
            caseIndices.append(getCasing(word, case2Idx))
            charIndices.append(charIdx)
            labelIndices.append(label2Idx[label])
           
        dataset.append([wordIndices, caseIndices, charIndices, labelIndices]) 
        
    return dataset

def iterate_minibatches(dataset,batch_len): 
    start = 0
    for i in batch_len:
        tokens = []
        caseing = []
        char = []
        labels = []
        data = dataset[start:i]
        start = i
        for dt in data:
            t,c,ch,l = dt
            l = np.expand_dims(l,-1)
            tokens.append(t)
            caseing.append(c)
            char.append(ch)
            labels.append(l)
        yield np.asarray(labels),np.asarray(tokens),np.asarray(caseing),np.asarray(char)

def addCharInformatioin(Sentences):
    for i,sentence in enumerate(Sentences):
        for j,data in enumerate(sentence):
            chars = [c for c in data[0]]
            Sentences[i][j] = [data[0],chars,data[1]]
    return Sentences

def padding(Sentences):
    maxlen = 52
    for sentence in Sentences:
        char = sentence[2]
        for x in char:
            maxlen = max(maxlen,len(x))
    for i,sentence in enumerate(Sentences):
        Sentences[i][2] = pad_sequences(Sentences[i][2],52,padding='post')
    return Sentences


# ---- validation.py


#Method to compute the accruarcy. Call predict_labels to get the labels for the dataset
def compute_f1(predictions, correct, idx2Label): 
    label_pred = []    
    for sentence in predictions:
        label_pred.append([idx2Label[element] for element in sentence])
        
    label_correct = []    
    for sentence in correct:
        label_correct.append([idx2Label[element] for element in sentence])
            
    
    #print label_pred
    #print label_correct
    
    prec = compute_precision(label_pred, label_correct)
    rec = compute_precision(label_correct, label_pred)
    
    f1 = 0
    if (rec+prec) > 0:
        f1 = 2.0 * prec * rec / (prec + rec);
        
    return prec, rec, f1

def compute_precision(guessed_sentences, correct_sentences):
    assert(len(guessed_sentences) == len(correct_sentences))
    correctCount = 0
    count = 0
    
    
    for sentenceIdx in range(len(guessed_sentences)):
        guessed = guessed_sentences[sentenceIdx]
        correct = correct_sentences[sentenceIdx]
        assert(len(guessed) == len(correct))
        idx = 0
        while idx < len(guessed):
            if guessed[idx][0] == 'B': #A new chunk starts
                count += 1
                
                if guessed[idx] == correct[idx]:
                    idx += 1
                    correctlyFound = True
                    
                    while idx < len(guessed) and guessed[idx][0] == 'I': #Scan until it no longer starts with I
                        if guessed[idx] != correct[idx]:
                            correctlyFound = False
                        
                        idx += 1
                    
                    if idx < len(guessed):
                        if correct[idx][0] == 'I': #The chunk in correct was longer
                            correctlyFound = False
                        
                    
                    if correctlyFound:
                        correctCount += 1
                else:
                    idx += 1
            else:  
                idx += 1
    
    precision = 0
    if count > 0:    
        precision = float(correctCount) / count
        
    return precision

# ---- nn.py
epochs = 2

def tag_dataset(dataset):
    correctLabels = []
    predLabels = []
    b = Progbar(len(dataset))
    for i,data in enumerate(dataset):    
        tokens, casing,char, labels = data
        tokens = np.asarray([tokens])     
        casing = np.asarray([casing])
        char = np.asarray([char])
        pred = model.predict([tokens, casing,char], verbose=False)[0]   
        pred = pred.argmax(axis=-1) #Predict the classes            
        correctLabels.append(labels)
        predLabels.append(pred)
        b.update(i)
    b.update(i+1)
    return predLabels, correctLabels


trainSentences = readfile("data/train.txt")
devSentences = readfile("data/valid.txt")
testSentences = readfile("data/test.txt")

trainSentences = addCharInformatioin(trainSentences)
devSentences = addCharInformatioin(devSentences)
testSentences = addCharInformatioin(testSentences)

labelSet = set()
words = {}

for dataset in [trainSentences, devSentences, testSentences]:
    for sentence in dataset:
        for token,char,label in sentence:
            labelSet.add(label)
            words[token.lower()] = True

# :: Create a mapping for the labels ::
label2Idx = {}
for label in sorted(labelSet):
    label2Idx[label] = len(label2Idx)

# :: Hard coded case lookup ::
case2Idx = {'numeric': 0, 'allLower':1, 'allUpper':2, 'initialUpper':3, 'other':4, 'mainly_numeric':5, 'contains_digit': 6, 'PADDING_TOKEN':7}
caseEmbeddings = np.identity(len(case2Idx), dtype='float32')


# :: Read in word embeddings ::
word2Idx = {}
wordEmbeddings = []

fEmbeddings = open("embeddings/glove.6B.100d.txt", encoding="utf-8")

for line in fEmbeddings:
    split = line.strip().split(" ")
    word = split[0]
    
    if len(word2Idx) == 0: #Add padding+unknown
        word2Idx["PADDING_TOKEN"] = len(word2Idx)
        vector = np.zeros(len(split)-1) #Zero vector vor 'PADDING' word
        wordEmbeddings.append(vector)
        
        word2Idx["UNKNOWN_TOKEN"] = len(word2Idx)
        vector = np.random.uniform(-0.25, 0.25, len(split)-1)
        wordEmbeddings.append(vector)

    if split[0].lower() in words:
        vector = np.array([float(num) for num in split[1:]])
        wordEmbeddings.append(vector)
        word2Idx[split[0]] = len(word2Idx)
        
wordEmbeddings = np.array(wordEmbeddings)

char2Idx = {"PADDING":0, "UNKNOWN":1}
for c in " 0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.,-_()[]{}!?:;#'\"/\\%$`&=*+@^~|":
    char2Idx[c] = len(char2Idx)

train_set = padding(createMatrices(trainSentences,word2Idx,  label2Idx, case2Idx,char2Idx))
dev_set = padding(createMatrices(devSentences,word2Idx, label2Idx, case2Idx,char2Idx))
test_set = padding(createMatrices(testSentences, word2Idx, label2Idx, case2Idx,char2Idx))

idx2Label = {v: k for k, v in label2Idx.items()}
np.save("models/idx2Label.npy",idx2Label)
np.save("models/word2Idx.npy",word2Idx)

train_batch,train_batch_len = createBatches(train_set)
dev_batch,dev_batch_len = createBatches(dev_set)
test_batch,test_batch_len = createBatches(test_set)


words_input = Input(shape=(None,),dtype='int32',name='words_input')
words = Embedding(input_dim=wordEmbeddings.shape[0], output_dim=wordEmbeddings.shape[1],  weights=[wordEmbeddings], trainable=False)(words_input)
casing_input = Input(shape=(None,), dtype='int32', name='casing_input')
casing = Embedding(output_dim=caseEmbeddings.shape[1], input_dim=caseEmbeddings.shape[0], weights=[caseEmbeddings], trainable=False)(casing_input)
character_input=Input(shape=(None,52,),name='char_input')
embed_char_out=TimeDistributed(Embedding(len(char2Idx),4,embeddings_initializer=RandomUniform(minval=-0.5, maxval=0.5)), name='char_embedding')(character_input)
dropout= Dropout(0)(embed_char_out)
conv1d_out= TimeDistributed(Conv1D(kernel_size=3, filters=4, padding='same',activation='tanh', strides=1))(dropout)
maxpool_out=TimeDistributed(MaxPooling1D(52))(conv1d_out)
char = TimeDistributed(Flatten())(maxpool_out)
char = Dropout(0)(char)
output = concatenate([words, casing,char])
output = Bidirectional(LSTM(6, return_sequences=True, dropout=0.0, recurrent_dropout=0.0))(output)
output = TimeDistributed(Dense(len(label2Idx), activation='softmax'))(output)
model = Model(inputs=[words_input, casing_input,character_input], outputs=[output])
model.compile(loss='sparse_categorical_crossentropy', optimizer='adam')
model.summary()
# plot_model(model, to_file='model.png')


for epoch in range(epochs):    
    print("Epoch %d/%d"%(epoch,epochs))
    a = Progbar(len(train_batch_len))
    for i,batch in enumerate(iterate_minibatches(train_batch,train_batch_len)):
        labels, tokens, casing,char = batch       
        model.train_on_batch([tokens, casing,char], labels)
        a.update(i)
    a.update(i+1)
    print(' ')

model.save("models/model.h5")

#   Performance on dev dataset        
predLabels, correctLabels = tag_dataset(dev_batch)        
pre_dev, rec_dev, f1_dev = compute_f1(predLabels, correctLabels, idx2Label)
print("Dev-Data: Prec: %.3f, Rec: %.3f, F1: %.3f" % (pre_dev, rec_dev, f1_dev))
    
#   Performance on test dataset       
predLabels, correctLabels = tag_dataset(test_batch)        
pre_test, rec_test, f1_test= compute_f1(predLabels, correctLabels, idx2Label)
print("Test-Data: Prec: %.3f, Rec: %.3f, F1: %.3f" % (pre_test, rec_test, f1_test))