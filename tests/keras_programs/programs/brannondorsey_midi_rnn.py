# source: brannondorsey/midi-rnn train.py, utils.py and sample.py (Brannon Dorsey's "midi-rnn" for Branger_Briz, a widely starred Keras baseline that generates monophonic melodies: piano-roll windows of MIDI tracks one-hot encoded over 128 pitches plus a rest, an LSTM predicting the next step, trained by fit_generator from a lazy generator, then sampled note by note from model.json + the newest checkpoint)
# commit: d4822e453aa38c913bacbd45d65a6d9ae03ee512
# keras: tf_keras
# exercises: Keras 2 module paths (`from keras.models import Sequential`, `from keras.layers import Dense, Activation, Dropout`, `from keras.callbacks import ModelCheckpoint, ReduceLROnPlateau, TensorBoard`, `from keras.optimizers import SGD, RMSprop, Adagrad, Adadelta, Adam, Adamax, Nadam`, `from keras.models import model_from_json`); Sequential built in a loop from kwargs dicts (LSTM(units=..., input_shape=..., return_sequences=False)), Dropout, Dense(129), Activation('softmax'); an optimizer chosen by name and built with clipvalue=grad_clip (Adam(clipvalue=5.0)); compile(loss='categorical_crossentropy', metrics=['accuracy']); print(model.summary()); model.to_json() written to model.json; ModelCheckpoint with a formatted filepath 'checkpoint-epoch_{epoch:03d}-val_acc_{val_accuracy:.3f}.hdf5', monitor, save_best_only=False, mode='max'; ReduceLROnPlateau(monitor='val_loss', factor=0.5, patience=3, mode='auto', epsilon=0.0001 (Keras 1's name of min_delta), cooldown=0, min_lr=0); fit_generator of an endless Python generator with float steps_per_epoch and validation_steps, validation_data a generator, initial_epoch; then sample.py: model_from_json + load_weights of the newest checkpoint file (glob by ctime), the epoch parsed from its name, a second compile with Adam(), model.layers[0].get_input_shape_at(0)[1], next() of the generator for seeds, and generation by model.predict of a one-window batch at a time with np.random.choice(p=pred[0]) sampling into a ring buffer
# reduced: argparse's parse_args() given the defaults as a list (parse_args(['--rnn_size', '8', ...])): rnn_size 64 -> 8, window_size 20 -> 8, num_epochs 10 -> 3, dropout 0.2 -> 0.0 (random masks cannot match); sample.py's args (num_files 10 -> 2, file_length 1000 -> 6) made the same way, and its main() run after train.py's main() in one program; the ~130 MIDI files of data/midi parsed by pretty_midi replaced by 10 made-up monophonic tracks: parse_midi returns a small stand-in of pretty_midi.PrettyMIDI (instruments with .notes and get_piano_roll(fs) of seeded melodies, a few rests; the two training files 60 steps (three batches of windows per pass), the eight validation files 14 steps, and --max_files_in_ram 25 -> 8 (its load_index = (load_index + max_files_in_ram) % len(midi_paths) then comes back to 0, so every pass reloads the same files), so that the validation generator yields one and the same batch every time: tf-keras reads a generator given as validation_data through tf.data with prefetching and a fresh iterator each epoch, losing a timing-dependent number of batches between epochs (see brannondorsey_midi_rnn.diagnosis.md), which no other framework can replay) so that utils' filter_monophonic / _encode_sliding_windows / get_data_generator run as written; _network_output_to_midi's pretty_midi file building replaced by the list of note numbers it would write (pretty_midi is not installed), and midi.write left out; train.py's magic_number 827 -> 16 (steps_per_epoch 258.4 -> 5.0, validation_steps 51.7 -> 1.0, still floats); the checkpoint filepath's format key {val_acc:.3f} -> {val_accuracy:.3f} and the monitor 'val_acc' -> 'val_accuracy' (Keras 2.3 and tf-keras name the metric accuracy; tf-keras cannot format '{val_acc:.3f}'); os.listdir of the data folder sorted (its order is the file system's); get_data_generator's ThreadPool branch left out (n_jobs is 1); sample.py's checks that exit (experiment_dir without model.json, the pretty_midi instrument-name validation) and its save_dir creation left out; random.seed(0) and np.random.seed(0) added for the seed window choice and the sampling; the two `exit(1)` error paths kept; the TensorBoard callback left out (tensorboard is not installed in the Keras venv the reference is recorded with: tf.summary.scalar raises TBNotInstalledError), its import kept
import os, argparse, time, glob, random
import numpy as np
from keras.models import Sequential
from keras.layers import Dense, Activation, Dropout
from keras.layers import LSTM
from keras.callbacks import ModelCheckpoint, ReduceLROnPlateau, TensorBoard
from keras.optimizers import SGD, RMSprop, Adagrad, Adadelta, Adam, Adamax, Nadam
from keras.models import model_from_json

