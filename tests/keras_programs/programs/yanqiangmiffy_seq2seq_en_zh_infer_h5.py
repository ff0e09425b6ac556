# source: yanqiangmiffy/seq2seq-nmt model.py, utils.py, train.py and predict.py (a Chinese tutorial repo: character-level English -> Chinese LSTM seq2seq on the cmn.txt sentence pairs, with encoder/decoder inference models saved to HDF5, reloaded, and decoded by hand, the decoder's h and c fed back each step)
# commit: c0b0becb4338307673426d4f54d9e1283b02f7df
# keras: tf_keras
# exercises: `from keras.layers import Input, LSTM, Dense`, `from keras.models import Model, load_model`; a Seq2Seq class whose create_model builds Input(shape=(None, n_input)) -> LSTM(n_units, return_state=True) unpacked as `_, h, c`, a decoder LSTM(return_sequences=True, return_state=True) called with initial_state=[h, c], Dense(softmax) on its sequence; the training Model([encoder_input, decoder_input], decoder_output); inference models sharing those layers: Model(encoder_input, encoder_state) (two outputs) and the decoder LSTM called a second time on the same decoder Input with initial_state from two new Input(shape=(n_units,)), Model([decoder_input] + state_inputs, [output] + states); summary() of all three printed; compile('rmsprop', 'categorical_crossentropy') of the training model only; fit([enc, dec], target, batch_size, epochs, validation_split=0.2); model.save of the compiled training model and of the two uncompiled inference models to .h5; load_model of both inference models (uncompiled, load_model warns); a greedy decoding loop: encoder predict -> [h, c] list, decoder predict([predict_seq] + state) unpacked as yhat, h, c, argmax of yhat[0, -1, :], state = [h, c], one-hot of the chosen character fed back, stop at '\n'; one-hot character tensors built with numpy loops; Chinese target characters
# reduced: the cmn.txt corpus (tab-separated English / Chinese pairs, read with pandas.read_table, which is not installed) replaced by 24 made-up pairs written to data/cmn.txt and read by a hand-written loader that reproduces load_data (first num_samples rows, '\t' + target + '\n', sorted character sets of the unique texts) with the same return values; num_samples 10000 -> 24, n_units 256 -> 16, batch_size 64 -> 8, epoch 200 -> 3; shuffle=False added to fit (random batch order cannot match); the modules (model.py, utils.py, train.py, predict.py) joined in one program in that order, the result/ and data/ folders made with os.makedirs; predict.py's argparse given the sentence as a list (parse_args(['-e', 'I run.'])), its commented-out test loop over samples 1000..1099 run over samples 0..2
import os
import numpy as np

# ---- model.py
from keras.layers import Input,LSTM,Dense
from keras.models import Model


class Seq2Seq(object):

    def __init__(self,n_input,n_output,n_units):
        self.n_input=n_input
        self.n_output=n_output
        self.n_units=n_units

    def create_model(self):
        # 训练阶段
        # encoder
        encoder_input = Input(shape=(None, self.n_input))
        # encoder输入维度n_input为每个时间步的输入xt的维度，这里是用来one-hot的英文字符数
        encoder = LSTM(self.n_units, return_state=True)
        # n_units为LSTM单元中每个门的神经元的个数，return_state设为True时才会返回最后时刻的状态h,c
        _, encoder_h, encoder_c = encoder(encoder_input)
        encoder_state = [encoder_h, encoder_c]
        # 保留下来encoder的末状态作为decoder的初始状态

        # decoder
        decoder_input = Input(shape=(None, self.n_output))
        # decoder的输入维度为中文字符数
        decoder = LSTM(self.n_units, return_sequences=True, return_state=True)
        # 训练模型时需要decoder的输出序列来与结果对比优化，故return_sequences也要设为True
        decoder_output, _, _ = decoder(decoder_input, initial_state=encoder_state)
        # 在训练阶段只需要用到decoder的输出序列，不需要用最终状态h.c
        decoder_dense = Dense(self.n_output, activation='softmax')
        decoder_output = decoder_dense(decoder_output)
        # 输出序列经过全连接层得到结果

        # 生成的训练模型
        model = Model([encoder_input, decoder_input], decoder_output)
        # 第一个参数为训练模型的输入，包含了encoder和decoder的输入，第二个参数为模型的输出，包含了decoder的输出

        # 推理阶段，用于预测过程
        # 推断模型—encoder
        encoder_infer = Model(encoder_input, encoder_state)

        # 推断模型-decoder
        decoder_state_input_h = Input(shape=(self.n_units,))
        decoder_state_input_c = Input(shape=(self.n_units,))
        decoder_state_input = [decoder_state_input_h, decoder_state_input_c]  # 上个时刻的状态h,c

        decoder_infer_output, decoder_infer_state_h, decoder_infer_state_c = decoder(decoder_input,
                                                                                     initial_state=decoder_state_input)
        decoder_infer_state = [decoder_infer_state_h, decoder_infer_state_c]  # 当前时刻得到的状态
        decoder_infer_output = decoder_dense(decoder_infer_output)  # 当前时刻的输出
        decoder_infer = Model([decoder_input] + decoder_state_input, [decoder_infer_output] + decoder_infer_state)

        return model, encoder_infer, decoder_infer


