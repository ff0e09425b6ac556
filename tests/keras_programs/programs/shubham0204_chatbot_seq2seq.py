# source: shubham0204/Google_Colab_Notebooks ChatBot_With_Seq2Seq.ipynb (S. Panchal's widely copied "Chatbot using Seq2Seq LSTM models" notebook, TensorFlow 2 tf.keras on the chatterbot/english corpus, also in his Medium post "How to design seq2seq chatbot using Keras"; its code cells in order)
# commit: f7b9abd369f00ee0fbcd97f5be616da887e8a462
# keras: tf_keras
# exercises: `import tensorflow as tf` with tf.keras.layers / tf.keras.models / tf.keras.activations.softmax / tf.keras.optimizers.RMSprop() and `from tensorflow.keras import layers, activations, models, preprocessing, utils`; conversations read from files (replies of three or more lines joined, a non-string answer dropped with questions.pop), '<START> ' + answer + ' <END>' tags; preprocessing.text.Tokenizer() fit_on_texts(questions + answers) (the filters strip '<' and '>', leaving 'start' and 'end'); texts_to_sequences and preprocessing.sequence.pad_sequences(maxlen=..., padding='post') for encoder inputs, decoder inputs and decoder targets shifted by one, utils.to_categorical(padded, VOCAB_SIZE); a functional encoder-decoder: Input(shape=(maxlen_questions,)) -> Embedding(mask_zero=True) -> LSTM(return_state=True) whose [state_h, state_c] start a decoder Input(shape=(maxlen_answers,)) -> Embedding(mask_zero=True) -> LSTM(return_state=True, return_sequences=True) called with initial_state, Dense(VOCAB_SIZE, activation=softmax); compile(optimizer=RMSprop(), loss='categorical_crossentropy'); summary(); fit on a list of two int inputs with 3-D one-hot targets (batch_size=50); model.save('model.h5'); inference models sharing the trained layers: the encoder Model(encoder_inputs, encoder_states) and a decoder Model whose state Inputs feed the same decoder LSTM called again on the decoder Embedding's output, returning [outputs] + states; greedy decoding: enc_model.predict on a padded question, then dec_model.predict([(1, 1) target] + states) word by word (a model declared for maxlen_answers steps called on 1), np.argmax, the word looked up by a loop over word_index, the states fed back, stopping at 'end' or past maxlen_answers words
# reduced: the chatterbot/english corpus (`!wget` of chatbot_nlp.zip and `!unzip`, 18 .yml files) replaced by make_data(), which writes one made-up file chatbot_nlp/data/conversations.yml of 20 conversations (two with three lines, one whose answer is a number, as chatterbot's YAML gives); PyYAML, not installed on the statefulrnn side, stood in for by a `yaml` class whose safe_load is json.load (the file is written as JSON, which is YAML, so safe_load reads the same lists); `from gensim.models import Word2Vec` (not installed; the Word2Vec lines that used it are commented out in the notebook) dropped; the ten input('Enter question : ') calls answered from a list of ten made-up questions by a stand-in input() that prints the prompt; Embedding width and LSTM units 200 -> 8 (and the decoder state Inputs' shape=(200,) -> (8,)); epochs 150 -> 3 (the 19 pairs are one batch of 50, so fit's shuffling cannot change the result); the TFLite conversion cells (`!pip install tf-nightly`, tf.lite.TFLiteConverter) and the markdown cells left out
import json

import numpy as np
import tensorflow as tf
import pickle
from tensorflow.keras import layers , activations , models , preprocessing


class yaml:
    # Stands in for PyYAML: the data file is written as JSON, which YAML reads the same.
    safe_load = staticmethod(json.load)


