"""Corpus models that do not convert to an equivalent model of a target yet, with the reason (data, not ifs).

Each one stops at a `# nnport:` diagnostic — a construct reported, never silently mistranslated.
"""
KNOWN_FAILURES: dict[str, str] = {
}

# PyTorch -> Keras: the Keras target is young; each entry goes when the model passes (strict xfail)
KERAS_KNOWN_FAILURES: dict[str, str] = {
    "dcgan_generator": "torch.nn.init.* has no Keras translation here yet (keras-funcs: functions/init.py)",
    "gcn": "not equal yet (run tests/corpus/runner.py --to keras gcn)",
    "gpt_sdpa": "not equal yet (run tests/corpus/runner.py --to keras gpt_sdpa)",
    "lstm_states": "not equal yet (run tests/corpus/runner.py --to keras lstm_states)",
    "multihead_attention": "not equal yet (run tests/corpus/runner.py --to keras multihead_attention)",
    "pixelshuffle_sr": "torch.nn.init.* has no Keras translation here yet (keras-funcs: functions/init.py)",
    "shufflenet_unit": "not equal yet (run tests/corpus/runner.py --to keras shufflenet_unit)",
    "swin_window_attention": "not equal yet (run tests/corpus/runner.py --to keras swin_window_attention)",
    "tcn": "not equal yet (run tests/corpus/runner.py --to keras tcn)",
    "tensor_ops": "not equal yet (run tests/corpus/runner.py --to keras tensor_ops)",
    "transformer_seq2seq": "not equal yet (run tests/corpus/runner.py --to keras transformer_seq2seq)",
    "vit_manual": "not equal yet (run tests/corpus/runner.py --to keras vit_manual)",
    "weight_init": "not equal yet (run tests/corpus/runner.py --to keras weight_init)",
}
