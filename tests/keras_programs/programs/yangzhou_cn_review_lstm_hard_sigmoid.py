# source: yang-zhou-x/assignments lstm_sentiment_analysis/code.py (a Chinese course assignment: sentiment of Chinese online-shopping reviews, jieba-segmented, stop words removed, Tokenizer + pad_sequences, Embedding + LSTM(return_sequences) + Flatten + Dense, saved as HDF5)
# commit: 1f6870af743681734b132eea2fa8b91d22fa4dbb
# keras: tf_keras
# exercises: `from keras.preprocessing import sequence, text`, `from keras.models/layers/optimizers/callbacks import ...`; Adam(lr=.002, epsilon=.001) (see reduced) built before the model; text.Tokenizer(num_words=max_features) on space-joined Chinese words, fit_on_texts / texts_to_sequences; sequence.pad_sequences(maxlen=, padding='pre', truncating='post'); Sequential of Embedding(input_dim, output_dim, input_length), LSTM(units, recurrent_activation='hard_sigmoid' (tf-keras's clip(0.2x + 0.5)), return_sequences=True, recurrent_dropout=), Activation('tanh'), Dropout, Flatten, Dense(1), Activation('sigmoid'); summary; compile(binary_crossentropy, metrics=['accuracy']); EarlyStopping(monitor='val_loss', patience=2, verbose=1); fit(batch_size, epochs, validation_data); model.save to an .h5 path in a made folder; a timing decorator around the stop-word loader
# reduced: Adam(lr=.002, epsilon=.001) -> Adam(learning_rate=.002, epsilon=.001) (tf-keras 2.21's optimizers warn and drop Keras 2's `lr`, training at their default 0.001, where statefulrnn takes it as the rate the program meant: README, "Where we differ from Keras"); the online_shopping_10_cats.csv (62774 reviews, pandas) replaced by 48 made-up reviews (24 positive, 24 negative, Chinese, written already segmented with spaces) in a dict of lists, and the pandas statistics and reduce_memory_usage step left out (pandas is not installed); jieba's cut (not installed) replaced by str.split on the pre-segmented text; the stop-word file replaced by an inline list of stop words and punctuation read through the same get_stop_words (time_func kept); sklearn's train_test_split(test_size=0.3, random_state=2019) (not installed) replaced by a numpy default_rng(2019) permutation split 70/30; max_features 10000 -> 200, embedding_dim 128 -> 16, max_len 30 -> 12, output_dim 64 -> 8, batch_size 64 -> 8, epoch 5 -> 3; drop_out_rate 0.2 -> 0.0 (Dropout and recurrent_dropout random masks cannot match)
# -*- coding: utf-8 -*-
"""
Created on 2019
@author: Yang Zhou
"""

import os
import time
import numpy as np

from keras.preprocessing import sequence, text
from keras.models import Sequential
from keras.layers import Dense, Activation, Flatten, Dropout
from keras.layers import Embedding, LSTM
from keras.optimizers import Adam
from keras.callbacks import EarlyStopping


def cut(string):  # jieba.cut: the reviews below are written already segmented
    return string.split()


def train_test_split(X, y, test_size, random_state):
    order = np.random.default_rng(random_state).permutation(len(X))
    n_test = int(np.ceil(len(X) * test_size))
    test, train = order[:n_test], order[n_test:]
    return X[train], X[test], y[train], y[test]


# 设置模型参数
max_features = 200  # 词汇表的单词总数
embedding_dim = 16  # 词向量的维度
max_len = 12  # 序列的长度
output_dim = 8  # LSTM的输出维度
drop_out_rate = 0.0
batch_size = 8
optimizer = Adam(learning_rate=.002, epsilon=.001)
epoch = 3
metric = ['accuracy']

'''
1.数据准备
'''
print('准备数据...')
init_path = os.getcwd()
positive = ['质量 很 好 ， 做工 精致 ， 非常 满意 ！', '物流 很快 ， 包装 完好 ， 值得 推荐', '衣服 很 合身 ， 颜色 也 好看',
            '屏幕 清晰 ， 运行 流畅 ， 好评', '书 的 内容 很 有用 ， 印刷 清楚', '水果 新鲜 ， 味道 甜 ， 会 回购',
            '性价比 高 ， 比 实体店 便宜', '客服 态度 好 ， 耐心 解答 问题', '电脑 速度 快 ， 散热 不错',
            '平板 轻薄 ， 续航 时间 长', '洗发水 味道 清香 ， 用 着 舒服', '酒店 干净 ， 服务 周到 ， 下次 还 来',
            '手机 拍照 效果 很 棒', '面料 柔软 ， 穿 着 舒服', '发货 及时 ， 东西 和 描述 一致', '孩子 很 喜欢 这 本 书',
            '苹果 个头 大 ， 很 脆', '键盘 手感 好 ， 做工 扎实', '非常 好 的 一次 购物 体验', '价格 实惠 ， 质量 也 好',
            '包装 精美 ， 送人 很 合适', '声音 清楚 ， 音质 不错', '尺码 标准 ， 穿 着 好看', '很 满意 ， 推荐 大家 购买']
