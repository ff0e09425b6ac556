# source: fbadine/LSTNet lstnet_model.py, lstnet_util.py, lstnet_datautil.py, main.py and exchange_rate.sh (LSTNet, Lai et al. 2018: a CNN, a GRU, a skip-GRU over values a period apart and an autoregressive highway, for multivariate time-series forecasting), with the Msglog.py and model_util.py of fbadine/util @ 93e8c85f08c48e839990fb43f955c00433cd31da, which its README has cloned beside it
# commit: 7fcf07239e9071edbea381e3d9564dde2fa0a8e6
# keras: tf_keras
# exercises: LSTNetModel: Input (window, m), Reshape to (window, m, 1), Conv2D with kernel (CNNKernel, m) and kernel_initializer 'glorot_uniform', Dropout, Reshape by K.int_shape of the conv output; `_, R = GRU(relu, return_state=True)`; the custom layers PreSkipTrans (K.shape(x)[0], a slice of the last pt*skip steps, K.reshape into (batch, pt, skip, f), K.permute_dimensions, K.reshape to batch*skip sequences: a layer that changes the batch size) feeding a second GRU, PostSkipTrans([S, X]) (the batch size taken from the model's input, K.int_shape inside call; its compute_output_shape returns tf.TransformShape, a name TensorFlow does not have, and tf-keras never asks it), PreARTrans / PostARTrans (the highway's last hw steps per series through Flatten and Dense(1), back to (batch, m)), Concatenate(axis=1), Flatten, Dense(m), Add; each custom layer's build calling super().build, compute_output_shape and get_config / from_config; metric functions rse and corr (K.sqrt, K.mean, K.square, K.std with axis None and 0); Keras 2's legacy optimizers with lr=, epsilon=None, decay=0.0 (Adam, RMSprop, SGD with momentum 0.0 and nesterov False); compile(loss='mean_absolute_error' / 'mean_squared_error', metrics=[rse, corr]); fit with validation_data and callbacks=None; evaluate on the validation and test windows, unpacked to (loss, rse, corr); predict on the train, validation and test windows; model_util's SaveModel (model.to_json() to a .json file, save_weights to a .h5) and LoadModel (model_from_json with custom_objects, load_weights) feeding the README's --no-train --load --predict=all run, compiled again; SaveResults' model.summary(print_fn=...) to a text file and SaveHistory's json.dump of history.history; DataUtil's normalisation of each series by its maximum and the sliding windows with a horizon
# reduced: the files are one script in this order: main.py's first lines (logger_name, import sys), util/Msglog.py, util/model_util.py, lstnet_util.py, lstnet_datautil.py, lstnet_model.py, then the rest of main.py; main.py's sys.path.append('..') and its imports of util.* and lstnet_* dropped (inlined), and of lstnet_plot (matplotlib; the plots run only with --plot, which is not given); `from __main__ import logger_name` dropped in lstnet_datautil.py, LSTNetInit.dump and model_util.py's try block (the harness runs the script with exec, so __main__ is not the script; logger_name is the script's own global, and model_util's log is the logger main.py makes, as when main.py is __main__); GetArguments() takes the command line (parse_args(command_line)) and main.py's body runs once per entry of COMMAND_LINES, indented under that loop: exchange_rate.sh's (--save, --test, --savehistory, with --predict=all added), the README's predict command (--no-train --load=<saved> --predict=all), and runs with --optimizer=RMSprop and --optimizer=SGD; the data file data/exchange_rate.txt (8 series of 7588 days) replaced by a made-up 100 x 3 series (sinusoids of periods 8, 12 and 24 plus np.random.RandomState(7) noise) written with np.savetxt in the same comma-separated format to a temporary folder, where the model is saved too; window 168 -> 16, horizon 12 -> 2, CNNFilters 50 -> 4, CNNKernel 6 -> 3, GRUUnits 50 -> 6, SkipGRUUnits 5 -> 3, skip 12 -> 4, highway 24 -> 4, dropout 0.2 -> 0 (random masks cannot match), epochs 100 -> 4, --no-log (no log file); batchsize 128 kept: the 43 training windows are one batch, so fit's shuffling cannot change the result; `from tensorflow.keras.optimizers import SGD, RMSprop, Adam` -> `from tensorflow.keras.optimizers.legacy import ...` (tf-keras 2.21's new optimizers refuse decay=, and the error names the legacy ones); the two tf.keras.__version__ reads (main.py's log line and SaveResults' 'Keras version' line) dropped: tf-keras 2.21's tf.keras module has no __version__; main.py's `loss, rse, corr = lstnet.evaluate(...)` (twice) names its results rse_result, corr_result: in one script they would rebind lstnet_model.py's metric functions, which the next run's ModelCompile hands to compile; in the custom layers tf.shape / tf.reshape / tf.transpose(perm=...) -> K.shape / K.reshape / K.permute_dimensions, and in their compute_output_shape tf.TensorShape(input_shape).as_list() -> list(input_shape) and `return tf.TensorShape(shape)` -> `return tuple(shape)` (statefulrnn stands in for Keras, not TensorFlow: `import tensorflow as tf` becomes `import statefulrnn as tf`); PostSkipTrans's `return tf.TransformShape(shape)` kept as written; the four call()s' dead `output_shape = tf.TensorShape([None]).concatenate(output.get_shape()[1:])` lines (with their comment) dropped: the value is never used, and TensorShape and get_shape() on the torch tensors a layer's call gets are TensorFlow's (README, "Where we differ from Keras")
####################################################################################
#   Implementation of the following paper: https://arxiv.org/pdf/1703.07015.pdf    #
#                                                                                  #
#    Modeling Long- and Short-Term Temporal Patterns with Deep Neural Networks     #
####################################################################################

# This must be set in the beggining because in model_util, we import it
logger_name = "lstnet"

# Path appended in order to import from util
import sys

import logging
import logging.handlers

