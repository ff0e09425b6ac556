# source: bojone/crf crf_keras.py and word_seg.py (Su Jianlin's "shortest CRF": a linear-chain CRF layer written only with keras.backend functions, K.rnn over a log-sum-exp step, and his CNN + CRF Chinese word segmenter that trains it; https://kexue.fm/archives/5542, copied into many BiLSTM/CNN-CRF taggers)
# commit: 6bd55d9136d9430cf4c04cfee3c1b288dbe01628
# keras: tf_keras
# exercises: the custom Layer `CRF` (build reading input_shape[-1], add_weight(name, shape, initializer='glorot_uniform', trainable=True), an identity call) whose bound methods are the loss and the metric: compile(loss=crf.loss, metrics=[crf.accuracy]); the loss's K.rnn over a step function that returns (outputs, [outputs]) from K.expand_dims, K.logsumexp over an axis and a mask mixed in by arithmetic, on y_pred[:, 1:] with y_pred[:, 0] as the initial state; the path score's K.sum over a list of axes and with keepdims, broadcasting of an expanded weight; the metric's K.argmax/K.equal/K.cast and `mask == None` on a tensor; a functional Model of Input(shape=(None,), dtype='int32'), Embedding without mask, three Conv1D(padding='same', activation='relu'), Dense and the CRF; summary(); Keras 2's fit_generator over an endless generator of batches padded to their own longest sentence (a fifth tag marks padding) with to_categorical(Y, 5); a Callback whose on_epoch_end reads the transition matrix from model.get_weights()[-1] and segments the validation sentences by model.predict on each and a Python Viterbi
# reduced: K.logsumexp (Keras 2's backend function, tf.reduce_logsumexp on TensorFlow) is gone from tf-keras 2.21's backend: its two calls go to a `logsumexp` defined above the layer with K.max, K.stop_gradient, K.exp, K.sum, K.log and K.squeeze as tf.reduce_logsumexp computes it (the maximum subtracted and added back, outside the gradient); Python 2 made Python 3 (print statement to print(), d.items()[0] and d.items()[1:] to list(d.items()), the `.decode('utf-8')` of the read bytes dropped); the MSR corpus (../icwb2-data/training/msr_training.utf8, read and split on '\r\n') replaced by 60 sentences of made-up words (1 to 4 letters from 'a'..'p', 3 to 8 words, then the one-letter word '。', so that cut()'s char2id[u'。'] exists) built with numpy; crf_keras.py inlined above word_seg.py (`from crf_keras import CRF` dropped); 5000 validation sentences to 8; batch_size 128 to 16, embedding_size 128 to 8, Conv1D filters 128 to 8, steps_per_epoch 500 to 3, epochs 10 to 2; tqdm (not installed in either environment) dropped from the validation loop, which iterates the sentences itself
# -*- coding:utf-8 -*-

from keras.layers import Layer
import keras.backend as K


def logsumexp(x, axis, keepdims=False):  # Keras 2's K.logsumexp (tf.reduce_logsumexp's formula)
    x_max = K.stop_gradient(K.max(x, axis=axis, keepdims=True))
    outputs = K.log(K.sum(K.exp(x - x_max), axis=axis, keepdims=keepdims))
    return outputs + (x_max if keepdims else K.squeeze(x_max, axis))