CONVERSATIONS = [
    ['hello', 'hi there how are you'],
    ['how are you', 'i am doing well thank you'],
    ['what is your name', 'my name is bot'],
    ['what do you like', 'i like to talk with people'],
    ['do you like music', 'yes i like music very much'],
    ['what is ai', 'ai is the study of smart machines'],
    ['are you a robot', 'yes i am a robot', 'but a friendly one'],
    ['what time is it', 42],
    ['who made you', 'a programmer made me'],
    ['what is your favorite food', 'i do not eat food'],
    ['can you help me', 'yes i can help you'],
    ['tell me a joke', 'why did the robot cross the road', 'to get to the other side'],
    ['do you sleep', 'no i do not sleep'],
    ['where do you live', 'i live in the computer'],
    ['what is the weather', 'i do not know the weather'],
    ['good morning', 'good morning to you'],
    ['good night', 'good night sleep well'],
    ['thank you', 'you are welcome'],
    ['how old are you', 'i am very young'],
    ['bye', 'bye see you soon'],
]


def make_data():
    # Stands in for chatbot_nlp.zip: one made-up chatterbot-style conversations file.
    os.makedirs('chatbot_nlp/data', exist_ok=True)
    with open('chatbot_nlp/data/conversations.yml', 'w') as f:
        json.dump({'categories': ['conversations'], 'conversations': CONVERSATIONS}, f)


ASKED = iter(['hello', 'how are you', 'what is your name', 'do you like music', 'what is ai',
              'who made you', 'tell me a joke', 'where do you live', 'thank you', 'bye'])


def input(prompt):
    # Stands in for the keyboard: the next made-up question.
    print(prompt, end='')
    return next(ASKED)


from tensorflow.keras import preprocessing , utils
import os

make_data()

dir_path = 'chatbot_nlp/data'
files_list = os.listdir(dir_path + os.sep)

questions = list()
answers = list()

for filepath in files_list:
    stream = open( dir_path + os.sep + filepath , 'rb')
    docs = yaml.safe_load(stream)
    conversations = docs['conversations']
    for con in conversations:
        if len( con ) > 2 :
            questions.append(con[0])
            replies = con[ 1 : ]
            ans = ''
            for rep in replies:
                ans += ' ' + rep
            answers.append( ans )
        elif len( con )> 1:
            questions.append(con[0])
            answers.append(con[1])

answers_with_tags = list()
for i in range( len( answers ) ):
    if type( answers[i] ) == str:
        answers_with_tags.append( answers[i] )
    else:
        questions.pop( i )

answers = list()
for i in range( len( answers_with_tags ) ) :
    answers.append( '<START> ' + answers_with_tags[i] + ' <END>' )

tokenizer = preprocessing.text.Tokenizer()
tokenizer.fit_on_texts( questions + answers )
VOCAB_SIZE = len( tokenizer.word_index )+1
print( 'VOCAB SIZE : {}'.format( VOCAB_SIZE ))

import re

vocab = []
for word in tokenizer.word_index:
    vocab.append( word )

def tokenize( sentences ):
    tokens_list = []
    vocabulary = []
    for sentence in sentences:
        sentence = sentence.lower()
        sentence = re.sub( '[^a-zA-Z]', ' ', sentence )
        tokens = sentence.split()
        vocabulary += tokens
        tokens_list.append( tokens )
    return tokens_list , vocabulary

#p = tokenize( questions + answers )
#model = Word2Vec( p[ 0 ] ) 

#embedding_matrix = np.zeros( ( VOCAB_SIZE , 100 ) )
#for i in range( len( tokenizer.word_index ) ):
    #embedding_matrix[ i ] = model[ vocab[i] ]

# encoder_input_data
tokenized_questions = tokenizer.texts_to_sequences( questions )
maxlen_questions = max( [ len(x) for x in tokenized_questions ] )
padded_questions = preprocessing.sequence.pad_sequences( tokenized_questions , maxlen=maxlen_questions , padding='post' )
encoder_input_data = np.array( padded_questions )
print( encoder_input_data.shape , maxlen_questions )

# decoder_input_data
tokenized_answers = tokenizer.texts_to_sequences( answers )
maxlen_answers = max( [ len(x) for x in tokenized_answers ] )
padded_answers = preprocessing.sequence.pad_sequences( tokenized_answers , maxlen=maxlen_answers , padding='post' )
decoder_input_data = np.array( padded_answers )
print( decoder_input_data.shape , maxlen_answers )