# ---- utils.py (pandas.read_table replaced by a hand-written reader of the same file)
def load_data(filepath,num_samples=10000):
    with open(filepath, encoding='utf-8') as f:
        rows = [line.rstrip('\n').split('\t') for line in f if line.strip()][:num_samples]
    inputs = [row[0] for row in rows]
    targets = ['\t'+row[1]+'\n' for row in rows]

    input_texts=inputs
    target_texts=targets

    input_characters=sorted(list(set(''.join(dict.fromkeys(inputs)))))
    targets_characters=sorted(list(set(''.join(dict.fromkeys(targets)))))
    # print(targets_characters)

    input_length=max([len(i) for i in input_texts])
    output_length=max([len(i) for i in target_texts])
    input_feature_length=len(input_characters)
    output_feature_length=len(targets_characters)

    encoder_input=np.zeros((num_samples,input_length,input_feature_length))
    decoder_input=np.zeros((num_samples,output_length,output_feature_length))
    decoder_output=np.zeros((num_samples,output_length,output_feature_length))

    input_dict={char:index for index,char in enumerate(input_characters)}
    input_dict_reverse={index:char for index,char in enumerate(input_characters)}

    target_dict={char:index for index,char in enumerate(targets_characters)}
    target_dict_reverse={index:char for index,char in enumerate(targets_characters)}

    for seq_index,seq in enumerate(input_texts):
        for char_index,char in enumerate(seq):
            encoder_input[seq_index,char_index,input_dict[char]]=1

    for seq_index,seq in enumerate(target_texts):
        for char_index,char in enumerate(seq):
            decoder_input[seq_index,char_index,target_dict[char]]=1.0
            if char_index>0:
                decoder_output[seq_index,char_index-1,target_dict[char]]=1.0

    return input_texts,target_texts,input_dict,target_dict,target_dict_reverse,output_length,\
           input_feature_length,output_feature_length,encoder_input,decoder_input,decoder_output


# the data: cmn.txt's format, one "English<TAB>Chinese" pair a line
PAIRS = [('Hi.', '嗨。'), ('Run.', '你用跑的。'), ('Wait!', '等等！'), ('Hello!', '你好。'), ('I try.', '让我来。'),
         ('I won!', '我赢了。'), ('Oh no!', '不会吧。'), ('Cheers!', '干杯!'), ('He ran.', '他跑了。'),
         ('Hop in.', '跳进来。'), ('I lost.', '我迷失了。'), ('I quit.', '我退出。'), ('I run.', '我跑。'),
         ('I\'m OK.', '我沒事。'), ('Listen.', '听着。'), ('No way!', '不可能！'), ('Really?', '你确定？'),
         ('Try it.', '试试吧。'), ('We try.', '我们来试试。'), ('Why me?', '为什么是我？'), ('Ask Tom.', '去问汤姆。'),
         ('Be calm.', '冷静点。'), ('Be fair.', '公平点。'), ('Be kind.', '友善点。')]
