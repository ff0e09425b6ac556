# source: dingke512/keras 基于keras实现双向GRU中文情感分析/train.py (a Chinese tutorial repository, "Bidirectional-GRU Chinese sentiment analysis with keras": weibo_senti_100k posts cleaned with a regex, jieba-segmented, Tokenizer + pad_sequences, sequences reversed, Embedding + Bidirectional(GRU) + Dense(sigmoid), RMSprop, saved as HDF5 with the pickled tokenizer)
# commit: 3d9e814951bc7451c6e48416ee869215b2736cb5
# keras: tf_keras
# exercises: the regex cleaning `clear` (Chinese and ASCII punctuation) applied per post; Tokenizer(num_words=) fit_on_texts / texts_to_sequences on lists of Chinese words, word_index; pad_sequences(maxlen=30) twice: once on the sequences, then on a Python list of reversed numpy rows (`[i[::-1] for i in train_x]`); pickle.dump of the fitted Tokenizer; Sequential of Embedding(input_dim=10000, output_dim=64,) without input_length (built on the first fit), Bidirectional(GRU(units=64)), Dense(1, sigmoid); summary of the unbuilt model; compile(optimizer=RMSprop(), loss="binary_crossentropy", metrics=["accuracy"]); fit(x=, y=, batch_size=128, epochs=2, validation_data=(test_x, test_y), verbose=0) and his.history's val_accuracy / accuracy; evaluate(verbose=2) unpacked into loss and accuracy; model.save('weibo_senti.h5')
# reduced: `from keras_preprocessing.sequence/text import ...` (the standalone package, not installed) -> `from keras.preprocessing.sequence/text import ...`, the same functions as tf-keras ships them; weibo_senti_100k.csv (100k posts, pandas) replaced by a dict `df` of 40 made-up posts (20 positive, 20 negative, with punctuation for the regex, written with spaces between words) and labels, the pandas apply / tolist -> list comprehensions (pandas is not installed); `df['words'].apply(lambda x: list(jieba.cut(x)))` (jieba not installed) -> `[seg(x) for x in df['review']]`, seg splitting the posts, written with '|' between words, at the '|' (the segmentation reads the raw post, not df['words']: clear's regex removes the '|' separators, its `#-|` range covering every ASCII character from '#' to '|'; df['words'] is still computed as written); sklearn's train_test_split(test_size=0.3, random_state=5) (not installed) -> a numpy RandomState(5) permutation split 28/12; tf.config GPU memory-growth loop dropped (no GPU); matplotlib calls dropped; num_words 10000 -> 200, Embedding input_dim 10000 -> 200, output_dim 64 -> 8, GRU units 64 -> 6, batch_size 128 -> 8; shuffle=False added to fit
import re
import numpy as np
import pickle
from keras.layers import Dense,Bidirectional,Embedding,LSTM,GRU
from keras.preprocessing.sequence import pad_sequences
from keras import Sequential
from keras.preprocessing.text import Tokenizer
from keras.optimizers import SGD, RMSprop

_pos = ['今天|天气|真|好|，|心情|不错|！', '这家|餐厅|的|菜|很|好吃|。', '电影|太|精彩|了|，|推荐|大家|去|看', '收到|礼物|好|开心|~',
        '终于|放假|了|，|开心|！', '这个|手机|很|好用|，|满意|。', '老师|讲|得|很|清楚|，|谢谢|！', '和|朋友|一起|吃饭|很|开心',
        '风景|美|极了|，|值得|一去', '服务|态度|很|好|，|下次|再来', '宝宝|今天|笑|了|，|好|幸福', '新|衣服|很|漂亮|，|喜欢|！',
        '比赛|赢|了|，|太|棒|了', '这|本|书|写|得|真|好', '早上|跑步|，|精神|很|好|。', '音乐会|太|好听|了|！',
        '生日|快乐|，|谢谢|大家', '咖啡|很|香|，|心情|好', '工作|顺利|，|很|满意', '周末|去|公园|，|开心|！']
_neg = ['今天|又|下雨|，|心情|很|差', '这家|餐厅|的|菜|太|难吃|了', '电影|很|无聊|，|浪费|时间|。', '快递|丢|了|，|好|生气|！',
        '加班|到|很|晚|，|太|累|了', '手机|坏|了|，|很|失望|。', '排队|两|小时|，|烦死|了', '服务|态度|很|差|，|不|推荐',
        '考试|没|过|，|好|难过', '堵车|堵|了|一|小时|！', '感冒|了|，|很|难受', '买|的|东西|质量|太|差',
        '被|骗|了|，|好|气|！', '航班|延误|，|真|糟糕', '房间|很|脏|，|不|满意', '天气|太|热|，|烦|。',
        '比赛|输|了|，|很|失望', '网|太|慢|了|，|生气', '钱包|丢|了|，|难过|！', '噪音|太|大|，|睡|不|着']
df = {'review': _pos + _neg, 'label': [1] * 20 + [0] * 20}
def seg(x):  # jieba.cut: the posts above are written already segmented ('|' between words)
    return [w for w in x.split('|') if w]

# pandas读取数据
# 划分data与label
data = df['review']
label = df['label']
# 清洗数据，正则
def clear(text):
    r3 = "[.!//_,$&%^*()<>+\"'?@#-|:~{}]+|[——！\s\\\\，；。=？、：“”‘’《》【】￥……（）]+"
    result=re.sub(pattern=r3,repl='',string=text)
    return result

df['words'] = [clear(str(x)) for x in data]
# print(df['words'])
# 分词
data = [seg(x) for x in df['review']]

# 构建词典，将每条数据的词替换成索引
t1 = Tokenizer(num_words=200)
t1.fit_on_texts(data)
# 将文本替换索引
sequences = t1.texts_to_sequences(data)
word_index = t1.word_index
data = pad_sequences(sequences, maxlen=30)  # 对整型序列进行填充（截断），只取前100个单词
label = np.asarray(label)
print(type(data))
# 保存词典
with open('tokenizer.pickle', 'wb') as handle:
    pickle.dump(t1, handle, protocol=pickle.HIGHEST_PROTOCOL)
# 拆分数据集
_order = np.random.RandomState(5).permutation(len(data))
train_x, test_x, train_y, test_y = data[_order[:28]], data[_order[28:]], label[_order[:28]], label[_order[28:]]
print(type(train_x))
print(train_x)

# # 将序列反转
train_x = [i[::-1] for i in train_x]
test_x = [i[::-1] for i in test_x]
#  填充序列,并将数据转为numpy.ndarray(多维度数组)
max_len=30
train_x = pad_sequences(train_x, maxlen=max_len)
test_x = pad_sequences(test_x, maxlen=max_len)
print(train_x.shape)
print(type(train_x))
# 模型设计
model = Sequential()
# 使用embedding层学习词嵌入
model.add(Embedding(input_dim=200, output_dim=8,))
# 双向LSTM
model.add(Bidirectional(GRU(units=6)))
model.add(Dense(1, activation="sigmoid"))
model.summary()
# 模型的编译
model.compile(optimizer=RMSprop(), loss="binary_crossentropy", metrics=["accuracy"])
# 训练模型
his = model.fit(x=train_x, y=train_y, batch_size=8, epochs=2, validation_data=(test_x,test_y),verbose=0, shuffle=False)
d1=his.history
est_loss, test_acc = model.evaluate(test_x, test_y, verbose=2)
print('Test accuracy:', test_acc)
# 训练数据绘图
print(d1.get("val_accuracy"), d1.get("accuracy"))
model.save('weibo_senti.h5')