random.seed(0)
np.random.seed(0)


# ---- pretty_midi stand-in: made-up monophonic tracks ----
class _Instrument:
    def __init__(self, pitches):
        self.roll = np.zeros((128, len(pitches)))
        for t, p in enumerate(pitches):
            if p >= 0:
                self.roll[p, t] = 100
        self.notes = [p for p in pitches if p >= 0]

    def get_piano_roll(self, fs=100):
        return self.roll


class _PrettyMIDI:
    def __init__(self, path):
        number = int(path.split('_')[-1].split('.')[0])
        rng = np.random.RandomState(number)
        steps = 60 if number < 2 else 14
        scale = np.array([60, 62, 64, 65, 67, 69, 71, 72])
        pitches = scale[rng.randint(0, 8, size=steps)]
        pitches[rng.randint(1, steps, size=4)] = -1  # rests
        self.instruments = [_Instrument(list(pitches))]

    def remove_invalid_notes(self):
        pass


# ---- utils.py ----
def log(message, verbose):
	if verbose:
		print('[*] {}'.format(message))

def parse_midi(path):
    midi = None
    try:
        midi = _PrettyMIDI(path)
        midi.remove_invalid_notes()
    except Exception as e:
        raise Exception(("%s\nerror readying midi file %s" % (e, path)))
    return midi

def get_percent_monophonic(pm_instrument_roll):
    mask = pm_instrument_roll.T > 0
    notes = np.sum(mask, axis=1)
    n = np.count_nonzero(notes)
    single = np.count_nonzero(notes == 1)
    if single > 0:
        return float(single) / float(n)
    elif single == 0 and n > 0:
        return 0.0
    else: # no notes of any kind
        return 0.0

def filter_monophonic(pm_instruments, percent_monophonic=0.99):
    return [i for i in pm_instruments if \
            get_percent_monophonic(i.get_piano_roll()) >= percent_monophonic]


# if the experiment dir doesn't exist create it and its subfolders
def create_experiment_dir(experiment_dir, verbose=False):

    # if the experiment directory was specified and already exists
    if experiment_dir != 'experiments/default' and \
       os.path.exists(experiment_dir):
    	# raise an error
    	raise Exception('Error: Invalid --experiemnt_dir, {} already exists' \
    		            .format(experiment_dir))

    # if the experiment directory was not specified, create a new numeric folder
    if experiment_dir == 'experiments/default':

    	experiments = os.listdir('experiments')
    	experiments = [dir_ for dir_ in experiments \
    	               if os.path.isdir(os.path.join('experiments', dir_))]

    	most_recent_exp = 0
    	for dir_ in experiments:
    		try:
    			most_recent_exp = max(int(dir_), most_recent_exp)
    		except ValueError as e:
    			# ignrore non-numeric folders in experiments/
    			pass

    	experiment_dir = os.path.join('experiments',
    		                          str(most_recent_exp + 1).rjust(2, '0'))

    os.mkdir(experiment_dir)
    log('Created experiment directory {}'.format(experiment_dir), verbose)
    os.mkdir(os.path.join(experiment_dir, 'checkpoints'))
    log('Created checkpoint directory {}'.format(os.path.join(experiment_dir, 'checkpoints')),
    	verbose)
    os.mkdir(os.path.join(experiment_dir, 'tensorboard-logs'))
    log('Created log directory {}'.format(os.path.join(experiment_dir, 'tensorboard-logs')),
    	verbose)

    return experiment_dir

# load data with a lazzy loader
def get_data_generator(midi_paths,
                       window_size=20,
                       batch_size=32,
                       num_threads=8,
                       max_files_in_ram=170):

    load_index = 0

    while True:
        load_files = midi_paths[load_index:load_index + max_files_in_ram]
        load_index = (load_index + max_files_in_ram) % len(midi_paths)

        parsed = map(parse_midi, load_files)
        data = _windows_from_monophonic_instruments(parsed, window_size)
        batch_index = 0
        while batch_index + batch_size < len(data[0]):
            res = (data[0][batch_index: batch_index + batch_size],
                   data[1][batch_index: batch_index + batch_size])
            yield res
            batch_index = batch_index + batch_size

        # probably unneeded but why not
        del parsed # free the mem
        del data # free the mem