negative = ['质量 太 差 ， 用 了 两 天 就 坏 了', '物流 太 慢 ， 等 了 一个 星期', '衣服 有 线头 ， 做工 粗糙',
            '屏幕 有 坏点 ， 非常 失望', '书 是 盗版 ， 印刷 模糊', '水果 烂 了 好几 个 ， 不 新鲜',
            '价格 贵 ， 不 值 这个 钱', '客服 态度 差 ， 不 理 人', '电脑 发热 严重 ， 经常 死机',
            '平板 续航 短 ， 充电 慢', '洗发水 是 假货 ， 用 了 头痒', '酒店 房间 脏 ， 隔音 差',
            '手机 卡顿 ， 电池 不 耐用', '面料 起球 ， 洗 了 掉色', '发货 错 了 ， 退货 麻烦', '内容 空洞 ， 浪费 时间',
            '苹果 太 小 ， 还 有 虫眼', '键盘 有 按键 失灵', '很 差 的 一次 购物 体验', '像素 低 的 很 ， 还 有 破损',
            '包装 破损 ， 东西 有 划痕', '声音 有 杂音 ， 音质 差', '尺码 偏小 ， 穿 不 上', '不 推荐 ， 后悔 购买']
data = {'review': positive + negative, 'label': np.array([1] * len(positive) + [0] * len(negative))}
print(f'原始数据集的大小为: {len(data["review"])}')


# 修饰器，计时
def time_func(desc=''):
    def timeit(func):
        def aux(*args, **kwargs):
            t0 = time.time()
            res = func(*args, **kwargs)
            t1 = time.time()
            print(desc + f'耗时{round(t1 - t0, 3)}s.')
            return res
        return aux
    return timeit


# 获取停用词、标点符号
@time_func('获取停用词/标点符号')
def get_stop_words():
    """
    读取停用词表，含标点符号
    # return
        list[str], 停用词表/符号
    """
    def iter_file(lines):
        for line in lines:
            yield line
    res = []
    for word in iter_file(['的\n', '了\n', '也\n', '和\n', '这\n', '就\n', '，\n', '！\n', '。\n']):
        res.append(word.strip('\n'))
    res += ['\ufeff', ' ']
    return res


stops = get_stop_words()


# 分词
def pre_transform(string, stop_words):
    """
    对一条评论进行分词、去除停用词和标点符号后，以空格分隔重新拼接
    # return
        str, 分好词的评论
    """
    return ' '.join(x for x in cut(string)
                    if x not in stop_words and not x.encode('utf-8').isalnum())


print('进行分词...')
t = time.time()
data['review'] = [pre_transform(x, stops) for x in data['review']]
print(f'分词耗时{round(time.time() - t, 3)}s.')

# 将文本转化为整数序列
print('将文本转化为整数序列...')
X = data['review']
token = text.Tokenizer(num_words=max_features)
token.fit_on_texts(X)
X = token.texts_to_sequences(X)

# 将序列截断或补齐为相同长度
print('将序列截断或补齐为相同长度...')
X = sequence.pad_sequences(X, maxlen=max_len, padding='pre', truncating='post')

# 划分训练集和测试集
print('划分训练集和测试集...')
x_train, x_test, y_train, y_test = train_test_split(X, data['label'],
                                                    test_size=0.3, random_state=2019)
print(f'x_train shape: {x_train.shape}')
print(f'x_test shape: {x_test.shape}')

'''
2.建立模型
'''
print('建立模型...')
model = Sequential()
model.add(Embedding(input_dim=max_features, output_dim=embedding_dim, input_length=max_len))
# 使用全部序列(return_sequences=True)
model.add(LSTM(units=output_dim, recurrent_activation='hard_sigmoid', return_sequences=True,
               recurrent_dropout=drop_out_rate))
model.add(Activation('tanh'))
model.add(Dropout(drop_out_rate))
model.add(Flatten())
model.add(Dense(1))
model.add(Activation('sigmoid'))

print('模型概况：')
model.summary()

# 模型编译
model.compile(optimizer=optimizer,
              loss='binary_crossentropy',
              metrics=metric)


'''
3.训练模型并评价
'''
print('训练模型并评价...')
callback = [EarlyStopping(monitor='val_loss', patience=2, verbose=1)]
model.fit(x_train, y_train,
          batch_size=batch_size,
          epochs=epoch,
          verbose=1,
          callbacks=callback,
          validation_data=(x_test, y_test), shuffle=False)


'''
4.保存模型 model persistence
'''
save_dir = os.path.join(init_path, 'saved_models')
if not os.path.isdir(save_dir):
    os.makedirs(save_dir)
model_name = 'lstm_online_shopping.h5'
model_path = os.path.join(save_dir, model_name)
model.save(model_path)
print(f'模型被保存在{model_path}')
