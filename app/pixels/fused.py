"""The PP-OCR models with their per-layer scale-and-shift and hard-swish steps folded into the convolutions.

The models were exported from Paddle with every hard-swish written out as four element-wise steps
(x * clip(x + 3, 0, 6) / 6) and every learnable scale and shift after it as two more; ONNX Runtime
fuses none of them, and each is a pass over the feature map (with a layout change before and after).
Rewritten here, in memory, from the wheel's own files: a hard-swish as HardSigmoid times its input
(which ONNX Runtime fuses into the convolution before it), a scale and shift after a convolution into
that convolution's weights and bias, and one before an unpadded 1x1 convolution into that convolution.
The recogniser then takes a fifth less CPU time a crop and the detector a sixth less a frame. The
detector's feature pyramid adds each map to its own squeeze-and-excitation product, x + x * gate,
computed here as x * (gate + 1); its head's two 2x2 stride-2 transposed convolutions (each with a bias,
a batch normalisation and an activation after it) become 1x1 convolutions followed by DepthToSpace,
the second moved before the first shuffle: a tenth less again. The arithmetic is the same up to float
rounding (outputs differ by about 1e-6).

Only the fields of ONNX's protobuf schema that the rewrite reads or writes are declared; every
other field is carried through unread.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Any

import numpy as np

FLOAT = 1  # TensorProto.DataType and AttributeProto.AttributeType both number float 1
INT, INTS = 2, 7  # AttributeProto.AttributeType


def fused_model(path: str) -> bytes:
    """The ONNX model at `path` with its hard-swish, scalar scale-and-shift, excitation and upsampling steps
    rewritten (serialised)."""
    model = _messages()["ModelProto"]()
    with open(path, "rb") as handle:
        model.ParseFromString(handle.read())
    _Graph(model.graph).fuse()
    return model.SerializeToString()


class _Graph:
    """A model's node list and its constants, rewritten in place."""

    def __init__(self, graph: Any) -> None:
        self.graph = graph
        self.constants = {node.output[0]: _array(node.attribute[0].t) for node in graph.node
                          if node.op_type == "Constant" and [a.name for a in node.attribute] == ["value"]}
        self.users: dict[str, list[Any]] = {}
        for node in graph.node:
            for name in node.input:
                self.users.setdefault(name, []).append(node)
        self.outputs = {value.name for value in graph.output}
        # Nodes are known by their (first) output, which names them uniquely in an ONNX graph.
        self.dropped: set[str] = set()
        self.before: dict[str, list[Any]] = {}  # new nodes to insert before a node

    def fuse(self) -> None:
        """Apply every rewrite, then rebuild the node list in its original order."""
        for node in list(self.graph.node):
            if node.op_type == "Conv":
                self._fold_after(node)
                self._fold_before(node)
            elif node.op_type == "Add":
                self._hard_swish(node)
            elif node.op_type == "ConvTranspose":
                self._pixel_shuffle(node)
        for node in list(self.graph.node):
            if node.op_type == "Mul" and node.output[0] not in self.dropped:
                self._per_channel(node)
            elif node.op_type == "Add" and node.output[0] not in self.dropped:
                self._excited(node)
        nodes = []
        for node in self.graph.node:
            nodes += self.before.get(node.output[0], [])
            if node.output[0] not in self.dropped:
                nodes.append(node)
        del self.graph.node[:]
        self.graph.node.extend(nodes)

    def _hard_swish(self, add: Any) -> None:
        """x + 3 -> clip(0, 6) -> times x -> / 6 becomes HardSigmoid(x) times x."""
        x = add.input[0]
        clip = self._only_user(add, "Clip")
        times = clip is not None and self._only_user(clip, "Mul")
        divide = times and self._only_user(times, "Div")
        if not (divide and self._scalar(add.input[1]) == 3.0 and x in times.input
                and [self._scalar(name) for name in clip.input[1:]] == [0.0, 6.0]
                and self._scalar(divide.input[1]) == 6.0):
            return
        gate = divide.output[0] + "_hard_sigmoid"
        hard_sigmoid = self._node("HardSigmoid", [x], [gate])
        for name, value in (("alpha", 1.0 / 6.0), ("beta", 0.5)):
            hard_sigmoid.attribute.add(name=name, type=FLOAT, f=value)
        self.before[add.output[0]] = [hard_sigmoid, self._node("Mul", [x, gate], [divide.output[0]])]
        self.dropped |= {node.output[0] for node in (add, clip, times, divide)}

    def _fold_after(self, conv: Any) -> None:
        """Conv -> times a -> plus b becomes one Conv with weights a*W and bias a*bias + b."""
        affine = self._affine_after(conv.output[0])
        if affine is None:
            return
        scale, shift, times, plus = affine
        weights, bias = self._weights(conv)
        self._set_weights(conv, conv.input[0], weights * scale, bias * scale + shift)
        self._rename(plus.output[0], conv.output[0])
        self.dropped |= {times.output[0], plus.output[0]}

    def _fold_before(self, conv: Any) -> None:
        """times a -> plus b -> an unpadded 1x1 Conv becomes that Conv with weights a*W and bias bias + b*sum(W)."""
        plus = self._producer(conv.input[0])
        times = plus is not None and self._producer(self._variable(plus))
        source = times and self._variable(times)
        affine = source and self._affine_after(source)
        if not (affine and affine[3].output[0] == plus.output[0] and len(self.users[plus.output[0]]) == 1
                and _pointwise(conv)):
            return
        scale, shift = affine[:2]
        weights, bias = self._weights(conv)
        self._set_weights(conv, source, weights * scale, bias + shift * weights.sum(axis=(1, 2, 3)))
        self.dropped |= {times.output[0], plus.output[0]}

    def _per_channel(self, times: Any) -> None:
        """A scale and shift left after a hard-swish (the convolution after it pads its input, so they cannot
        be folded into it) becomes a 1x1 convolution of one channel per group.

        ONNX Runtime runs convolutions in a blocked channel layout of its own: a scalar Mul and Add cannot be
        computed in it, so each cost a change to the plain layout and back besides its own pass.
        """
        source = self._variable(times)
        swish = self._producer(source)
        conv = swish is not None and swish.op_type == "Mul" and self._producer(swish.input[0])
        affine = conv and conv.op_type == "Conv" and self._affine_after(source)
        if not affine or affine[2].output[0] != times.output[0]:
            return
        scale, shift, _, plus = affine
        channels = self._weights(conv)[0].shape[0]
        scaled = self._node("Conv", [source], [plus.output[0]])
        scaled.attribute.add(name="group", type=INT, i=channels)
        scaled.attribute.add(name="kernel_shape", type=INTS, ints=[1, 1])
        self._set_weights(scaled, source, np.full((channels, 1, 1, 1), scale, np.float32),
                          np.full(channels, shift, np.float32))
        self.before[times.output[0]] = [scaled]
        self.dropped |= {times.output[0], plus.output[0]}

    def _excited(self, add: Any) -> None:
        """x plus x times its squeeze-and-excitation gate becomes x times (gate plus one).

        The detector's feature pyramid adds each level to its own excitation: the sum was a pass over a
        full feature map, the one added to the gate is a pass over one value per channel.
        """
        for x, product in ((add.input[0], add.input[1]), (add.input[1], add.input[0])):
            times = self._producer(product)
            if not (times is not None and times.op_type == "Mul" and x in times.input
                    and len(self.users.get(product, [])) == 1):
                continue
            gate = _other(times, x)
            squeeze = self._producer(gate)
            if not (squeeze is not None and squeeze.op_type == "HardSigmoid"
                    and any(user.op_type == "GlobalAveragePool" for user in self.users.get(x, []))):
                continue
            one = self._constant(f"{add.output[0]}_one", np.ones((), np.float32))
            self.before[add.output[0]] = [self._node("Add", [gate, one], [gate + "_plus_one"]),
                                          self._node("Mul", [x, gate + "_plus_one"], [add.output[0]])]
            self.dropped |= {times.output[0], add.output[0]}
            return

    def _pixel_shuffle(self, transposed: Any) -> None:
        """A 2x2 stride-2 transposed convolution, with the bias, batch normalisation and activation after it,
        becomes a 1x1 convolution to four times the channels (activation fused) and a DepthToSpace.

        The two are the same arithmetic: each input pixel alone makes a 2x2 block of output. ONNX Runtime
        computes a transposed convolution through an unfolded copy of the output and runs a batch
        normalisation and an activation after it as passes of their own over the detector's largest maps.
        """
        if not _blockwise(transposed):
            return
        weights = self.constants[transposed.input[1]]  # in, out, 2, 2
        channels = weights.shape[1]
        bias = self.constants[transposed.input[2]] if len(transposed.input) > 2 else np.zeros(channels, np.float32)
        last, absorbed = transposed, []
        after = self._only_user(last, "Add")
        if after is not None and self.constants.get(_other(after, last.output[0]), np.zeros(0)).size == channels:
            bias = bias + self.constants[_other(after, last.output[0])].reshape(channels)
            last = after
            absorbed.append(after)
        norm = self._only_user(last, "BatchNormalization")
        if norm is not None and all(name in self.constants for name in norm.input[1:]):
            gamma, beta, mean, variance = (self.constants[name].reshape(channels) for name in norm.input[1:])
            epsilon = next((a.f for a in norm.attribute if a.name == "epsilon"), 1e-5)
            scale = gamma / np.sqrt(variance + np.float32(epsilon))
            weights, bias = weights * scale[None, :, None, None], (bias - mean) * scale + beta
            last = norm
            absorbed.append(norm)
        activation = next((user for user in self.users.get(last.output[0], []) if user.op_type in ("Relu", "Sigmoid")
                           and len(self.users[last.output[0]]) == 1), None)
        # DepthToSpace's default (DCR) order: output channel c of block offset (i, j) is input channel
        # (2i + j) * channels + c.
        pointwise, bias = weights.transpose(2, 3, 1, 0).reshape(4 * channels, weights.shape[0], 1, 1), np.tile(bias, 4)
        shuffled = (activation or last).output[0]
        conv = self._node("Conv", [], [shuffled + "_unshuffled"])
        conv.attribute.add(name="kernel_shape", type=INTS, ints=[1, 1])
        source, later = transposed.input[0], []
        earlier = self._producer(source)
        if earlier is not None and earlier.op_type == "DepthToSpace" and len(self.users.get(source, [])) == 1:
            # A pointwise step after a shuffle is the same step on each block offset's channels before it: the
            # detector's two upsamplings become one shuffle of the small map, not two passes over the large ones.
            for planned in self.before.values():
                if earlier in planned:
                    planned.remove(earlier)
            conv.attribute.add(name="group", type=INT, i=4)
            source, later = earlier.input[0], [earlier]
            pointwise, bias = np.tile(pointwise, (4, 1, 1, 1)), np.tile(bias, 4)
            del earlier.input[:]
        self._set_weights(conv, source, pointwise.astype(np.float32), bias.astype(np.float32))
        nodes = [conv]
        source = conv.output[0]
        if activation is not None:  # element-wise, so it commutes with the shuffle; ONNX Runtime fuses it into the Conv
            nodes.append(self._node(activation.op_type, [source], [source + "_activated"]))
            source = nodes[-1].output[0]
            absorbed.append(activation)
        for step in later:  # the earlier shuffle, now of this step's output
            step.input.append(source)
            step.output[0] = source = source + "_shuffled"
        shuffle = self._node("DepthToSpace", [source], [shuffled])
        shuffle.attribute.add(name="blocksize", type=INT, i=2)
        self.before[transposed.output[0]] = nodes + later + [shuffle]
        self.dropped |= {transposed.output[0], *(node.output[0] for node in absorbed)}

    def _constant(self, name: str, value: np.ndarray) -> str:
        """A new float initialiser holding `value`; returns its name."""
        tensor = self.graph.initializer.add(name=name, data_type=FLOAT,
                                            raw_data=np.ascontiguousarray(value, "<f4").tobytes())
        tensor.dims.extend(value.shape)
        self.constants[name] = value.astype(np.float32)
        return name

    def _affine_after(self, name: str) -> tuple[np.float32, np.float32, Any, Any] | None:
        """The scalar scale and shift (and their nodes) applied to `name` alone, if that is what follows it."""
        users = self.users.get(name, [])
        if len(users) != 1 or users[0].op_type != "Mul":
            return None
        times = users[0]
        plus = self._only_user(times, "Add")
        if plus is None or plus.output[0] in self.outputs:
            return None
        scale, shift = self._scalar(_other(times, name)), self._scalar(_other(plus, times.output[0]))
        if scale is None or shift is None:
            return None
        return np.float32(scale), np.float32(shift), times, plus

    def _weights(self, conv: Any) -> tuple[np.ndarray, np.ndarray]:
        """A convolution's weights and bias (zeros when it has none)."""
        weights = self.constants[conv.input[1]]
        bias = self.constants[conv.input[2]] if len(conv.input) > 2 else np.zeros(weights.shape[0], np.float32)
        return weights, bias

    def _set_weights(self, conv: Any, source: str, weights: np.ndarray, bias: np.ndarray) -> None:
        """Point `conv` at `source` and new weight and bias initialisers."""
        # A conv may be folded into twice: the initialiser count keeps the names apart.
        names = [self._constant(f"{conv.output[0]}_fused{len(self.graph.initializer)}_{suffix}", values)
                 for suffix, values in (("w", weights), ("b", bias))]
        del conv.input[:]
        conv.input.extend([source, *names])

    def _rename(self, old: str, new: str) -> None:
        """Every reader of `old` reads `new` instead."""
        for node in self.users.pop(old, []):
            for index, name in enumerate(node.input):
                if name == old:
                    node.input[index] = new
            self.users.setdefault(new, []).append(node)

    def _only_user(self, node: Any, op_type: str) -> Any | None:
        """The one node reading `node`'s output, if there is exactly one and it is an `op_type`."""
        users = self.users.get(node.output[0], [])
        return users[0] if len(users) == 1 and users[0].op_type == op_type else None

    def _producer(self, name: str) -> Any | None:
        """The node writing `name`, a rewrite's new node included (None for inputs and initialisers)."""
        # A rewrite's node may write the name of a node it replaced (dropped, still listed until the rebuild).
        added = [node for nodes in self.before.values() for node in nodes]
        kept = (node for node in self.graph.node if node.output[0] not in self.dropped)
        return next((node for node in (*added, *kept) if name in node.output), None)

    def _variable(self, node: Any) -> str:
        """The input of a node that is not a one-element constant (its first when there is none)."""
        return next((name for name in node.input if self._scalar(name) is None), node.input[0])

    def _scalar(self, name: str) -> float | None:
        """The value of a one-element constant, or None."""
        value = self.constants.get(name)
        return float(value.reshape(())) if value is not None and value.size == 1 else None

    def _node(self, op_type: str, inputs: list[str], outputs: list[str]) -> Any:
        """A new node (not yet in the graph)."""
        node = _messages()["NodeProto"]()
        node.op_type = op_type
        node.input.extend(inputs)
        node.output.extend(outputs)
        node.name = outputs[0]
        return node