def save_model(model, model_dir):
    with open(os.path.join(model_dir, 'model.json'), 'w') as f:
        f.write(model.to_json())

def load_model_from_checkpoint(model_dir):

    '''Loads the best performing model from checkpoint_dir'''
    with open(os.path.join(model_dir, 'model.json'), 'r') as f:
        model = model_from_json(f.read())

    epoch = 0
    newest_checkpoint = max(glob.iglob(model_dir +
    	                    '/checkpoints/*.hdf5'),
                            key=os.path.getctime)

    if newest_checkpoint:
       epoch = int(newest_checkpoint[-22:-19])
       model.load_weights(newest_checkpoint)

    return model, epoch

def generate(model, seeds, window_size, length, num_to_gen, instrument_name):

    # generate a pretty midi file from a model using a seed
    def _gen(model, seed, window_size, length):

        generated = []
        # ring buffer
        buf = np.copy(seed).tolist()
        while len(generated) < length:
            arr = np.expand_dims(np.asarray(buf), 0)
            pred = model.predict(arr)

            # argmax sampling (NOT RECOMMENDED), or...
            # index = np.argmax(pred)

            # prob distrobuition sampling
            index = np.random.choice(range(0, seed.shape[1]), p=pred[0])
            pred = np.zeros(seed.shape[1])

            pred[index] = 1
            generated.append(pred)
            buf.pop(0)
            buf.append(pred)

        return generated

    midis = []
    for i in range(0, num_to_gen):
        seed = seeds[random.randint(0, len(seeds) - 1)]
        gen = _gen(model, seed, window_size, length)
        midis.append(_network_output_to_midi(gen, instrument_name))
    return midis

# (stand-in: the note numbers the pretty_midi file would hold)
def _network_output_to_midi(windows,
                           instrument_name='Acoustic Grand Piano',
                           allow_represses=False):
    return [int(np.argmax(step) - 1) for step in windows]

# returns X, y data windows from all monophonic instrument
# tracks in a pretty midi file
def _windows_from_monophonic_instruments(midi, window_size):
    X, y = [], []
    for m in midi:
        if m is not None:
            melody_instruments = filter_monophonic(m.instruments, 1.0)
            for instrument in melody_instruments:
                if len(instrument.notes) > window_size:
                    windows = _encode_sliding_windows(instrument, window_size)
                    for w in windows:
                        X.append(w[0])
                        y.append(w[1])
    return (np.asarray(X), np.asarray(y))

def _encode_sliding_windows(pm_instrument, window_size):

    roll = np.copy(pm_instrument.get_piano_roll(fs=4).T)

    # trim beginning silence
    summed = np.sum(roll, axis=1)
    mask = (summed > 0).astype(float)
    roll = roll[np.argmax(mask):]

    # transform note velocities into 1s
    roll = (roll > 0).astype(float)

    # append a feature: 1 to rests and 0 to notes
    rests = np.sum(roll, axis=1)
    rests = (rests != 1).astype(float)
    roll = np.insert(roll, 0, rests, axis=1)

    windows = []
    for i in range(0, roll.shape[0] - window_size - 1):
        windows.append((roll[i:i + window_size], roll[i + window_size + 1]))
    return windows


# ---- train.py ----
OUTPUT_SIZE = 129 # 0-127 notes + 1 for rests

def parse_args():

    parser = argparse.ArgumentParser(
                        formatter_class=argparse.ArgumentDefaultsHelpFormatter)
    parser.add_argument('--data_dir', type=str, default='data/midi')
    parser.add_argument('--experiment_dir', type=str,
                        default='experiments/default')
    parser.add_argument('--rnn_size', type=int, default=64)
    parser.add_argument('--num_layers', type=int, default=1)
    parser.add_argument('--learning_rate', type=float, default=None)
    parser.add_argument('--window_size', type=int, default=20)
    parser.add_argument('--batch_size', type=int, default=32)
    parser.add_argument('--num_epochs', type=int, default=10)
    parser.add_argument('--dropout', type=float, default=0.2)
    parser.add_argument('--optimizer',
                        choices=['sgd', 'rmsprop', 'adagrad', 'adadelta',
                                 'adam', 'adamax', 'nadam'], default='adam')
    parser.add_argument('--grad_clip', type=float, default=5.0)
    parser.add_argument('--message', '-m', type=str)
    parser.add_argument('--n_jobs', '-j', type=int, default=1)
    parser.add_argument('--max_files_in_ram', default=25, type=int)
    return parser.parse_args(['--rnn_size', '8', '--window_size', '8', '--num_epochs', '3', '--dropout', '0.0', '--max_files_in_ram', '8'])