class CRF(Layer):
    """纯Keras实现CRF层
    CRF层本质上是一个带训练参数的loss计算层，因此CRF层只用来训练模型，
    而预测则需要另外建立模型。
    """
    def __init__(self, ignore_last_label=False, **kwargs):
        """ignore_last_label：定义要不要忽略最后一个标签，起到mask的效果
        """
        self.ignore_last_label = 1 if ignore_last_label else 0
        super(CRF, self).__init__(**kwargs)

    def build(self, input_shape):
        self.num_labels = input_shape[-1] - self.ignore_last_label
        self.trans = self.add_weight(name='crf_trans',
                                     shape=(self.num_labels, self.num_labels),
                                     initializer='glorot_uniform',
                                     trainable=True)

    def log_norm_step(self, inputs, states):
        """递归计算归一化因子
        要点：1、递归计算；2、用logsumexp避免溢出。
        技巧：通过expand_dims来对齐张量。
        """
        inputs, mask = inputs[:, :-1], inputs[:, -1:]
        states = K.expand_dims(states[0], 2)  # (batch_size, output_dim, 1)
        trans = K.expand_dims(self.trans, 0)  # (1, output_dim, output_dim)
        outputs = logsumexp(states + trans, 1)  # (batch_size, output_dim)
        outputs = outputs + inputs
        outputs = mask * outputs + (1 - mask) * states[:, :, 0]
        return outputs, [outputs]

    def path_score(self, inputs, labels):
        """计算目标路径的相对概率（还没有归一化）
        要点：逐标签得分，加上转移概率得分。
        技巧：用“预测”点乘“目标”的方法抽取出目标路径的得分。
        """
        point_score = K.sum(K.sum(inputs * labels, 2), 1, keepdims=True)  # 逐标签得分
        labels1 = K.expand_dims(labels[:, :-1], 3)
        labels2 = K.expand_dims(labels[:, 1:], 2)
        labels = labels1 * labels2  # 两个错位labels，负责从转移矩阵中抽取目标转移得分
        trans = K.expand_dims(K.expand_dims(self.trans, 0), 0)
        trans_score = K.sum(K.sum(trans * labels, [2, 3]), 1, keepdims=True)
        return point_score + trans_score  # 两部分得分之和

    def call(self, inputs):  # CRF本身不改变输出，它只是一个loss
        return inputs

    def loss(self, y_true, y_pred):  # 目标y_pred需要是one hot形式
        if self.ignore_last_label:
            mask = 1 - y_true[:, :, -1:]
        else:
            mask = K.ones_like(y_pred[:, :, :1])
        y_true, y_pred = y_true[:, :, :self.num_labels], y_pred[:, :, :self.num_labels]
        path_score = self.path_score(y_pred, y_true)  # 计算分子（对数）
        init_states = [y_pred[:, 0]]  # 初始状态
        y_pred = K.concatenate([y_pred, mask])
        log_norm, _, _ = K.rnn(self.log_norm_step, y_pred[:, 1:], init_states)  # 计算Z向量（对数）
        log_norm = logsumexp(log_norm, 1, keepdims=True)  # 计算Z（对数）
        return log_norm - path_score  # 即log(分子/分母)

    def accuracy(self, y_true, y_pred):  # 训练过程中显示逐帧准确率的函数，排除了mask的影响
        mask = 1 - y_true[:, :, -1] if self.ignore_last_label else None
        y_true, y_pred = y_true[:, :, :self.num_labels], y_pred[:, :, :self.num_labels]
        isequal = K.equal(K.argmax(y_true, 2), K.argmax(y_pred, 2))
        isequal = K.cast(isequal, 'float32')
        if mask == None:
            return K.mean(isequal)
        else:
            return K.sum(isequal * mask) / K.sum(mask)


import re
import numpy as np


letters = list('abcdefghijklmnop')
lexicon = [''.join(np.random.choice(letters, size=np.random.randint(1, 5))) for _ in range(30)]
sents = [[lexicon[i] for i in np.random.randint(0, 30, size=np.random.randint(3, 9))] + [u'。']
         for _ in range(60)]
np.random.shuffle(sents) # 打乱语料，以便后面划分验证集

chars = {} # 统计字表
for s in sents:
    for c in ''.join(s):
        if c in chars:
            chars[c] += 1
        else:
            chars[c] = 1

min_count = 2 # 过滤低频字
chars = {i:j for i,j in chars.items() if j >= min_count} # 过滤低频字
id2char = {i+1:j for i,j in enumerate(chars)} # id到字的映射
char2id = {j:i for i,j in id2char.items()} # 字到id的映射

id2tag = {0:'s', 1:'b', 2:'m', 3:'e'} # 标签（sbme）与id之间的映射
tag2id = {j:i for i,j in id2tag.items()}

train_sents = sents[:-8] # 留下8个句子做验证，剩下的都用来训练
valid_sents = sents[-8:]


from keras.utils import to_categorical

batch_size = 16
def train_generator(): # 定义数据生成器
    while True:
        X,Y = [],[]
        for i,s in enumerate(train_sents): # 遍历每个句子
            sx,sy = [],[]
            for w in s: # 遍历句子中的每个词
                sx.extend([char2id.get(c, 0) for c in w]) # 遍历词中的每个字
                if len(w) == 1:
                    sy.append(0) # 单字词的标签
                elif len(w) == 2:
                    sy.extend([1,3]) # 双字词的标签
                else:
                    sy.extend([1] + [2]*(len(w)-2) + [3]) # 多于两字的词的标签
            X.append(sx)
            Y.append(sy)
            if len(X) == batch_size or i == len(train_sents)-1: # 如果达到一个batch
                maxlen = max([len(x) for x in X]) # 找出最大字数
                X = [x+[0]*(maxlen-len(x)) for x in X] # 不足则补零
                Y = [y+[4]*(maxlen-len(y)) for y in Y] # 不足则补第五个标签
                yield np.array(X),to_categorical(Y, 5)
                X,Y = [],[]