def _other(node: Any, name: str) -> str:
    """The input of a two-input node that is not `name`."""
    return node.input[1] if node.input[0] == name else node.input[0]


def _pointwise(conv: Any) -> bool:
    """Whether a convolution is 1x1, ungrouped and unpadded (so a shift before it is a bias after it)."""
    attributes = {attribute.name: attribute for attribute in conv.attribute}
    kernel = list(attributes["kernel_shape"].ints) if "kernel_shape" in attributes else []
    pads = list(attributes["pads"].ints) if "pads" in attributes else []
    group = attributes["group"].i if "group" in attributes else 1
    return kernel == [1, 1] and not any(pads) and group == 1 and "auto_pad" not in attributes


def _blockwise(transposed: Any) -> bool:
    """Whether a transposed convolution is 2x2, stride 2, ungrouped and unpadded (each input pixel alone makes a
    2x2 block of output)."""
    attributes = {attribute.name: attribute for attribute in transposed.attribute}
    if any(name in attributes for name in ("output_padding", "output_shape", "auto_pad")):
        return False
    shape = [list(attributes[name].ints) if name in attributes else default for name, default in
             (("kernel_shape", None), ("strides", None), ("pads", [0] * 4), ("dilations", [1, 1]))]
    group = attributes["group"].i if "group" in attributes else 1
    return shape == [[2, 2], [2, 2], [0] * 4, [1, 1]] and group == 1