# create or load a saved model
# returns the model and the epoch number (>1 if loaded from checkpoint)
def get_model(args, experiment_dir=None):

    epoch = 0

    if not experiment_dir:
        model = Sequential()
        for layer_index in range(args.num_layers):
            kwargs = dict()
            kwargs['units'] = args.rnn_size
            # if this is the first layer
            if layer_index == 0:
                kwargs['input_shape'] = (args.window_size, OUTPUT_SIZE)
                if args.num_layers == 1:
                    kwargs['return_sequences'] = False
                else:
                    kwargs['return_sequences'] = True
                model.add(LSTM(**kwargs))
            else:
                # if this is a middle layer
                if not layer_index == args.num_layers - 1:
                    kwargs['return_sequences'] = True
                    model.add(LSTM(**kwargs))
                else: # this is the last layer
                    kwargs['return_sequences'] = False
                    model.add(LSTM(**kwargs))
            model.add(Dropout(args.dropout))
        model.add(Dense(OUTPUT_SIZE))
        model.add(Activation('softmax'))
    else:
        model, epoch = load_model_from_checkpoint(experiment_dir)

    # these cli args aren't specified if get_model() is being
    # being called from sample.py
    if 'grad_clip' in args and 'optimizer' in args:
        kwargs = { 'clipvalue': args.grad_clip }

        if args.learning_rate:
            kwargs['lr'] = args.learning_rate

        # select the optimizers
        if args.optimizer == 'sgd':
            optimizer = SGD(**kwargs)
        elif args.optimizer == 'rmsprop':
            optimizer = RMSprop(**kwargs)
        elif args.optimizer == 'adagrad':
            optimizer = Adagrad(**kwargs)
        elif args.optimizer == 'adadelta':
            optimizer = Adadelta(**kwargs)
        elif args.optimizer == 'adam':
            optimizer = Adam(**kwargs)
        elif args.optimizer == 'adamax':
            optimizer = Adamax(**kwargs)
        elif args.optimizer == 'nadam':
            optimizer = Nadam(**kwargs)
        else:
            log(
                'Error: {} is not a supported optimizer. Exiting.'.format(args.optimizer),
                True)
            exit(1)
    else: # so instead lets use a default (no training occurs anyway)
        optimizer = Adam()

    model.compile(loss='categorical_crossentropy',
                  optimizer=optimizer,
                  metrics=['accuracy'])
    return model, epoch

def get_callbacks(experiment_dir, checkpoint_monitor='val_accuracy'):

    callbacks = []

    # save model checkpoints
    filepath = os.path.join(experiment_dir,
                            'checkpoints',
                            'checkpoint-epoch_{epoch:03d}-val_acc_{val_accuracy:.3f}.hdf5')

    callbacks.append(ModelCheckpoint(filepath,
                                     monitor=checkpoint_monitor,
                                     verbose=1,
                                     save_best_only=False,
                                     mode='max'))

    callbacks.append(ReduceLROnPlateau(monitor='val_loss',
                                       factor=0.5,
                                       patience=3,
                                       verbose=1,
                                       mode='auto',
                                       epsilon=0.0001,
                                       cooldown=0,
                                       min_lr=0))

    # (TensorBoard(log_dir=os.path.join(experiment_dir, 'tensorboard-logs'), histogram_freq=0,
    #  write_graph=True, write_images=False) left out: the Keras venv has no tensorboard package)

    return callbacks

def write_made_up_midi_folder(data_dir):
    os.makedirs(data_dir)
    os.makedirs('experiments')
    for k in range(10):
        open(os.path.join(data_dir, 'song_%d.mid' % k), 'w').close()

