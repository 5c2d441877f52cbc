"""The PP-OCR models with their element-wise steps folded compute what the shipped models compute."""
from __future__ import annotations

from collections import Counter

import numpy as np
import onnxruntime
import pytest
from rapidocr_onnxruntime.main import DEFAULT_CFG_PATH
from rapidocr_onnxruntime.utils import read_yaml
from rapidocr_onnxruntime.utils.parse_parameters import update_model_path

from app.pixels.fused import _messages, fused_model

from .conftest import MRN, render


def _session(model: str | bytes) -> onnxruntime.InferenceSession:
    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = 1
    options.log_severity_level = 3
    return onnxruntime.InferenceSession(model, options, providers=["CPUExecutionProvider"])


def _operators(model: bytes) -> Counter[str]:
    parsed = _messages()["ModelProto"]()
    parsed.ParseFromString(model)
    return Counter(node.op_type for node in parsed.graph.node)


def _scaled_outputs(model: bytes) -> Counter[str]:
    """Per operator type, how many of its outputs are multiplied by a one-element constant."""
    graph = _messages()["ModelProto"]()
    graph.ParseFromString(model)
    scalars = {node.output[0] for node in graph.graph.node if node.op_type == "Constant"
               and np.prod([d for a in node.attribute for d in a.t.dims]) == 1}
    producer = {node.output[0]: node.op_type for node in graph.graph.node}
    return Counter(producer.get(name) for node in graph.graph.node if node.op_type == "Mul"
                   and any(i in scalars for i in node.input) for name in node.input if name not in scalars)


def _excitation_sums(model: bytes) -> int:
    """How many Adds sum a map and that map times something (x + x * gate)."""
    graph = _messages()["ModelProto"]()
    graph.ParseFromString(model)
    products = {node.output[0]: set(node.input) for node in graph.graph.node if node.op_type == "Mul"}
    return sum(1 for node in graph.graph.node if node.op_type == "Add" and len(node.input) == 2
               and any(b in products and a in products[b] for a, b in (node.input, node.input[::-1])))


@pytest.mark.parametrize("model, size", [("Rec", (48, 320)), ("Det", (512, 640))])
def test_fused_model_computes_the_shipped_models_output(model, size):
    path = str(update_model_path(read_yaml(DEFAULT_CFG_PATH))[model]["model_path"])
    with open(path, "rb") as handle:
        shipped_bytes = handle.read()
    fused_bytes = fused_model(path)
    # Every hard-swish (add, clip, multiply, divide) is a HardSigmoid, and most scales and shifts are folded.
    before, after = _operators(shipped_bytes), _operators(fused_bytes)
    assert before["Clip"] > 20 and after["Clip"] == 0
    assert after["HardSigmoid"] - before["HardSigmoid"] == before["Div"] - after["Div"] == before["Clip"]
    assert after["Add"] < before["Add"] / 2
    # The detector's upsampling head is pointwise convolutions and shuffles, not transposed convolutions.
    assert after["ConvTranspose"] == 0 and after["DepthToSpace"] == before["ConvTranspose"]
    # Each feature-pyramid level times (its excitation plus one), not plus its product with it.
    assert _excitation_sums(fused_bytes) == 0 and _excitation_sums(shipped_bytes) >= (4 if model == "Det" else 0)
    # No scale is left on a convolution's or a hard-swish's output: each would leave ONNX Runtime's blocked layout.
    scaled = _scaled_outputs(fused_bytes)
    assert _scaled_outputs(shipped_bytes)["Conv"] > 20 and scaled["Conv"] == scaled["Mul"] == scaled["Div"] == 0

    text = render(size, [(f"MRN {MRN}", (6, 10)), ("24-MAY-02", (size[1] // 2, size[0] // 2))], size=22)
    x = np.repeat((text.astype(np.float32) / 127.5 - 1.0)[None, None], 3, axis=1)  # rapidocr's scaling
    expected, got = (_session(m).run(None, {"x": x})[0] for m in (shipped_bytes, fused_bytes))
    assert np.allclose(got, expected, atol=1e-4)
    if model == "Rec":  # the same character wins at every step of the line
        assert (got.argmax(axis=-1) == expected.argmax(axis=-1)).all()
    else:  # the same pixels are text at the detector's threshold
        assert ((got > 0.3) == (expected > 0.3)).all()