#
# This function is called in the main python file in order 
# to initialise logging.
# After that, in each other file, we just need to do the following:
#       import logging
#       log = logging.getLogger(name) where name is the same one used in LogInit
# 
# The arguments that this function take are:
# - name:         name of the logger. Passed from the main python file. The same must be used in all other files
# - filename:     full path of the file where logs are to be written
# - debuglevel:   Level for the FileHandler. Messages with level bigger or equal to this one will be logged
#
def LogInit(name, filename, debuglevel = logging.INFO, log = True, threadname = True):
    # If the passed debuglevel is not the allowed one, print an error and default to logging.INFO
    try:
        assert(debuglevel in [logging.DEBUG, logging.INFO, logging.WARNING, logging.ERROR, logging.CRITICAL])
    except AssertionError as err:
        logging.error("Invalid debuglevel (%d), changing it to %d", debuglevel, logging.INFO)
        debuglevel = logging.INFO

    # Create a logger with name 'name' and set its level to debuglevel`
    logger = logging.getLogger(name)
    logger.setLevel(debuglevel)

    # Set the log format
    if threadname == True:
        formatter = logging.Formatter('%(asctime)s.%(msecs)d (%(process)d) (%(levelname)s) %(threadName)s.%(funcName)s -> %(message)s', datefmt='%Y-%m-%d %H:%M:%S')
    else:
        formatter = logging.Formatter('%(asctime)s.%(msecs)d (%(process)d) (%(levelname)s) %(module)s.%(funcName)s -> %(message)s', datefmt='%Y-%m-%d %H:%M:%S')

    # Configure a StreamHandler that will log messages with level ERROR and CRITICAL onto the console.
    # Those messages will be logged even if log == False
    ch = logging.StreamHandler()
    ch.setLevel(logging.ERROR)
    ch.setFormatter(formatter)
    logger.addHandler(ch)

    if log == True:
        # Configure a TimedRotatingFileHandler that creates a new file at midnight in order to log
        # all messages with level greater than debuglevel if and only if log == True
        fh = logging.handlers.TimedRotatingFileHandler(filename, when='midnight')
        fh.setLevel(debuglevel)
        fh.setFormatter(formatter)
        logger.addHandler(fh)
    else:
        # NullHandler in case log == False
        nh = logging.NullHandler()
        logger.addHandler(nh)

    return logger

import os
import sys
import json
import numpy as np
import tensorflow as tf

from datetime import datetime
from shutil import copyfile

from tensorflow.keras.models import model_from_json


#
# A generic function to save the model and the weights as follows:
# - Model saved in the file 'filename.json' as a json file
# - The weights in the file 'filename.h5'
#
# The arguments that this function takes are:
# - model:     The Keras model to save
# - filename:  Full path of the filename where the model shall be saved without the file extension. Example: dir1/dir2/model
# 
def SaveModel(model, filename):
    if filename is not None:
        try:
            log.info("Saving model and weights ...")
        except NameError:
            pass

        folder = os.path.dirname(filename)
        
        # Check if the directory to save the file at exists. If not create it
        if not os.path.exists(folder):
            try:
                os.makedirs(folder)
            except IOError as err:
                try:
                    log.critical("Error while creating folder: %s ... Error[%d]: %s", folder, err.errno, err.strerror)
                except NameError:
                    print("Error while creating folder (" + str(folder) + "). Error[" + str(err.errno) + "]: " + str(err.strerror))
        
        # Backup model file if it exists
        file = filename + ".json"
        if os.path.exists(file):
            try:
                log.warning("File %s already exists. Backing it up to %s", file, filename + datetime.today().strftime('%Y%m%d') + ".json")
            except NameError:
                pass

            copyfile(file, filename + datetime.today().strftime('%Y%m%d') + ".json")

        # Save the model in json file
        with open(file, "w") as json_file:
            try:
                log.debug("Saving model into %s", file)
            except NameError:
                pass
            json_file.write(model.to_json())

        # Backup weights file if it exists
        file = filename + ".h5"
        if os.path.exists(file):
            try:
                log.warning("File %s already exists. Backing it up to %s", file, filename + datetime.today().strftime('%Y%m%d') + ".h5")
            except NameError:
                pass

            copyfile(file, filename + datetime.today().strftime('%Y%m%d') + ".h5")

        # Save weights in h5 file
        try:
            log.debug("Saving weights into %s", file)
        except NameError:
            pass
        model.save_weights(file)


#
# A generic function to load a model and its weights as follows:
# - Model read from json file 'filename.json'
# - Weights read from file 'filename.h5'
# filename being the full filename without the extension. Example: dir1/dir2/model
#
# The arguments that this function takes are:
# - filename:  Full path of the filename from where the model shall be saved. The filename is without the file extension. Example: dir1/dir2/model
# - custom_objects: A dictionary of user defined layers. For example, if you model has 2 custom layers "Layer1" and "Layer2", then custom_objects
#   is defined as follows:
#      custom_objects = {
#              'Layer1': Layer1,
#              'Layer2': Layer2
#      }
#
def LoadModel(filename, custom_objects):
    model = None

    if filename is not None:
        try:
            log.info("Loading model and weights ...")
        except NameError:
            pass

        # load and create model from json file
        file = filename + ".json"
        if os.path.exists(file):
            with open(file, "r") as json_file:
                try:
                    log.debug("Loading model from: %s", file)
                except NameError:
                    pass

                model = model_from_json(json_file.read(), custom_objects=custom_objects)
        
            # load weights from h5 file into new model
            file = filename + ".h5"
            if os.path.exists(file):
                try:
                    log.debug("Loading weights from: %s", file)
                except NameError:
                    pass

                model.load_weights(file)
            else:
                try:
                    log.critical("File %s does not exist", file)
                except NameError:
                    print("File %s does not exist" % (file))
        else:
            try:
                log.critical("File %s does not exist", file)
            except NameError:
                print("File %s does not exist" % (file))
    
    return model

#
# Function to save training, validation and testing results into a file.
# The saved results will be as follows:
# 1- Training info: information about the training parameters used:
#    - Loss function
#    - Optimisation method
#    - Learning rate
#    - Batch size
#    - Number of epochs
# 2- Training results: The last value reached while training for each of the metrics that are
#    available in history which is a Keras callback dictionary containing all training and
#    validation (if available) metrics
#    The metrics to be printed are the ones passed in 'metrics' (an array of metrics)
# 3- Validation results: Same as Training results (if available)
# 4- Testing results: The same metrics values for testing (if available), passed via the dictionary
#    'test_result'
# 5- Model Summary
#
def SaveResults(model, init, history, test_result, metrics):
    if init is not None and init.save is not None:
        try:
            log.info("Saving results ...")
        except NameError:
            pass

        file = init.save + ".txt"
        if os.path.exists(file):
            try:
                log.warning("File %s already exists. Backing it up to %s", file, init.save + datetime.today().strftime('%Y%m%d') + ".txt")
            except NameError:
                pass
            copyfile(file, init.save + datetime.today().strftime('%Y%m%d') + ".txt")
        
        # Save information about Training and Validation parameters, hyper-parameters and results
        with open(init.save + ".txt", "w") as f:
            try:
                log.debug("Saving system info")
            except NameError:
                pass
            f.write("System Info:\n")
            f.write("\tPython version: " + str(sys.version) + "\n")
            f.write("\tTensorFlow version: " + str(tf.__version__) + "\n")
            try:
                log.debug("Saving training info")
            except NameError:
                pass
            f.write("\nTraining Info:\n")
            f.write("\tLoss Function: " + str(init.loss) + "\n")
            f.write("\tOptimisation Method: " + str(init.optimiser) + "\n")
            f.write("\tLearning Rate: " + str(init.lr) + "\n")
            f.write("\tBatch Size: " + str(init.batchsize) + "\n")
            f.write("\tNumber of Epochs: " + str(init.epochs) + "\n")

            try:
                log.debug("Saving training results")
            except NameError:
                pass
            f.write("\nTraining Results:\n")
            for m in metrics:
                key = m
                f.write("\t" + str(m.title()) + ": " + str(history[key][-1]) + "\n")

            if init.validate is True:
                try:
                    log.debug("Saving validation results")
                except NameError:
                    pass
                f.write("\nValidation Results:\n")
                for m in metrics:
                    key = "val_" + m
                    f.write("\t" + str(m.title()) + ": " + str(history[key][-1]) + "\n")

            if init.evaltest is True and test_result is not None:
                try:
                    log.debug("Saving testing results")
                except NameError:
                    pass
                f.write("\nTesting Results:\n")
                for m in metrics:
                    f.write("\t" + str(m.title()) + ": " + str(test_result[m]) + "\n")

            try:
                log.debug("Saving model summary")
            except NameError:
                pass
            f.write("\nModel Summary:\n")
            model.summary(print_fn=lambda x: f.write('\t' + x + '\n'))