def main():

    args = parse_args()
    args.verbose = True
    write_made_up_midi_folder(args.data_dir)

    try:
        # get paths to midi files in --data_dir
        midi_files = [os.path.join(args.data_dir, path) \
                      for path in sorted(os.listdir(args.data_dir)) \
                      if '.mid' in path or '.midi' in path]
    except OSError as e:
        log('Error: Invalid --data_dir, {} directory does not exist. Exiting.', args.verbose)
        exit(1)

    log(
        'Found {} midi files in {}'.format(len(midi_files), args.data_dir),
        args.verbose
    )

    # create the experiment directory and return its name
    experiment_dir = create_experiment_dir(args.experiment_dir, args.verbose)

    val_split = 0.2 # use 20 percent for validation
    val_split_index = int(float(len(midi_files)) * val_split)

    # use generators to lazy load train/validation data, ensuring that the
    # user doesn't have to load all midi files into RAM at once
    train_generator = get_data_generator(midi_files[0:val_split_index],
                                               window_size=args.window_size,
                                               batch_size=args.batch_size,
                                               num_threads=args.n_jobs,
                                               max_files_in_ram=args.max_files_in_ram)

    val_generator = get_data_generator(midi_files[val_split_index:],
                                             window_size=args.window_size,
                                             batch_size=args.batch_size,
                                             num_threads=args.n_jobs,
                                             max_files_in_ram=args.max_files_in_ram)

    model, epoch = get_model(args)
    if args.verbose:
        print(model.summary())

    save_model(model, experiment_dir)
    log('Saved model to {}'.format(os.path.join(experiment_dir, 'model.json')),
              args.verbose)

    callbacks = get_callbacks(experiment_dir)

    print('fitting model...')
    magic_number = 16
    start_time = time.time()
    model.fit_generator(train_generator,
                        steps_per_epoch=len(midi_files) * magic_number / args.batch_size,
                        epochs=args.num_epochs,
                        validation_data=val_generator,
                        validation_steps=len(midi_files) * 0.2 * magic_number / args.batch_size,
                        verbose=1,
                        callbacks=callbacks,
                        initial_epoch=epoch)
    log('Finished in {:.2f} seconds'.format(time.time() - start_time), args.verbose)


# ---- sample.py ----
def sample_parse_args():
    parser = argparse.ArgumentParser(
                       formatter_class=argparse.ArgumentDefaultsHelpFormatter)
    parser.add_argument('--experiment_dir', type=str,
                        default='experiments/default')
    parser.add_argument('--save_dir', type=str)
    parser.add_argument('--midi_instrument', default='Acoustic Grand Piano')
    parser.add_argument('--num_files', type=int, default=10)
    parser.add_argument('--file_length', type=int, default=1000)
    parser.add_argument('--prime_file', type=str)
    parser.add_argument('--data_dir', type=str, default='data/midi')
    return parser.parse_args(['--num_files', '2', '--file_length', '6'])

def get_experiment_dir(experiment_dir):

	if experiment_dir == 'experiments/default':
		dirs_ = [os.path.join('experiments', d) for d in os.listdir('experiments') \
		         if os.path.isdir(os.path.join('experiments', d))]
		experiment_dir = max(dirs_, key=os.path.getmtime)

	return experiment_dir

def sample_main():
    args = sample_parse_args()
    args.verbose = True

    midi_files = [ args.prime_file ] if args.prime_file else \
                 [ os.path.join(args.data_dir, f) for f in sorted(os.listdir(args.data_dir)) \
                 if '.mid' in f or '.midi' in f ]

    experiment_dir = get_experiment_dir(args.experiment_dir)
    log('Using {} as --experiment_dir'.format(experiment_dir), args.verbose)

    model, epoch = get_model(args, experiment_dir=experiment_dir)
    log('Model loaded from {} (epoch {})'.format(os.path.join(experiment_dir, 'model.json'), epoch),
              args.verbose)

    window_size = model.layers[0].get_input_shape_at(0)[1]
    seed_generator = get_data_generator(midi_files,
                                              window_size=window_size,
                                              batch_size=32,
                                              num_threads=1,
                                              max_files_in_ram=10)

    # generate 10 tracks using random seeds
    log('Loading seed files...', args.verbose)
    X, y = next(seed_generator)
    generated = generate(model, X, window_size,
    	                       args.file_length, args.num_files, args.midi_instrument)
    for i, midi in enumerate(generated):
        print(i + 1, midi)

main()
sample_main()