# decoder_output_data
tokenized_answers = tokenizer.texts_to_sequences( answers )
for i in range(len(tokenized_answers)) :
    tokenized_answers[i] = tokenized_answers[i][1:]
padded_answers = preprocessing.sequence.pad_sequences( tokenized_answers , maxlen=maxlen_answers , padding='post' )
onehot_answers = utils.to_categorical( padded_answers , VOCAB_SIZE )
decoder_output_data = np.array( onehot_answers )
print( decoder_output_data.shape )

encoder_inputs = tf.keras.layers.Input(shape=( maxlen_questions , ))
encoder_embedding = tf.keras.layers.Embedding( VOCAB_SIZE, 8 , mask_zero=True ) (encoder_inputs)
encoder_outputs , state_h , state_c = tf.keras.layers.LSTM( 8 , return_state=True )( encoder_embedding )
encoder_states = [ state_h , state_c ]

decoder_inputs = tf.keras.layers.Input(shape=( maxlen_answers ,  ))
decoder_embedding = tf.keras.layers.Embedding( VOCAB_SIZE, 8 , mask_zero=True) (decoder_inputs)
decoder_lstm = tf.keras.layers.LSTM( 8 , return_state=True , return_sequences=True )
decoder_outputs , _ , _ = decoder_lstm ( decoder_embedding , initial_state=encoder_states )
decoder_dense = tf.keras.layers.Dense( VOCAB_SIZE , activation=tf.keras.activations.softmax ) 
output = decoder_dense ( decoder_outputs )

model = tf.keras.models.Model([encoder_inputs, decoder_inputs], output )
model.compile(optimizer=tf.keras.optimizers.RMSprop(), loss='categorical_crossentropy')

model.summary()

model.fit([encoder_input_data , decoder_input_data], decoder_output_data, batch_size=50, epochs=3 ) 
model.save( 'model.h5' ) 

def make_inference_models():
    
    encoder_model = tf.keras.models.Model(encoder_inputs, encoder_states)
    
    decoder_state_input_h = tf.keras.layers.Input(shape=( 8 ,))
    decoder_state_input_c = tf.keras.layers.Input(shape=( 8 ,))
    
    decoder_states_inputs = [decoder_state_input_h, decoder_state_input_c]
    
    decoder_outputs, state_h, state_c = decoder_lstm(
        decoder_embedding , initial_state=decoder_states_inputs)
    decoder_states = [state_h, state_c]
    decoder_outputs = decoder_dense(decoder_outputs)
    decoder_model = tf.keras.models.Model(
        [decoder_inputs] + decoder_states_inputs,
        [decoder_outputs] + decoder_states)
    
    return encoder_model , decoder_model

def str_to_tokens( sentence : str ):
    words = sentence.lower().split()
    tokens_list = list()
    for word in words:
        tokens_list.append( tokenizer.word_index[ word ] ) 
    return preprocessing.sequence.pad_sequences( [tokens_list] , maxlen=maxlen_questions , padding='post')

enc_model , dec_model = make_inference_models()

for _ in range(10):
    states_values = enc_model.predict( str_to_tokens( input( 'Enter question : ' ) ) )
    empty_target_seq = np.zeros( ( 1 , 1 ) )
    empty_target_seq[0, 0] = tokenizer.word_index['start']
    stop_condition = False
    decoded_translation = ''
    while not stop_condition :
        dec_outputs , h , c = dec_model.predict([ empty_target_seq ] + states_values )
        sampled_word_index = np.argmax( dec_outputs[0, -1, :] )
        sampled_word = None
        for word , index in tokenizer.word_index.items() :
            if sampled_word_index == index :
                decoded_translation += ' {}'.format( word )
                sampled_word = word
        
        if sampled_word == 'end' or len(decoded_translation.split()) > maxlen_answers:
            stop_condition = True
            
        empty_target_seq = np.zeros( ( 1 , 1 ) )  
        empty_target_seq[ 0 , 0 ] = sampled_word_index
        states_values = [ h , c ] 

    print( decoded_translation )