def _array(tensor: Any) -> np.ndarray:
    """A float tensor's values (empty for other types, which the rewrite never needs)."""
    if tensor.data_type != FLOAT:
        return np.zeros(0, np.float32)
    values = np.frombuffer(tensor.raw_data, "<f4") if tensor.raw_data else np.array(tensor.float_data, np.float32)
    return values.reshape(tuple(tensor.dims))


@lru_cache(maxsize=1)
def _messages() -> dict[str, Any]:
    """Message classes for the part of ONNX's schema (onnx.proto, proto2) the rewrite touches, by field number."""
    from google.protobuf import descriptor_pb2, descriptor_pool, message_factory

    field = descriptor_pb2.FieldDescriptorProto
    optional, repeated = field.LABEL_OPTIONAL, field.LABEL_REPEATED
    schema = {
        "TensorProto": [("dims", 1, field.TYPE_INT64, repeated), ("data_type", 2, field.TYPE_INT32, optional),
                        ("float_data", 4, field.TYPE_FLOAT, repeated), ("name", 8, field.TYPE_STRING, optional),
                        ("raw_data", 9, field.TYPE_BYTES, optional)],
        "AttributeProto": [("name", 1, field.TYPE_STRING, optional), ("f", 2, field.TYPE_FLOAT, optional),
                           ("i", 3, field.TYPE_INT64, optional), ("t", 5, "TensorProto", optional),
                           ("ints", 8, field.TYPE_INT64, repeated), ("type", 20, field.TYPE_INT32, optional)],
        "NodeProto": [("input", 1, field.TYPE_STRING, repeated), ("output", 2, field.TYPE_STRING, repeated),
                      ("name", 3, field.TYPE_STRING, optional), ("op_type", 4, field.TYPE_STRING, optional),
                      ("attribute", 5, "AttributeProto", repeated)],
        "ValueInfoProto": [("name", 1, field.TYPE_STRING, optional)],
        "GraphProto": [("node", 1, "NodeProto", repeated), ("initializer", 5, "TensorProto", repeated),
                       ("output", 12, "ValueInfoProto", repeated)],
        "ModelProto": [("graph", 7, "GraphProto", optional)],
    }
    file = descriptor_pb2.FileDescriptorProto(name="cleanroom_onnx_subset.proto", package="cleanroom_onnx",
                                              syntax="proto2")
    for message, fields in schema.items():
        declared = file.message_type.add(name=message)
        for name, number, kind, label in fields:
            if isinstance(kind, str):
                declared.field.add(name=name, number=number, label=label, type=field.TYPE_MESSAGE,
                                   type_name=f".cleanroom_onnx.{kind}")
            else:
                declared.field.add(name=name, number=number, label=label, type=kind)
    pool = descriptor_pool.DescriptorPool()
    pool.Add(file)
    return {name: message_factory.GetMessageClass(pool.FindMessageTypeByName(f"cleanroom_onnx.{name}"))
            for name in schema}