#
# Save all history values in a json file in order to be plotted later if needed
#
def SaveHistory(filename, history):    
    if filename is not None:
        try:
            log.info(" Saving history ...")
        except NameError:
            pass

        file = filename + "_history.csv"
        if os.path.exists(file):
            try:
                log.warning("File %s already exists. Backing it up to %s", file, filename + datetime.today().strftime('%Y%m%d') + "_history.csv")
            except NameError:
                pass
            copyfile(file, filename + datetime.today().strftime('%Y%m%d') + "_history.csv")

        with open(file, "w") as f:
            try:
                log.debug("Saving history into %s", file)
            except NameError:
                pass
            json.dump(history, f)

import argparse

class LSTNetInit(object):
    #
    # This class contains all initialisation information that are passed as arguments.
    #
    #    data:            Location of the data file
    #    window:          Number of time values to consider in each input X
    #                        Default: 24*7
    #    horizon:         How far is the predicted value Y. It is horizon values away from the last value of X (into the future)
    #                        Default: 12
    #    CNNFilters:      Number of output filters in the CNN layer
    #                        Default: 100
    #                        If set to 0, the CNN layer will be omitted
    #    CNNKernel:       CNN filter size that will be (CNNKernel, number of multivariate timeseries)
    #                        Default: 6
    #                        If set to 0, the CNN layer will be omitted
    #    GRUUnits:        Number of hidden states in the GRU layer
    #                        Default: 100
    #    SkipGRUUnits:    Number of hidden states in the SkipGRU layer
    #                        Default: 5
    #    skip:            Number of timeseries to skip. 0 => do not add Skip GRU layer
    #                        Default: 24
    #                        If set to 0, the SkipGRU layer will be omitted
    #    dropout:         Dropout frequency
    #                        Default: 0.2
    #    normalise:       Type of normalisation:
    #                     - 0: No normalisation
    #                     - 1: Normalise all timeseries together
    #                     - 2: Normalise each timeseries alone
    #                        Default: 2
    #    batchsize:       Training batch size
    #                        Default: 128
    #    epochs:          Number of training epochs
    #                        Default: 100
    #    initialiser:     The weights initialiser to use.
    #                        Default: glorot_uniform
    #    trainpercent:    How much percentage of the given data to use for training.
    #                        Default: 0.6 (60%)
    #    validpercent:    How much percentage of the given data to use for validation.
    #                        Default: 0.2 (20%)
    #                     The remaining (1 - trainpercent -validpercent) shall be the amount of test data
    #    highway:         Number of timeseries values to consider for the linear layer (AR layer)
    #                        Default: 24
    #                        If set to 0, the AR layer will be omitted
    #    train:           Whether to train the model or not
    #                        Default: True
    #    validate:        Whether to validate the model against the validation data
    #                        Default: True
    #                     If set and train is set, validation will be done while training.
    #    evaltest:        Evaluate the model using testing data
    #                        Default: False
    #    save:            Location and Name of the file to save the model in as follows:
    #                           Model in "save.json"
    #                           Weights in "save.h5"
    #                        Default: None
    #                     This location is also used to save results and history in, as follows:
    #                           Results in "save.txt" if --saveresults is passed
    #                           History in "save_history.csv" if --savehistory is passed
    #    saveresults:     Save results as described in 'save' above.
    #                     This has no effect if --save is not set
    #                        Default: True
    #    savehistory:     Save training / validation history as described in 'save' above.
    #                     This has no effect if --save is not set
    #                        Default: False
    #    load:            Location and Name of the file to load a pretrained model from as follows:
    #                           Model in "load.json"
    #                           Weights in "load.h5"
    #                        Default: None
    #    loss:            The loss function to use for optimisation.
    #                        Default: mean_absolute_error
    #    lr:              Learning rate
    #                        Default: 0.001
    #    optimizer:       The optimiser to use
    #                        Default: Adam
    #    test:            Evaluate the model on the test data
    #                        Default: False
    #    tensorboard:     Set to the folder where to put tensorboard file
    #                        Default: None (no tensorboard callback)
    #    predict:         Predict timeseries using the trained model.
    #                     It takes one of the following values:
    #                     - trainingdata   => predict the training data only
    #                     - validationdata => predict the validation data only
    #                     - testingdata    => predict the testing data only
    #                     - all            => all of the above
    #                     - None           => none of the above
    #                        Default: None
    #    plot:            Generate plots
    #                        Default: False
    #    series_to_plot:  The number of the series that you wish to plot. The value must be less than the number of series available
    #                        Default: 0
    #    autocorrelation: The number of the random series that you wish to plot their autocorrelation. The value must be less or equal to the number of series available
    #                        Default: None
    #    save_plot:       Location and Name of the file to save the plotted images to as follows:
    #                           Autocorrelation in "save_plot_autocorrelation.png"
    #                           Training results in "save_plot_training.png"
    #                           Prediction in "save_plot_prediction.png"
    #                        Default: None
    #    log:             Whether to generate logging
    #                        Default: True
    #    debuglevel:      Logging debuglevel.
    #                     It takes one of the following values:
    #                     - 10 => DEBUG
    #                     - 20 => INFO
    #                     - 30 => WARNING
    #                     - 40 => ERROR
    #                     - 50 => CRITICAL
    #                        Default: 20
    #    logfilename:     Filename where logging will be written.
    #                        Default: log/lstnet
    #
    def __init__(self, args, args_is_dictionary = False):
        if args_is_dictionary is True:
            self.data            =     args["data"]
            self.window          =     args["window"]
            self.horizon         =     args["horizon"]
            self.CNNFilters      =     args["CNNFilters"]
            self.CNNKernel       =     args["CNNKernel"]
            self.GRUUnits        =     args["GRUUnits"]
            self.SkipGRUUnits    =     args["SkipGRUUnits"]
            self.skip            =     args["skip"]
            self.dropout         =     args["dropout"]
            self.normalise       =     args["normalize"]
            self.highway         =     args["highway"]
            self.batchsize       =     args["batchsize"]
            self.epochs          =     args["epochs"]
            self.initialiser     =     args["initializer"]
            self.trainpercent    =     args["trainpercent"]
            self.validpercent    =     args["validpercent"]
            self.highway         =     args["highway"]
            self.train           = not args["no_train"]
            self.validate        = not args["no_validation"]
            self.save            =     args["save"]
            self.saveresults     = not args["no_saveresults"]
            self.savehistory     =     args["savehistory"]
            self.load            =     args["load"]
            self.loss            =     args["loss"]
            self.lr              =     args["lr"]
            self.optimiser       =     args["optimizer"]
            self.evaltest        =     args["test"]
            self.tensorboard     =     args["tensorboard"]
            self.plot            =     args["plot"]
            self.predict         =     args["predict"]
            self.series_to_plot  =     args["series_to_plot"]
            self.autocorrelation =     args["autocorrelation"]
            self.save_plot       =     args["save_plot"]
            self.log             = not args["no_log"]
            self.debuglevel      =     args["debuglevel"]
            self.logfilename     =     args["logfilename"]
        else:
            self.data            =     args.data
            self.window          =     args.window
            self.horizon         =     args.horizon
            self.CNNFilters      =     args.CNNFilters
            self.CNNKernel       =     args.CNNKernel
            self.GRUUnits        =     args.GRUUnits
            self.SkipGRUUnits    =     args.SkipGRUUnits
            self.skip            =     args.skip
            self.dropout         =     args.dropout
            self.normalise       =     args.normalize
            self.highway         =     args.highway
            self.batchsize       =     args.batchsize
            self.epochs          =     args.epochs
            self.initialiser     =     args.initializer
            self.trainpercent    =     args.trainpercent
            self.validpercent    =     args.validpercent
            self.highway         =     args.highway
            self.train           = not args.no_train
            self.validate        = not args.no_validation
            self.save            =     args.save
            self.saveresults     = not args.no_saveresults
            self.savehistory     =     args.savehistory
            self.load            =     args.load
            self.loss            =     args.loss
            self.lr              =     args.lr
            self.optimiser       =     args.optimizer
            self.evaltest        =     args.test
            self.tensorboard     =     args.tensorboard
            self.plot            =     args.plot
            self.predict         =     args.predict
            self.series_to_plot  =     args.series_to_plot
            self.autocorrelation =     args.autocorrelation
            self.save_plot       =     args.save_plot
            self.log             = not args.no_log
            self.debuglevel      =     args.debuglevel
            self.logfilename     =     args.logfilename

    def dump(self):
        import logging
        log = logging.getLogger(logger_name)

        log.debug("Data: %s", self.data)
        log.debug("Window: %d", self.window)
        log.debug("Horizon: %d", self.horizon)
        log.debug("CNN Filters: %d", self.CNNFilters)
        log.debug("CNN Kernel: %d", self.CNNKernel)
        log.debug("GRU Units: %d", self.GRUUnits)
        log.debug("Skip GRU Units: %d", self.SkipGRUUnits)
        log.debug("Skip: %d", self.skip)
        log.debug("Dropout: %f", self.dropout)
        log.debug("Normalise: %d", self.normalise)
        log.debug("Highway: %d", self.highway)
        log.debug("Batch size: %d", self.batchsize)
        log.debug("Epochs: %d", self.epochs)
        log.debug("Learning rate: %s", str(self.lr))
        log.debug("Initialiser: %s", self.initialiser)
        log.debug("Optimiser: %s", self.optimiser)
        log.debug("Loss function to use: %s", self.loss)
        log.debug("Fraction of data to be used for training: %.2f", self.trainpercent)
        log.debug("Fraction of data to be used for validation: %.2f", self.validpercent)
        log.debug("Train model: %s", self.train)
        log.debug("Validate model: %s", self.validate)
        log.debug("Test model: %s", self.evaltest)
        log.debug("Save model location: %s", self.save)
        log.debug("Save Results: %s", self.saveresults)
        log.debug("Save History: %s", self.savehistory)
        log.debug("Load Model from: %s", self.load)
        log.debug("TensorBoard: %s", self.tensorboard)
        log.debug("Plot: %s", self.plot)
        log.debug("Predict: %s", self.predict)
        log.debug("Series to plot: %s", self.series_to_plot)
        log.debug("Save plot: %s", self.save_plot)
        log.debug("Create log: %s", self.log)
        log.debug("Debug level: %d", self.debuglevel)
        log.debug("Logfile: %s", self.logfilename)


