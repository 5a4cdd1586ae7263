"""torch.nn.Transformer and sequence helpers in Keras (copied into translated code by name)."""
import math

from keras import layers, ops


class Transformer(layers.Layer):
    """torch.nn.Transformer: `out = model(src, tgt, ...)`, an encoder and a decoder stack, each
    ending in a LayerNorm; same submodule names (encoder.layers.0.self_attn, decoder.norm, ...)."""

    def __init__(self, d_model=512, nhead=8, num_encoder_layers=6, num_decoder_layers=6,
                 dim_feedforward=2048, dropout=0.1, activation="relu", custom_encoder=None,
                 custom_decoder=None, layer_norm_eps=1e-05, batch_first=False, norm_first=False, bias=True,
                 **kwargs):
        super().__init__(**kwargs)
        options = dict(dim_feedforward=dim_feedforward, dropout=dropout, activation=activation,
                       layer_norm_eps=layer_norm_eps, batch_first=batch_first, norm_first=norm_first,
                       bias=bias)

        def norm():
            return layers.LayerNormalization(epsilon=layer_norm_eps, center=bias)

        self.encoder = custom_encoder if custom_encoder is not None else TransformerEncoder(
            TransformerEncoderLayer(d_model, nhead, **options), num_encoder_layers, norm())
        self.decoder = custom_decoder if custom_decoder is not None else TransformerDecoder(
            TransformerDecoderLayer(d_model, nhead, **options), num_decoder_layers, norm())
        self.d_model = d_model
        self.nhead = nhead
        self.batch_first = batch_first

    def call(self, src, tgt, src_mask=None, tgt_mask=None, memory_mask=None, src_key_padding_mask=None,
             tgt_key_padding_mask=None, memory_key_padding_mask=None, src_is_causal=None,
             tgt_is_causal=None, memory_is_causal=False, training=None):
        memory = self.encoder(src, mask=src_mask, src_key_padding_mask=src_key_padding_mask,
                              is_causal=src_is_causal)
        return self.decoder(tgt, memory, tgt_mask=tgt_mask, memory_mask=memory_mask,
                            tgt_key_padding_mask=tgt_key_padding_mask,
                            memory_key_padding_mask=memory_key_padding_mask, tgt_is_causal=tgt_is_causal,
                            memory_is_causal=memory_is_causal)

    @staticmethod
    def generate_square_subsequent_mask(sz):
        """-inf above the diagonal, 0 elsewhere (an additive causal mask)."""
        return ops.triu(ops.full((sz, sz), -math.inf), k=1)


def pad_sequence(sequences, batch_first=False, padding_value=0.0, padding_side="right"):
    """torch.nn.utils.rnn.pad_sequence: stack tensors (L_i, *) padded to the longest, as (L, B, *)
    ((B, L, *) if batch_first); padding on the right, or the left with padding_side='left'."""
    longest = max(s.shape[0] for s in sequences)

    def pad(s):
        extra = (0, longest - s.shape[0]) if padding_side == "right" else (longest - s.shape[0], 0)
        return ops.pad(s, [extra] + [(0, 0)] * (len(s.shape) - 1), constant_values=padding_value)

    out = ops.stack([pad(s) for s in sequences])
    return out if batch_first else ops.swapaxes(out, 0, 1)