os.makedirs('data', exist_ok=True)
os.makedirs('result', exist_ok=True)
with open('data/cmn.txt', 'w', encoding='utf-8') as f:
    f.write(''.join(f'{en}\t{zh}\n' for en, zh in PAIRS))

# ---- train.py
# from keras.utils import plot_model

# 参数设置
file_path='data/cmn.txt'
n_units = 16
batch_size = 8
epoch = 3
num_samples = 24

# 加载数据
input_texts,target_texts,input_dict,target_dict,target_dict_reverse,\
    output_length,input_feature_length,output_feature_length,\
    encoder_input,decoder_input,decoder_output=load_data(file_path,num_samples)

seq2seq=Seq2Seq(input_feature_length,output_feature_length,n_units)
model_train,encoder_infer,decoder_infer=seq2seq.create_model()

model_train.compile(optimizer='rmsprop', loss='categorical_crossentropy')


print(model_train.summary())
print(encoder_infer.summary())
print(decoder_infer.summary())

# 模型训练
model_train.fit([encoder_input,decoder_input],decoder_output,batch_size=batch_size,epochs=epoch,validation_split=0.2,
                shuffle=False)

model_train.save("result/model_train.h5")
encoder_infer.save("result/encoder_infer.h5")
decoder_infer.save("result/decoder_infer.h5")

# ---- predict.py
from keras.models import Model,load_model
import argparse

# 参数设置
file_path='data/cmn.txt'
n_units = 16
batch_size = 8
epoch = 20
num_samples = 24

# 加载数据
input_texts,target_texts,input_dict,target_dict,target_dict_reverse,\
    output_length,input_feature_length,output_feature_length,\
    encoder_input,decoder_input,decoder_output=load_data(file_path,num_samples)


def predict_chinese(source,encoder_inference, decoder_inference, n_steps, features):
    #先通过推理encoder获得预测输入序列的隐状态
    state = encoder_inference.predict(source)
    #第一个字符'\t',为起始标志
    predict_seq = np.zeros((1,1,features))
    predict_seq[0,0,target_dict['\t']] = 1

    output = ''
    #开始对encoder获得的隐状态进行推理
    #每次循环用上次预测的字符作为输入来预测下一次的字符，直到预测出了终止符
    for i in range(n_steps):#n_steps为句子最大长度
        #给decoder输入上一个时刻的h,c隐状态，以及上一次的预测字符predict_seq
        yhat,h,c = decoder_inference.predict([predict_seq]+state)
        #注意，这里的yhat为Dense之后输出的结果，因此与h不同
        char_index = np.argmax(yhat[0,-1,:])
        char = target_dict_reverse[char_index]
        output += char
        state = [h,c]#本次状态做为下一次的初始状态继续传递
        predict_seq = np.zeros((1,1,features))
        predict_seq[0,0,char_index] = 1
        if char == '\n':#预测到了终止符则停下来
            break
    return output


encoder_infer=load_model("result/encoder_infer.h5")
decoder_infer=load_model("result/decoder_infer.h5")

for i in range(0,3):
    test = encoder_input[i:i+1,:,:]#i:i+1保持数组是三维
    out = predict_chinese(test,encoder_infer,decoder_infer,output_length,output_feature_length)
    print(input_texts[i])
    print(out)


if __name__ == '__main__':
    parser=argparse.ArgumentParser(description="Please input an english sentence!")
    parser.add_argument('--eng_sent','-e',required=True,help="an english sentence!")
    args=parser.parse_args(['-e', 'I run.'])

    seq=args.eng_sent
    input_length = max([len(i) for i in input_texts])
    encoder_input = np.zeros((1, input_length, input_feature_length))
    for char_index, char in enumerate(seq):
        encoder_input[0, char_index, input_dict[char]] = 1
    out = predict_chinese(encoder_input, encoder_infer, decoder_infer, output_length, output_feature_length)
    print(out)