def GetArguments(command_line):
    # Creating the argument parser
    parser = argparse.ArgumentParser(description='LSTNet Model')
    
    parser.add_argument('--data', type=str, required=True, help='Location of the data file. Required!!')
    parser.add_argument('--window', type=int, default=24*7, help='Window size. Default=24*7')
    parser.add_argument('--horizon', type=int, default=12, help='Horizon width. Default=12')
    parser.add_argument('--CNNFilters', type=int, default=100, help='Number of CNN layer filters. Default=100. If set to 0, the CNN layer will be omitted')
    parser.add_argument('--CNNKernel', type=int, default=6, help='Size of the CNN filters. Default=6. If set to 0, the CNN layer will be omitted')
    parser.add_argument('--GRUUnits', type=int, default=100, help='Number of GRU hidden units. Default=100')
    parser.add_argument('--SkipGRUUnits', type=int, default=5, help='Number of hidden units in the Skip GRU layer. Default=5')
    parser.add_argument('--skip', type=int, default=24,
                        help='Size of the window to skip in the Skip GRU layer. Default=24. If set to 0, the SkipGRU layer will be omitted')
    parser.add_argument('--dropout', type=float, default=0.2, help='Dropout to be applied to layers. 0 means no dropout. Default=0.2')    
    parser.add_argument('--normalize', type=int, default=2,
                        help='0 = do not normalise, 1 = use same normalisation for all timeseries, 2 = normalise each timeseries independently. Default=2')
    parser.add_argument('--highway', type=int, default=24, help='The window size of the highway component. Default=24. If set to 0, the AR layer will be omitted')
    parser.add_argument('--lr', type=float, default=0.001, help='Learning rate. Default=0.001')
    parser.add_argument('--batchsize', type=int, default=128, help='Training batchsize. Default=128')
    parser.add_argument('--epochs', type=int, default=100, help='Number of epochs to run for training. Default=100')
    parser.add_argument('--initializer', type=str, default="glorot_uniform", help='Weights initialiser to use. Default=glorot_uniform')
    parser.add_argument('--loss', type=str, default="mean_absolute_error", help='Loss function to use. Default=mean_absolute_error')
    parser.add_argument('--optimizer', type=str, default="Adam", help='Optimisation function to use. Default=Adam')
    parser.add_argument('--trainpercent', type=float, default=0.6, help='Percentage of data to be used for training. Default=0.6')
    parser.add_argument('--validpercent', type=float, default=0.2, help='Percentage of data to be used for validation. Default=0.2')
    parser.add_argument('--save', type=str, default=None, help='Filename initial to save the model and the results in. Default=None')
    parser.add_argument('--load', type=str, default=None, help='Filename initial of the saved model to be loaded (model and weights). Default=None')
    parser.add_argument('--tensorboard', type=str, default=None,
                        help='Location of the tensorboard folder. If not set, tensorboard will not be launched. Default=None i.e. no tensorboard callback')
    parser.add_argument('--predict', type=str, choices=['trainingdata', 'validationdata', 'testingdata', 'all', None], default=None,
                        help='Predict timesseries. Default None')
    parser.add_argument('--series-to-plot', type=str, default='0', help='Series to plot. Default 0 (i.e. plot the first timeseries)')
    parser.add_argument('--autocorrelation', type=str, default=None,
                        help='Plot an autocorrelation of the input data. Format --autocorrelation=i,j,k which means to plot an autocorrelation of timeseries i from timeslot j to timeslot k')
    parser.add_argument('--save-plot', type=str, default=None, help='Filename initial to save the plots to in PNG format. Default=None')

    parser.add_argument('--no-train', action='store_true', help='Do not train model.')
    parser.add_argument('--no-validation', action='store_true',
                        help='Do not validate model. When not set and no-train is not set, data will be validated while training')
    parser.add_argument('--test', action='store_true', help='Test model.')
    parser.add_argument('--no-saveresults', action='store_true', help='Do not save training / validation results.')
    parser.add_argument('--savehistory', action='store_true', help='Save training / validation history.')
    parser.add_argument('--plot', action='store_true', help='Generate plots.')

    parser.add_argument('--no-log', action='store_true', help='Do not create log files. Only error and critical messages will appear on the console.')
    parser.add_argument('--debuglevel', type=int, choices=[10, 20, 30, 40, 50], default=20, help='Logging debug level. Default 20 (INFO)')
    parser.add_argument('--logfilename', type=str, default="log/lstnet", help="Filename where logging will be written. Default: log/lstnet")

    args = parser.parse_args(command_line)

    return args


