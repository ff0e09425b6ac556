# source: jiahenghuang/nlp-tensorflow2.0 text_classify/stack-lstm-attention.ipynb (a Chinese text-classification collection for TF 2.0: character ids over word2vec vectors, three stacked LSTMs and the author's own AttentionLayer over the time steps; its code cells in order)
# commit: a761ad8754b4bcece9ef44bd3f40f81709423030
# keras: tf_keras
# exercises: a custom Layer AttentionLayer whose build() asserts a 3-D input and add_weight()s a (time_steps, time_steps) matrix and a (time_steps,) bias with initializer='uniform', whose call() is written with tensorflow.keras.backend (permute_dimensions, dot of a 3-D tensor by a 2-D weight, tanh, softmax on the last axis, sum) and which has compute_output_shape; a Sequential list of Embedding(input_dim, output_dim, weights=[pre-trained matrix], input_length=...), Dropout, LSTM(activation='tanh', dropout, recurrent_dropout, return_sequences=True), LSTM(return_sequences=True) twice, AttentionLayer(), Dropout, Dense(6, softmax); optimizers.Adam(lr=1e-3) (the deprecated lr keyword), losses.SparseCategoricalCrossentropy() on float (n, 1) labels, metrics=['accuracy']; model.summary(); ReduceLROnPlateau, EarlyStopping and ModelCheckpoint made but (as in the notebook) not passed to fit; fit with validation_split=0.3; evaluate; save_weights to .h5
# reduced: marriage.txt (the repository's data, tab-separated text and label lines, absent from the stored copy) written by the program itself from 40 made-up lines of 3 to 12 characters out of 14 Chinese characters with labels 0-5 (numpy, fixed seed), and the repository's stopword list as a made-up two-line file, both in the working folder ("marriage.txt", "stopword.txt", "word2VecModel" and "wordJson/..." instead of "../..."); gensim's Word2Vec training and loading replaced by a dict of made-up vectors (numpy) that getWordEmbedding indexes as it indexed the model (model[word]); the version-printing cell, the unused imports (gensim, pandas, sklearn, bs4, jieba, multiprocessing, logging) left out; sequenceLength 30 -> 8, embeddingSize 200 -> 8, LSTM units 50 -> 6, epochs 50 -> 2; dropoutKeepProb 0.5 -> 0.0 and the LSTMs' dropout and recurrent_dropout 0.5 -> 0.0 (TensorFlow's and PyTorch's random masks differ); fit's shuffle=True -> shuffle=False (TensorFlow's batch shuffling can't be replayed); model.to_yaml() and the yaml dump left out (tf-keras removed to_yaml: it raises RuntimeError), os.makedirs for the stack_lstm_model folder added before save_weights
import os
import json
from collections import Counter
import numpy as np
import tensorflow as tf

from tensorflow.keras import backend
from tensorflow.keras.layers import BatchNormalization,Layer,Input,Conv2D,MaxPool2D,concatenate,Flatten,Dense,Dropout,Embedding,Reshape,LSTM
from tensorflow.keras import Sequential,optimizers,losses
from tensorflow.keras.models import Model
from tensorflow.keras.preprocessing import sequence
from tensorflow.keras import regularizers
from tensorflow.keras.utils import to_categorical
from tensorflow.keras.callbacks import ReduceLROnPlateau
from tensorflow.keras import initializers
from tensorflow.keras.layers import Bidirectional
from tensorflow.keras.layers import Flatten
from tensorflow.keras.callbacks import ReduceLROnPlateau
from tensorflow.keras.callbacks import EarlyStopping, ModelCheckpoint

# made-up data files in the working folder (see reduced)
_rng = np.random.RandomState(0)
_chars = list("我们结婚离婚孩子财产房子抚养")
with open("marriage.txt", "w", encoding="utf-8") as _f:
    for _i in range(40):
        _text = "".join(_rng.choice(_chars, size=_rng.randint(3, 13)))
        _f.write("%s\t%d\n" % (_text, _rng.randint(0, 6)))
with open("stopword.txt", "w", encoding="utf-8") as _f:
    _f.write("!\n的\n")
os.makedirs("wordJson", exist_ok=True)


class Config(object):
    #数据集路径
    dataSource = "marriage.txt"
    stopWordSource = "stopword.txt"
    #分词后保留大于等于最低词频的词
    miniFreq=1
    #统一输入文本序列的定长，取了所有序列长度的均值。超出将被截断，不足则补0
    sequenceLength = 8
    batchSize=64
    epochs=2
    numClasses = 5
    #训练集的比例
    rate = 0.8
    #生成嵌入词向量的维度
    embeddingSize = 8
    #卷积核数
    numFilters = 128
    #卷积核大小
    filterSizes = [1,2,3,4,5]
    dropoutKeepProb = 0.0
    #L2正则系数
    l2RegLambda = 0.01
