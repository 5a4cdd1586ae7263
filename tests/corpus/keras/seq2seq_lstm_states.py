"""Character-level sequence-to-sequence (keras.io lstm_seq2seq): the encoder LSTM's final states
(return_state=True) start the decoder LSTM (initial_state=...); teacher forcing on one-hot inputs."""
import numpy as np
from tensorflow import keras

NUM_ENCODER_TOKENS = 20
NUM_DECODER_TOKENS = 24


def Model(num_encoder_tokens=NUM_ENCODER_TOKENS, num_decoder_tokens=NUM_DECODER_TOKENS, latent_dim=32):
    # Define an input sequence and process it.
    encoder_inputs = keras.Input(shape=(None, num_encoder_tokens))
    encoder = keras.layers.LSTM(latent_dim, return_state=True)
    encoder_outputs, state_h, state_c = encoder(encoder_inputs)

    # We discard `encoder_outputs` and only keep the states.
    encoder_states = [state_h, state_c]

    # Set up the decoder, using `encoder_states` as initial state.
    decoder_inputs = keras.Input(shape=(None, num_decoder_tokens))

    # We set up our decoder to return full output sequences,
    # and to return internal states as well. We don't use the
    # return states in the training model, but we will use them in inference.
    decoder_lstm = keras.layers.LSTM(latent_dim, return_sequences=True, return_state=True)
    decoder_outputs, _, _ = decoder_lstm(decoder_inputs, initial_state=encoder_states)
    decoder_dense = keras.layers.Dense(num_decoder_tokens, activation="softmax")
    decoder_outputs = decoder_dense(decoder_outputs)

    # Define the model that will turn
    # `encoder_input_data` & `decoder_input_data` into `decoder_target_data`
    return keras.Model([encoder_inputs, decoder_inputs], decoder_outputs)


def _one_hot(ids, depth):
    return np.eye(depth, dtype="float32")[ids]


def get_init_inputs():
    return [NUM_ENCODER_TOKENS, NUM_DECODER_TOKENS, 32]


def get_inputs():
    rng = np.random.default_rng(23)
    enc = _one_hot(rng.integers(0, NUM_ENCODER_TOKENS, size=(2, 9)), NUM_ENCODER_TOKENS)
    dec = _one_hot(rng.integers(0, NUM_DECODER_TOKENS, size=(2, 7)), NUM_DECODER_TOKENS)
    return [[enc, dec]]