import numpy as np

# Logging
import logging
log = logging.getLogger(logger_name)

class DataUtil(object):
    #
    # This class contains data specific information.
    # It does the following:
    #  - Read data from file
    #  - Normalise it
    #  - Split it into train, dev (validation) and test
    #  - Create X and Y for each of the 3 sets (train, dev, test) according to the following:
    #    Every sample (x, y) shall be created as follows:
    #     - x --> window number of values
    #     - y --> one value that is at horizon in the future i.e. that is horizon away past the last value of x
    #    This way X and Y will have the following dimensions:
    #     - X [number of samples, window, number of multivariate time series]
    #     - Y [number of samples, number of multivariate time series]
    
    def __init__(self, filename, train, valid, horizon, window, normalise = 2):
        try:
            fin = open(filename)

            log.debug("Start reading data")
            self.rawdata   = np.loadtxt(fin, delimiter=',')
            log.debug("End reading data")

            self.w         = window
            self.h         = horizon
            self.data      = np.zeros(self.rawdata.shape)
            self.n, self.m = self.data.shape
            self.normalise = normalise
            self.scale     = np.ones(self.m)
        
            self.normalise_data(normalise)
            self.split_data(train, valid)
        except IOError as err:
            # In case file is not found, all of the above attributes will not have been created
            # Hence, in order to check if this call was successful, you can call hasattr on this object 
            # to check if it has attribute 'data' for example
            log.error("Error opening data file ... %s", err)
        
        
    def normalise_data(self, normalise):
        log.debug("Normalise: %d", normalise)

        if normalise == 0: # do not normalise
            self.data = self.rawdata
        
        if normalise == 1: # same normalisation for all timeseries
            self.data = self.rawdata / np.max(self.rawdata)
        
        if normalise == 2: # normalise each timeseries alone. This is the default mode
            for i in range(self.m):
                self.scale[i] = np.max(np.abs(self.rawdata[:, i]))
                self.data[:, i] = self.rawdata[:, i] / self.scale[i]
    
    def split_data(self, train, valid):
        log.info("Splitting data into training set (%.2f), validation set (%.2f) and testing set (%.2f)", train, valid, 1 - (train + valid))

        train_set = range(self.w + self.h - 1, int(train * self.n))
        valid_set = range(int(train * self.n), int((train + valid) * self.n))
        test_set  = range(int((train + valid) * self.n), self.n)
        
        self.train = self.get_data(train_set)
        self.valid = self.get_data(valid_set)
        self.test  = self.get_data(test_set)
        
    def get_data(self, rng):
        n = len(rng)
        
        X = np.zeros((n, self.w, self.m))
        Y = np.zeros((n, self.m))
        
        for i in range(n):
            end   = rng[i] - self.h + 1
            start = end - self.w
            
            X[i,:,:] = self.data[start:end, :]
            Y[i,:]   = self.data[rng[i],:]
        
        return [X, Y]

import os
import numpy as np
import tensorflow as tf

from tensorflow.keras.models import Model, model_from_json
from tensorflow.keras.layers import Input, GRU, Conv2D, Dropout, Flatten, Dense, Reshape, Concatenate, Add
from tensorflow.keras.optimizers.legacy import SGD, RMSprop, Adam

from tensorflow.keras import backend as K
from tensorflow.keras.callbacks import TensorBoard