# 实例化配置参数对象
config = Config()

#中文语料
file = open("marriage.txt")
sentences=[]
with open('marriage.txt') as fr:
    for line in fr.readlines():
        temp=line.strip().split('\t')
#         sentences.append(jieba.lcut(temp[0]))
        sentences.append(list(temp[0]))

# word2vec replaced: one made-up vector per character (see reduced)
_w2v = {w: _rng.randn(config.embeddingSize).astype("float32") for s in sentences for w in s}


# 数据预处理的类，生成训练集和测试集
class Dataset(object):
    def __init__(self, config):
        self.dataSource = config.dataSource
        self.stopWordSource = config.stopWordSource
        # 每条输入的序列处理为定长
        self.sequenceLength = config.sequenceLength
        self.embeddingSize = config.embeddingSize
        self.rate = config.rate
        self.miniFreq=config.miniFreq
        self.stopWordDict = {}
        self.trainReviews = []
        self.trainLabels = []
        self.evalReviews = []
        self.evalLabels = []
        self.wordEmbedding =None
        self.n_symbols=0
        self.wordToIndex = {}
        self.indexToWord = {}

    def readData(self, filePath):
        text=[]
        label=[]
        with open(filePath) as fr:
            for line in file:
                temp=line.strip().split('\t')
                text.append(temp[0])
                label.append(temp[1])
        print('data:',len(text),len(label))
#         texts = [jieba.cut(document) for document in text]
        texts = [list(document) for document in text]
        return texts, label

    def readStopWord(self, stopWordPath):
        """
        读取停用词
        """
        with open(stopWordPath, "r") as f:
            stopWords = f.read()
            stopWordList = stopWords.splitlines()
            # 将停用词用列表的形式生成，之后查找停用词时会比较快
            self.stopWordDict = dict(zip(stopWordList, list(range(len(stopWordList)))))

    def getWordEmbedding(self, words):
        """
        按照我们的数据集中的单词取出预训练好的word2vec中的词向量
        """
        #中文
        model = _w2v
        vocab = []
        wordEmbedding = []
        # 添加 "pad" 和 "UNK",
        vocab.append("pad")
        wordEmbedding.append(np.zeros(self.embeddingSize))
        vocab.append("UNK")
        wordEmbedding.append(np.random.randn(self.embeddingSize))
        for word in words:
            vector =model[word]
            vocab.append(word)
            wordEmbedding.append(vector)
        return vocab, np.array(wordEmbedding)

    def genVocabulary(self, reviews):
        """
        生成词向量和词汇-索引映射字典，可以用全数据集
        """
        allWords = [word for review in reviews for word in review]
        #去掉停用词
        subWords = [word for word in allWords if word not in self.stopWordDict]
        #统计词频，排序
        wordCount = Counter(allWords)
        sortWordCount = sorted(wordCount.items(), key=lambda x: x[1], reverse=True)
        #去除低频词
        words = [item[0] for item in sortWordCount if item[1] >= self.miniFreq ]
        #获取词列表和顺序对应的预训练权重矩阵
        vocab, wordEmbedding = self.getWordEmbedding(words)

        self.wordEmbedding = wordEmbedding

        self.wordToIndex = dict(zip(vocab, list(range(len(vocab)))))
        self.indexToWord = dict(zip(list(range(len(vocab))), vocab))
        self.n_symbols = len(self.wordToIndex)

        # 将词汇-索引映射表保存为json数据，之后做inference时直接加载来处理数据
        with open("wordJson/wordToIndex.json", "w", encoding="utf-8") as f:
            json.dump(self.wordToIndex, f)
        with open("wordJson/indexToWord.json", "w", encoding="utf-8") as f:
            json.dump(self.indexToWord, f)

    def reviewProcess(self, review, sequenceLength, wordToIndex):
        """
        将数据集中的每条评论里面的词，根据词表，映射为index表示
        每条评论 用index组成的定长数组来表示
        """
        review=list(review)
        reviewVec = np.zeros((sequenceLength))
        sequenceLen = sequenceLength
        # 判断当前的序列是否小于定义的固定序列长度
        if len(review) < sequenceLength:
            sequenceLen = len(review)

        for i in range(sequenceLen):
            if review[i] in wordToIndex:
                reviewVec[i] = wordToIndex[review[i]]
            else:
                reviewVec[i] = wordToIndex["UNK"]
        return reviewVec

    def genTrainEvalData(self, x, y, rate):
        """
        生成训练集和验证集
        """
        reviews = []
        labels = []
        # 遍历所有的文本，将文本中的词转换成index表示
        for i in range(len(x)):
            reviewVec = self.reviewProcess(x[i], self.sequenceLength, self.wordToIndex)
            reviews.append(reviewVec)
            labels.append([y[i]])
        trainIndex = int(len(x) * rate)

        #trainReviews = sequence.pad_sequences(reviews[:trainIndex], maxlen=self.sequenceLength)
        trainReviews = np.asarray(reviews[:trainIndex], dtype="int64")
        trainLabels = np.array(labels[:trainIndex], dtype="float32")
        #evalReviews = sequence.pad_sequences(reviews[trainIndex:], maxlen=self.sequenceLength)
        evalReviews = np.asarray(reviews[trainIndex:], dtype="int64")
        evalLabels = np.array(labels[trainIndex:], dtype="float32")
        return trainReviews, trainLabels, evalReviews, evalLabels

    def dataGen(self):
        """
        初始化训练集和验证集
        """
        #读取停用词
        self.readStopWord(self.stopWordSource)
        #读取数据集
        reviews, labels = self.readData(self.dataSource)
        #分词、去停用词
        #生成 词汇-索引 映射表和预训练权重矩阵，并保存
        self.genVocabulary(reviews)
        #初始化训练集和测试集
        trainReviews, trainLabels, evalReviews, evalLabels = self.genTrainEvalData(reviews, labels, self.rate)
        self.trainReviews = trainReviews
        self.trainLabels = trainLabels
        self.evalReviews = evalReviews
        self.evalLabels = evalLabels