from keras.layers import Dense, Embedding, Conv1D, Input
from keras.models import Model # 这里我们学习使用Model型的模型
import keras.backend as K # 引入Keras后端来自定义loss，注意Keras模型内的一切运算
                          # 必须要通过Keras后端完成，比如取对数要用K.log不能用np.log

embedding_size = 8
sequence = Input(shape=(None,), dtype='int32') # 建立输入层，输入长度设为None
embedding = Embedding(len(chars)+1,
                      embedding_size,
                     )(sequence) # 去掉了mask_zero=True
cnn = Conv1D(8, 3, activation='relu', padding='same')(embedding)
cnn = Conv1D(8, 3, activation='relu', padding='same')(cnn)
cnn = Conv1D(8, 3, activation='relu', padding='same')(cnn) # 层叠了3层CNN

crf = CRF(True) # 定义crf层，参数为True，自动mask掉最后一个标签
tag_score = Dense(5)(cnn) # 变成了5分类，第五个标签用来mask掉
tag_score = crf(tag_score) # 包装一下原来的tag_score

model = Model(inputs=sequence, outputs=tag_score)
model.summary()

model.compile(loss=crf.loss, # 用crf自带的loss
              optimizer='adam',
              metrics=[crf.accuracy] # 用crf自带的accuracy
             )


def max_in_dict(d): # 定义一个求字典中最大值的函数
    key,value = list(d.items())[0]
    for i,j in list(d.items())[1:]:
        if j > value:
            key,value = i,j
    return key,value


def viterbi(nodes, trans): # viterbi算法，跟前面的HMM一致
    paths = nodes[0] # 初始化起始路径
    for l in range(1, len(nodes)): # 遍历后面的节点
        paths_old,paths = paths,{}
        for n,ns in nodes[l].items(): # 当前时刻的所有节点
            max_path,max_score = '',-1e10
            for p,ps in paths_old.items(): # 截止至前一时刻的最优路径集合
                score = ns + ps + trans[p[-1]+n] # 计算新分数
                if score > max_score: # 如果新分数大于已有的最大分
                    max_path,max_score = p+n, score # 更新路径
            paths[max_path] = max_score # 储存到当前时刻所有节点的最优路径
    return max_in_dict(paths)


def cut(s, trans): # 分词函数，也跟前面的HMM基本一致
    if not s: # 空字符直接返回
        return []
    # 字序列转化为id序列。注意，经过我们前面对语料的预处理，字符集是没有空格的，
    # 所以这里简单将空格的id跟句号的id等同起来
    sent_ids = np.array([[char2id.get(c, 0) if c != ' ' else char2id[u'。']
                          for c in s]])
    probas = model.predict(sent_ids)[0] # 模型预测
    nodes = [dict(zip('sbme', i)) for i in probas[:, :4]] # 只取前4个
    nodes[0] = {i:j for i,j in nodes[0].items() if i in 'bs'} # 首字标签只能是b或s
    nodes[-1] = {i:j for i,j in nodes[-1].items() if i in 'es'} # 末字标签只能是e或s
    tags = viterbi(nodes, trans)[0]
    result = [s[0]]
    for i,j in zip(s[1:], tags[1:]):
        if j in 'bs': # 词的开始
            result.append(i)
        else: # 接着原来的词
            result[-1] += i
    return result


from keras.callbacks import Callback

# 自定义Callback类
class Evaluate(Callback):
    def __init__(self):
        self.highest = 0.
    def on_epoch_end(self, epoch, logs=None):
        _ = model.get_weights()[-1][:4,:4] # 从训练模型中取出最新得到的转移矩阵
        trans = {}
        for i in 'sbme':
            for j in 'sbme':
                trans[i+j] = _[tag2id[i], tag2id[j]]
        right = 0.
        total = 0.
        for s in iter(valid_sents):
            result = cut(''.join(s), trans)
            total += len(set(s))
            right += len(set(s) & set(result)) # 直接将词集的交集作为正确数。该指标比较简单，
                                               # 也许会导致估计偏高。读者可以考虑自定义指标
        acc = right/total
        if acc > self.highest:
            self.highest = acc
        print('val acc: %s, highest: %s'%(acc, self.highest))


evaluator = Evaluate() # 建立Callback类
model.fit_generator(train_generator(),
                    steps_per_epoch=3,
                    epochs=2,
                    callbacks=[evaluator]) # 训练并将evaluator加入到训练过程