#######################################################################################################################
#                                      Start Skip RNN specific layers subsclass                                       #
#                                                                                                                     #
# The SkipRNN layer is implemented as follows:                                                                        #
# - Pre Transformation layer that takes a 'window' size of data and apply couple of reshapes and axis transformation  #
#   in order to simulate the skip RNN that is described in the paper                                                  #
# - Apply a normal GRU RNN on the transformed data. This way not the adjacent data points are connected but rather    #
#   data points that are 'skip' away.                                                                                 #
# - Post Transformation layer that brings back dimensions to its original shape as PreTrans has changed all           #
#   dimensions including Batch Size                                                                                   #
#######################################################################################################################

class PreSkipTrans(tf.keras.layers.Layer):
    def __init__(self, pt, skip, **kwargs):
        #
        # pt:   Number of different RNN cells = (window / skip)
        # skip: Number of points to skip
        #
        self.pt   = pt
        self.skip = skip
        super(PreSkipTrans, self).__init__(**kwargs)
        
    def build(self, input_shape):
        super(PreSkipTrans, self).build(input_shape)
    
    def call(self, inputs):
        # Get input tensors; in this case it's just one tensor
        x = inputs

        # Get the batchsize which is K.shape(x)[0] since inputs is either X or C which has the same
        # batchsize as the input to the model
        batchsize = K.shape(x)[0]

        # Get the shape of the input data
        input_shape = K.int_shape(x)
        
        # Create output data by taking a 'window' size from the end of input (:-self.pt * self.skip)
        output = x[:,-self.pt * self.skip:,:]
        
        # Reshape the output tensor by:
        # - Changing first dimension (batchsize) from None to the current batchsize
        # - Splitting second dimension into 2 dimensions
        output = K.reshape(output, [batchsize, self.pt, self.skip, input_shape[2]])
        
        # Permutate axis 1 and axis 2
        output = K.permute_dimensions(output, (0, 2, 1, 3))
        
        # Reshape by merging axis 0 and 1 now hence changing the batch size
        # to be equal to current batchsize * skip.
        # This way the time dimension will only contain 'pt' entries which are
        # just values that were originally 'skip' apart from each other => hence skip RNN ready
        output = K.reshape(output, [batchsize * self.skip, self.pt, input_shape[2]])
        
        
        return output
    
    def compute_output_shape(self, input_shape):
        # Since the batch size is None and dimension on axis=2 has not changed,
        # all we need to do is set shape[1] = pt in order to compute the output shape
        shape = list(input_shape)
        shape[1] = self.pt
        
        return tuple(shape)


    def get_config(self):
        config = {'pt': self.pt, 'skip': self.skip}
        base_config = super(PreSkipTrans, self).get_config()
        
        return dict(list(base_config.items()) + list(config.items()))


    @classmethod
    def from_config(cls, config):
        return cls(**config)


class PostSkipTrans(tf.keras.layers.Layer):
    def __init__(self, skip, **kwargs):
        #
        # skip: Number of points to skip
        #
        self.skip = skip
        super(PostSkipTrans, self).__init__(**kwargs)
    
    def build(self, input_shape):
        super(PostSkipTrans, self).build(input_shape)
    
    def call(self, inputs):
        # Get input tensors
	# - First one is the output of the SkipRNN layer which we will operate on
	# - The second is the oiriginal model input tensor which we will use to get
	#   the original batchsize
        x, original_model_input = inputs

        # Get the batchsize which is K.shape(original_model_input)[0]
        batchsize = K.shape(original_model_input)[0]

        # Get the shape of the input data
        input_shape = K.int_shape(x)

        # Split the batch size into the original batch size before PreTrans and 'Skip'
        output = K.reshape(x, [batchsize, self.skip, input_shape[1]])
        
        # Merge the 'skip' with axis=1
        output = K.reshape(output, [batchsize, self.skip * input_shape[1]])
        

        return output
    
    def compute_output_shape(self, input_shape):
        # Adjust shape[1] to be equal to shape[1] * skip in order for the 
        # shape to reflect the transformation that was done
        shape = list(input_shape)
        shape[1] = self.skip * shape[1]
        
        return tf.TransformShape(shape)


    def get_config(self):
        config = {'skip': self.skip}
        base_config = super(PostSkipTrans, self).get_config()
        
        return dict(list(base_config.items()) + list(config.items()))


    @classmethod
    def from_config(cls, config):
        return cls(**config)


#######################################################################################################################
#                                      End Skip RNN specific layers subsclass                                         #
#######################################################################################################################


#######################################################################################################################
#                                      Start AR specific layers subsclass                                             #
#                                                                                                                     #
# The AR layer is implemented as follows:                                                                             #
# - Pre Transformation layer that takes a 'highway' size of data and apply a reshape and axis transformation          #
# - Flatten the output and pass it through a Dense layer with one output                                              #
# - Post Transformation layer that bring back dimensions to its original shape                                        #                                                     #
#######################################################################################################################

class PreARTrans(tf.keras.layers.Layer):
    def __init__(self, hw, **kwargs):
        #
        # hw: Highway = Number of timeseries values to consider for the linear layer (AR layer)
        #
        self.hw = hw
        super(PreARTrans, self).__init__(**kwargs)
    
    def build(self, input_shape):
        super(PreARTrans, self).build(input_shape)
    
    def call(self, inputs):
        # Get input tensors; in this case it's just one tensor: X = the input to the model
        x = inputs

        # Get the batchsize which is K.shape(x)[0]
        batchsize = K.shape(x)[0]

        # Get the shape of the input data
        input_shape = K.int_shape(x)
        
        # Select only 'highway' length of input to create output
        output = x[:,-self.hw:,:]
        
        # Permute axis 1 and 2. axis=2 is the the dimension having different time-series
        # This dimension should be equal to 'm' which is the number of time-series.
        output = K.permute_dimensions(output, (0,2,1))
        
        # Merge axis 0 and 1 in order to change the batch size
        output = K.reshape(output, [batchsize * input_shape[2], self.hw])
        
        
        return output
    
    def compute_output_shape(self, input_shape):
        # Set the shape of axis=1 to be hw since the batchsize is NULL
        shape = list(input_shape)
        shape[1] = self.hw
        
        return tuple(shape)

    def get_config(self):
        config = {'hw': self.hw}
        base_config = super(PreARTrans, self).get_config()
        
        return dict(list(base_config.items()) + list(config.items()))

    @classmethod
    def from_config(cls, config):
        return cls(**config)

    
