"""Corpus models that do not convert to an equivalent model of a target yet, with the reason (data, not ifs).

Each one stops at a `# nnport:` diagnostic — a construct reported, never silently mistranslated.
"""
KNOWN_FAILURES: dict[str, str] = {
}

# PyTorch -> Keras: the Keras target is young; each entry goes when the model passes (strict xfail)
KERAS_KNOWN_FAILURES: dict[str, str] = {
    "bert_encoder": "not equal yet (run tests/corpus/runner.py --to keras bert_encoder)",
    "conv3d_net": "not equal yet (run tests/corpus/runner.py --to keras conv3d_net)",
    "conv_vae": "not equal yet (run tests/corpus/runner.py --to keras conv_vae)",
    "crnn": "not equal yet (run tests/corpus/runner.py --to keras crnn)",
    "dcgan_discriminator": "not equal yet (run tests/corpus/runner.py --to keras dcgan_discriminator)",
    "dcgan_generator": "not equal yet (run tests/corpus/runner.py --to keras dcgan_generator)",
    "efficientnet_mbconv": "not equal yet (run tests/corpus/runner.py --to keras efficientnet_mbconv)",
    "embedding_bag": "not equal yet (run tests/corpus/runner.py --to keras embedding_bag)",
    "embedding_pooling": "not equal yet (run tests/corpus/runner.py --to keras embedding_pooling)",
    "gan_pair": "not equal yet (run tests/corpus/runner.py --to keras gan_pair)",
    "inception_module": "not equal yet (run tests/corpus/runner.py --to keras inception_module)",
    "mobilenetv2_block": "not equal yet (run tests/corpus/runner.py --to keras mobilenetv2_block)",
    "multitask_moduledict": "not equal yet (run tests/corpus/runner.py --to keras multitask_moduledict)",
    "norm_layers": "not equal yet (run tests/corpus/runner.py --to keras norm_layers)",
    "padding_layers": "not equal yet (run tests/corpus/runner.py --to keras padding_layers)",
    "pixelshuffle_sr": "not equal yet (run tests/corpus/runner.py --to keras pixelshuffle_sr)",
    "pointnet": "Keras's TF ops.add takes Conv1D's (1, C, 1) bias for NHWC when the length equals C (bias on "
                "the wrong axis; keras-layers' ChannelsFirstConvND fixes it)",
    "pooling_variants": "not equal yet (run tests/corpus/runner.py --to keras pooling_variants)",
    "residual_mlp_modulelist": "not equal yet (run tests/corpus/runner.py --to keras residual_mlp_modulelist)",
    "resnet_basic": "not equal yet (run tests/corpus/runner.py --to keras resnet_basic)",
    "resnet_bottleneck": "not equal yet (run tests/corpus/runner.py --to keras resnet_bottleneck)",
    "shufflenet_unit": "an empty nn.Sequential() becomes keras.Sequential(), never built (keras-layers: layers.Identity())",
    "siamese_net": "not equal yet (run tests/corpus/runner.py --to keras siamese_net)",
    "tcn": "Conv1d padding=padding (known at run time): only literal values are translated (keras-layers fixes "
           "it); its inits translate",
    "text_cnn": "F.max_pool1d(conv, conv.shape[2]): only literal kernel sizes (keras-layers fixes it); PaddedEmbeddingInit "
                "draws from the global seed generator inside a call",
    "transformer_seq2seq": "PaddedEmbeddingInit draws from the global seed generator inside a call (NoneType has "
                           "no attribute 'assign'); its dtypes are fixed (keras-layers fixes the helper)",
    "unet_small": "not equal yet (run tests/corpus/runner.py --to keras unet_small)",
    "upsample_decoder": "not equal yet (run tests/corpus/runner.py --to keras upsample_decoder)",
    "vae": "not equal yet (run tests/corpus/runner.py --to keras vae)",
    "weight_init": "the BatchNorm helper mixes float64 into training (InvalidArgumentError: Mul float vs "
                   "double); its inits translate (keras-layers fixes the helper)",
}