data = Dataset(config)
data.dataGen()


class AttentionLayer(Layer):
    def __init__(self, **kwargs):
        super(AttentionLayer, self).__init__(** kwargs)

    def build(self, input_shape):
        assert len(input_shape)==3
        # W.shape = (time_steps, time_steps)
        self.W = self.add_weight(name='att_weight',
                                 shape=(input_shape[1], input_shape[1]),
                                 initializer='uniform',
                                 trainable=True)
        self.b = self.add_weight(name='att_bias',
                                 shape=(input_shape[1],),
                                 initializer='uniform',
                                 trainable=True)
        super(AttentionLayer, self).build(input_shape)

    def call(self, inputs):
        # inputs.shape = (batch_size, time_steps, seq_len)
        x = backend.permute_dimensions(inputs, (0, 2, 1))
        # x.shape = (batch_size, seq_len, time_steps)
        a = backend.softmax(backend.tanh(backend.dot(x, self.W) + self.b))
        outputs = backend.permute_dimensions(a * x, (0, 2, 1))
        outputs = backend.sum(outputs, axis=1)
        return outputs

    def compute_output_shape(self, input_shape):
        return input_shape[0], input_shape[2]



def train_lstm(n_symbols,embedding_weights,config):
    model =Sequential([
        Embedding(input_dim=n_symbols, output_dim=config.embeddingSize,
                        weights=[embedding_weights],
                        input_length=config.sequenceLength),

    #LSTM层
    Dropout(config.dropoutKeepProb),
    LSTM(6,activation='tanh', dropout=0.0, recurrent_dropout=0.0,return_sequences=True),
    LSTM(6, dropout=0.0, recurrent_dropout=0.0,return_sequences=True),
    LSTM(6,return_sequences=True),

    #BatchNormalization(),
    AttentionLayer(),
    Dropout(config.dropoutKeepProb),
    Dense(6, activation='softmax')])
    model.compile(optimizer=optimizers.Adam(lr=1e-3),
                 loss=losses.SparseCategoricalCrossentropy(),
                 metrics=['accuracy'])
    return model



wordEmbedding = data.wordEmbedding
n_symbols=data.n_symbols
model = train_lstm(n_symbols,wordEmbedding,config)
model.summary()

x_train = data.trainReviews
y_train = data.trainLabels
x_eval = data.evalReviews
y_eval = data.evalLabels

wordEmbedding = data.wordEmbedding
n_symbols=data.n_symbols


reduce_lr = ReduceLROnPlateau(monitor='val_loss', patience=10, mode='auto')

early_stopping = EarlyStopping(monitor='val_loss', patience=5)
model_checkpoint = ModelCheckpoint('./stack_lstm_model/best_model/model_{epoch:02d}-{val_accuracy:.2f}.hdf5', save_best_only=True, save_weights_only=True)
# history = model.fit(x_train, y_train, batch_size=config.batchSize, epochs=config.epochs, validation_split=0.3,shuffle=True, callbacks=[reduce_lr,early_stopping,model_checkpoint])
history = model.fit(x_train, y_train, batch_size=config.batchSize, epochs=config.epochs, validation_split=0.3,shuffle=False)

#验证

scores = model.evaluate(x_eval, y_eval)

#保存模型
os.makedirs('./stack_lstm_model', exist_ok=True)
model.save_weights('./stack_lstm_model/stack_lstm.h5')

print('test_loss: %f, accuracy: %f' % (scores[0], scores[1]))