class PostARTrans(tf.keras.layers.Layer):
    def __init__(self, m, **kwargs):
        #
        # m: Number of timeseries
        #
        self.m = m
        super(PostARTrans, self).__init__(**kwargs)
    
    def build(self, input_shape):
        super(PostARTrans, self).build(input_shape)
    
    def call(self, inputs):
        # Get input tensors
	# - First one is the output of the Dense(1) layer which we will operate on
	# - The second is the oiriginal model input tensor which we will use to get
	#   the original batchsize
        x, original_model_input = inputs

        # Get the batchsize which is K.shape(original_model_input)[0]
        batchsize = K.shape(original_model_input)[0]

        # Get the shape of the input data
        input_shape = K.int_shape(x)
        
        # Reshape the output to have the batch size equal to the original batchsize before PreARTrans
        # and the second dimension as the number of timeseries
        output = K.reshape(x, [batchsize, self.m])
        
        
        return output
    
    def compute_output_shape(self, input_shape):
        # Adjust shape[1] to be equal 'm'
        shape = list(input_shape)
        shape[1] = self.m
        
        return tuple(shape)

    def get_config(self):
        config = {'m': self.m}
        base_config = super(PostARTrans, self).get_config()
        
        return dict(list(base_config.items()) + list(config.items()))

    @classmethod
    def from_config(cls, config):
        return cls(**config)

#######################################################################################################################
#                                      End AR specific layers subsclass                                               #
#######################################################################################################################

#######################################################################################################################
#                                                 Model Start                                                         #
#                                                                                                                     #
# The model, as per the paper has the following layers:                                                               #
# - CNN                                                                                                               #
# - GRU                                                                                                               #
# - SkipGRU                                                                                                           #
# - AR                                                                                                                #
#######################################################################################################################

def LSTNetModel(init, input_shape):
    
    # m is the number of time-series
    m = input_shape[2]

    # Get tensor shape except batchsize
    tensor_shape = input_shape[1:]
    
    if K.image_data_format() == 'channels_last':
        ch_axis = 3
    else:
        ch_axis = 1
    
    X = Input(shape = tensor_shape)

    # CNN
    if init.CNNFilters > 0 and init.CNNKernel > 0:
        # Add an extra dimension of size 1 which is the channel dimension in Conv2D
        C = Reshape((input_shape[1], input_shape[2], 1))(X)

	# Apply a Conv2D that will transform it into data of dimensions (batchsize, time, 1, NumofFilters)
        C = Conv2D(filters=init.CNNFilters, kernel_size=(init.CNNKernel, m), kernel_initializer=init.initialiser)(C)
        C = Dropout(init.dropout)(C)

        # Adjust data dimensions by removing axis=2 which is always equal to 1
        c_shape = K.int_shape(C)
        C = Reshape((c_shape[1], c_shape[3]))(C)
    else:
	# If configured not to apply CNN, copy the input
        C = X
    
    # GRU
    # Apply a GRU layer (with activation set to 'relu' as per the paper) and take the returned states as result
    _, R = GRU(init.GRUUnits, activation="relu", return_sequences = False, return_state = True)(C)
    R    = Dropout(init.dropout)(R)
    
    # SkipGRU
    if init.skip > 0:
	# Calculate the number of values to use which is equal to the window divided by how many time values to skip
        pt   = int(init.window / init.skip)

        S    = PreSkipTrans(pt, int((init.window - init.CNNKernel + 1) / pt))(C)
        _, S = GRU(init.SkipGRUUnits, activation="relu", return_sequences = False, return_state = True)(S)
        S    = PostSkipTrans(int((init.window - init.CNNKernel + 1) / pt))([S,X])

	# Concatenate the outputs of GRU and SkipGRU
        R    = Concatenate(axis=1)([R,S])
    
    # Dense layer
    Y = Flatten()(R)
    Y = Dense(m)(Y)
    
    # AR
    if init.highway > 0:
        Z = PreARTrans(init.highway)(X)
        Z = Flatten()(Z)
        Z = Dense(1)(Z)
        Z = PostARTrans(m)([Z,X])

	# Generate output as the summation of the Dense layer output and the AR one
        Y = Add()([Y,Z])
    
    # Generate Model
    model = Model(inputs = X, outputs = Y)
    
    return model

#######################################################################################################################
#                                                 Model End                                                           #
#######################################################################################################################

#######################################################################################################################
#                                                 Model Utilities                                                     #
#                                                                                                                     #
# Below is a collection of functions:                                                                                 #
# - rse:         A metrics function that calculates the root square error                                             #
# - corr:        A metrics function that calculates the correlation                                                   #
#######################################################################################################################
def rse(y_true, y_pred):
    #
    # The formula is:
    #           K.sqrt(K.sum(K.square(y_true - y_pred)))     
    #    RSE = -----------------------------------------------
    #           K.sqrt(K.sum(K.square(y_true_mean - y_true)))       
    #
    #           K.sqrt(K.sum(K.square(y_true - y_pred))/(N-1))
    #        = ----------------------------------------------------
    #           K.sqrt(K.sum(K.square(y_true_mean - y_true)/(N-1)))
    #
    #
    #           K.sqrt(K.mean(K.square(y_true - y_pred)))
    #        = ------------------------------------------
    #           K.std(y_true)
    #
    num = K.sqrt(K.mean(K.square(y_true - y_pred), axis=None))
    den = K.std(y_true, axis=None)
    
    return num / den


def corr(y_true, y_pred):
    #
    # This function calculates the correlation between the true and the predicted outputs
    #
    num1 = y_true - K.mean(y_true, axis=0)
    num2 = y_pred - K.mean(y_pred, axis=0)
    
    num  = K.mean(num1 * num2, axis=0)
    den  = K.std(y_true, axis=0) * K.std(y_pred, axis=0)
    
    return K.mean(num / den)

#
# A function that compiles 'model' after setting the appropriate:
# - optimiser function passed via init 
# - learning rate passed via init
# - loss function also set in init
# - metrics
#
def ModelCompile(model, init):
    # Select the appropriate optimiser and set the learning rate from input values (arguments)
    if init.optimiser == "SGD":
        opt = SGD(lr=init.lr, momentum=0.0, decay=0.0, nesterov=False)
    elif init.optimiser == "RMSprop":
        opt = RMSprop(lr=init.lr, rho=0.9, epsilon=None, decay=0.0)
    else: # Adam
    	opt  = Adam(lr=init.lr, beta_1=0.9, beta_2=0.999, epsilon=None, decay=0.0, amsgrad=False)

    # Compile using the previously defined metrics
    model.compile(optimizer = opt, loss = init.loss, metrics=[rse, corr])

    # Launch Tensorboard if selected in arguments
    if init.tensorboard != None:
        tensorboard = TensorBoard(log_dir=init.tensorboard)
    else:
        tensorboard = None

    return tensorboard


from datetime import datetime


import tensorflow as tf


custom_objects = {
        'PreSkipTrans': PreSkipTrans,
        'PostSkipTrans': PostSkipTrans,
        'PreARTrans': PreARTrans,
        'PostARTrans': PostARTrans
        }

