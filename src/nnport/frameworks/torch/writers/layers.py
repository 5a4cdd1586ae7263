"""PyTorch as a target: which layer class writes each pivot op (its table entry gets the emitter).

A value is the API (it writes its own signature, torch/writing.py), a list of APIs (one per
`fixed` variant: nn.Conv1d/2d/3d, chosen by the call's `ndim`), or (API, hook or Positional).
"""
from nnport.frameworks.torch.writers.hooks import helper_class, zero_pad
from nnport.frameworks.torch.writing import Positional

_P = Positional("p")   # nn.Dropout(0.1)

_N = (1, 2, 3)


def nd(pattern: str) -> list[str]:
    return [f"torch.nn.{pattern.format(n)}" for n in _N]


LAYERS = {
    "linear": ["torch.nn.Linear", "torch.nn.LazyLinear"], "bilinear": "torch.nn.Bilinear", "identity": "torch.nn.Identity",
    "flatten": "torch.nn.Flatten", "unflatten": "torch.nn.Unflatten",
    "conv": [*nd("Conv{}d"), *nd("LazyConv{}d")], "conv_transpose": nd("ConvTranspose{}d"),
    "max_pool": nd("MaxPool{}d"), "avg_pool": nd("AvgPool{}d"), "lp_pool": nd("LPPool{}d"),
    "adaptive_avg_pool": nd("AdaptiveAvgPool{}d"), "adaptive_max_pool": nd("AdaptiveMaxPool{}d"),
    "upsample": "torch.nn.Upsample",
    # constant padding by ZeroPadNd unless a value is given; the other modes by their own class
    "pad": [*[(api, zero_pad) for api in nd("ZeroPad{}d")], *nd("ReflectionPad{}d"),
            *nd("ReplicationPad{}d"), *nd("CircularPad{}d")],
    "pixel_shuffle": "torch.nn.PixelShuffle", "pixel_unshuffle": "torch.nn.PixelUnshuffle",
    "channel_shuffle": "torch.nn.ChannelShuffle", "im2col": "torch.nn.Unfold", "col2im": "torch.nn.Fold",
    # normalization and dropout
    "batch_norm": [(api, helper_class) for api in [*nd("BatchNorm{}d"), *nd("LazyBatchNorm{}d")]], "instance_norm": nd("InstanceNorm{}d"),
    "layer_norm": "torch.nn.LayerNorm", "group_norm": ("torch.nn.GroupNorm", helper_class), "rms_norm": "torch.nn.RMSNorm",
    "local_response_norm": "torch.nn.LocalResponseNorm",
    "dropout": ("torch.nn.Dropout", _P), "dropout_channel": [(api, _P) for api in nd("Dropout{}d")],
    "alpha_dropout": ("torch.nn.AlphaDropout", _P), "feature_alpha_dropout": ("torch.nn.FeatureAlphaDropout", _P),
    # activations (nn.Softmax2d reads as nn.Softmax(dim=-3))
    "leaky_relu": ("torch.nn.LeakyReLU", Positional("negative_slope")),
    **{op: f"torch.nn.{name}" for op, name in (
        ("relu", "ReLU"), ("relu6", "ReLU6"), ("silu", "SiLU"), ("mish", "Mish"), ("selu", "SELU"),
        ("hardswish", "Hardswish"), ("hardsigmoid", "Hardsigmoid"), ("sigmoid", "Sigmoid"), ("tanh", "Tanh"),
        ("log_sigmoid", "LogSigmoid"), ("softsign", "Softsign"), ("tanhshrink", "Tanhshrink"),
        ("elu", "ELU"), ("celu", "CELU"), ("gelu", "GELU"),
        ("softplus", "Softplus"), ("hardtanh", "Hardtanh"), ("threshold", "Threshold"),
        ("hardshrink", "Hardshrink"), ("softshrink", "Softshrink"), ("glu", "GLU"), ("softmax", "Softmax"),
        ("log_softmax", "LogSoftmax"), ("softmin", "Softmin"), ("prelu", "PReLU"))},
    # recurrent, attention, transformers, embeddings
    "lstm": "torch.nn.LSTM", "gru": "torch.nn.GRU", "rnn": "torch.nn.RNN", "lstm_cell": "torch.nn.LSTMCell",
    "gru_cell": "torch.nn.GRUCell", "rnn_cell": "torch.nn.RNNCell",
    "multihead_attention": "torch.nn.MultiheadAttention", "transformer": "torch.nn.Transformer",
    "transformer_encoder_layer": "torch.nn.TransformerEncoderLayer",
    "transformer_decoder_layer": "torch.nn.TransformerDecoderLayer",
    "transformer_encoder": "torch.nn.TransformerEncoder", "transformer_decoder": "torch.nn.TransformerDecoder",
    "embedding": "torch.nn.Embedding", "embedding_bag": "torch.nn.EmbeddingBag",
    "embedding_pretrained": "torch.nn.Embedding.from_pretrained",
    "embedding_bag_pretrained": "torch.nn.EmbeddingBag.from_pretrained",
    # losses
    **{op: f"torch.nn.{name}" for op, name in (
        ("cross_entropy", "CrossEntropyLoss"), ("nll_loss", "NLLLoss"), ("mse_loss", "MSELoss"),
        ("l1_loss", "L1Loss"), ("smooth_l1_loss", "SmoothL1Loss"), ("huber_loss", "HuberLoss"),
        ("binary_cross_entropy", "BCELoss"), ("binary_cross_entropy_with_logits", "BCEWithLogitsLoss"),
        ("kl_div", "KLDivLoss"), ("cosine_embedding_loss", "CosineEmbeddingLoss"),
        ("triplet_margin_loss", "TripletMarginLoss"), ("margin_ranking_loss", "MarginRankingLoss"),
        ("hinge_embedding_loss", "HingeEmbeddingLoss"), ("soft_margin_loss", "SoftMarginLoss"),
        ("multilabel_soft_margin_loss", "MultiLabelSoftMarginLoss"), ("poisson_nll_loss", "PoissonNLLLoss"),
        ("gaussian_nll_loss", "GaussianNLLLoss"), ("ctc_loss", "CTCLoss"))},
}