def train(model, data, init, tensorboard = None):
    if init.validate == True:
        val_data = (data.valid[0], data.valid[1])
    else:
        val_data = None

    start_time = datetime.now()
    history = model.fit(
                x = data.train[0],
                y = data.train[1],
                epochs = init.epochs,
                batch_size = init.batchsize,
                validation_data = val_data,
                callbacks = [tensorboard] if tensorboard else None
            )
    end_time = datetime.now()
    log.info("Training time took: %s", str(end_time - start_time))

    return history


# A made-up multivariate series in the repository's data format (one row per time slot, one
# comma-separated column per series) in place of data/exchange_rate.txt
import os
import tempfile
import numpy as np
workdir = tempfile.mkdtemp()
rng = np.random.RandomState(7)
t = np.arange(100)[:, None]
series = 2.0 + np.sin(2 * np.pi * t / np.array([8.0, 12.0, 24.0])) + 0.1 * rng.randn(100, 3)
np.savetxt(os.path.join(workdir, "exchange_rate.txt"), series, delimiter=",")
sizes = ["--window=16", "--horizon=2", "--CNNFilters=4", "--CNNKernel=3", "--GRUUnits=6",
         "--SkipGRUUnits=3", "--skip=4", "--highway=4", "--dropout=0", "--epochs=4", "--no-log"]
data = "--data=" + os.path.join(workdir, "exchange_rate.txt")
save = os.path.join(workdir, "save", "exchange_rate")
COMMAND_LINES = [
    # exchange_rate.sh: train, save, test
    [data, "--save=" + save, "--test", "--savehistory", "--predict=all"] + sizes,
    # README's "Predict": load the saved model and weights, predict all
    [data, "--no-train", "--load=" + save, "--predict=all"] + sizes,
    # the other optimisers ModelCompile offers
    [data, "--optimizer=RMSprop", "--lr=0.01", "--test"] + sizes,
    [data, "--optimizer=SGD", "--lr=0.1", "--no-validation", "--loss=mean_squared_error"] + sizes,
]

if __name__ == '__main__':
    for command_line in COMMAND_LINES:
        try:
            args = GetArguments(command_line)
        except SystemExit as err:
            print("Error reading arguments")
            exit(0)

        test_result = None

        # Initialise parameters
        lstnet_init = LSTNetInit(args)
    
        # Initialise logging
        log = LogInit(logger_name, lstnet_init.logfilename, lstnet_init.debuglevel, lstnet_init.log)
        log.info("Python version: %s", sys.version)
        log.info("Tensorflow version: %s", tf.__version__)

        # Dumping configuration
        lstnet_init.dump()

        # Reading data
        Data = DataUtil(lstnet_init.data,
                        lstnet_init.trainpercent,
                        lstnet_init.validpercent,
                        lstnet_init.horizon,
                        lstnet_init.window,
                        lstnet_init.normalise)
    
        # If file does not exist, then Data will not have attribute 'data'
        if hasattr(Data, 'data') is False:
            log.critical("Could not load data!! Exiting")
            exit(1)

        log.info("Training shape: X:%s Y:%s", str(Data.train[0].shape), str(Data.train[1].shape))
        log.info("Validation shape: X:%s Y:%s", str(Data.valid[0].shape), str(Data.valid[1].shape))
        log.info("Testing shape: X:%s Y:%s", str(Data.test[0].shape), str(Data.test[1].shape))

        if lstnet_init.plot == True and lstnet_init.autocorrelation is not None:
            AutoCorrelationPlot(Data, lstnet_init)

        # If --load is set, load model from file, otherwise create model
        if lstnet_init.load is not None:
            log.info("Load model from %s", lstnet_init.load)
            lstnet = LoadModel(lstnet_init.load, custom_objects)
        else:
            log.info("Creating model")
            lstnet = LSTNetModel(lstnet_init, Data.train[0].shape)

        if lstnet is None:
            log.critical("Model could not be loaded or created ... exiting!!")
            exit(1)

        # Compile model
        lstnet_tensorboard = ModelCompile(lstnet, lstnet_init)
        if lstnet_tensorboard is not None:
            log.info("Model compiled ... Open tensorboard in order to visualise it!")
        else:
            log.info("Model compiled ... No tensorboard visualisation is available")

        # Model Training
        if lstnet_init.train is True:
            # Train the model
            log.info("Training model ... ")
            h = train(lstnet, Data, lstnet_init, lstnet_tensorboard)

            # Plot training metrics
            if lstnet_init.plot is True:
                PlotHistory(h.history, ['loss', 'rse', 'corr'], lstnet_init)

            # Saving model if lstnet_init.save is not None.
            # There's no reason to save a model if lstnet_init.train == False
            SaveModel(lstnet, lstnet_init.save)
            if lstnet_init.saveresults == True:
                SaveResults(lstnet, lstnet_init, h.history, test_result, ['loss', 'rse', 'corr'])
            if lstnet_init.savehistory == True:
                SaveHistory(lstnet_init.save, h.history)

        # Validation
        if lstnet_init.train is False and lstnet_init.validate is True:
            loss, rse_result, corr_result = lstnet.evaluate(Data.valid[0], Data.valid[1])
            log.info("Validation on the validation set returned: Loss:%f, RSE:%f, Correlation:%f", loss, rse_result, corr_result)
        elif lstnet_init.validate == True:
            log.info("Validation on the validation set returned: Loss:%f, RSE:%f, Correlation:%f",
                     h.history['val_loss'][-1], h.history['val_rse'][-1], h.history['val_corr'][-1])

        # Testing evaluation
        if lstnet_init.evaltest is True:
            loss, rse_result, corr_result = lstnet.evaluate(Data.test[0], Data.test[1])
            log.info("Validation on the test set returned: Loss:%f, RSE:%f, Correlation:%f", loss, rse_result, corr_result)
            test_result = {'loss': loss, 'rse': rse_result, 'corr': corr_result}

        # Prediction
        if lstnet_init.predict is not None:
            if lstnet_init.predict == 'trainingdata' or lstnet_init.predict == 'all':
                log.info("Predict training data")
                trainPredict = lstnet.predict(Data.train[0])
            else:
                trainPredict = None
            if lstnet_init.predict == 'validationdata' or lstnet_init.predict == 'all':
                log.info("Predict validation data")
                validPredict = lstnet.predict(Data.valid[0])
            else:
                validPredict = None
            if lstnet_init.predict == 'testingdata' or lstnet_init.predict == 'all':
                log.info("Predict testing data")
                testPredict = lstnet.predict(Data.test[0])
            else:
                testPredict = None

            if lstnet_init.plot is True:
                PlotPrediction(Data, lstnet_init, trainPredict, validPredict, testPredict)
