"""Export a BERT-family sentence-transformers model to ONNX straight from its ``model.safetensors``: no torch, no
transformers, no sentence-transformers import.

The graph written is the one onnxruntime's optimizer makes from the TorchScript export of the same model
(``export.py``): EmbedLayerNormalization, then per layer a multi-head Attention over a packed query-key-value
projection, SkipLayerNormalization after the attention output and after the feed-forward block, and BiasGelu between
the two feed-forward products. Building it from the weights takes well under a second, where importing torch and
sentence-transformers and tracing the model took about 7 s of a 12 s index build. Models outside the plain BERT
architecture this reproduces (another model type, activation, position embedding, or lower-casing done by
sentence-transformers itself) raise ``ExportUnsupported``, and the build exports them through torch instead.
"""

from __future__ import annotations

import json
import logging
import time
from pathlib import Path
from typing import Any

import numpy as np

from bot.retrieval.export import FORMAT, OPSET, ExportUnsupported, describe, pipeline_config

log = logging.getLogger(__name__)

EXPORTER = "uavex direct (model.safetensors, no torch)"
MS_DOMAIN = "com.microsoft"
INPUTS = ["input_ids", "attention_mask", "token_type_ids"]


def _read_json(path: Path, *, optional: bool = False) -> dict[str, Any]:
    """A model folder's JSON file as a dict; an ``optional`` file that is absent reads as {}."""
    if optional and not path.is_file():
        return {}
    try:
        value = json.loads(path.read_text())
    except (OSError, ValueError) as exc:
        raise ExportUnsupported(f"cannot read {path.name}: {exc}") from None
    if not isinstance(value, dict):
        raise ExportUnsupported(f"{path.name} is not a JSON object")
    return value


def _bert_config(root: Path) -> dict[str, Any]:
    """The model's config, checked to be the architecture ``bert_graph`` writes."""
    config = _read_json(root / "config.json")
    wanted = {"model_type": "bert", "hidden_act": "gelu", "position_embedding_type": "absolute"}
    for key, value in wanted.items():
        if config.get(key, "absolute" if key == "position_embedding_type" else None) != value:
            raise ExportUnsupported(f"{key} {config.get(key)!r} is not exported directly (only {value!r})")
    sizes = ("hidden_size", "num_attention_heads", "num_hidden_layers", "max_position_embeddings")
    if any(not isinstance(config.get(key), int) for key in sizes) \
            or not isinstance(config.get("layer_norm_eps"), (int, float)):
        raise ExportUnsupported(f"config.json lacks one of {', '.join(sizes)}, layer_norm_eps")
    if int(config["hidden_size"]) % int(config["num_attention_heads"]):
        raise ExportUnsupported("hidden_size is not a multiple of num_attention_heads")
    return config


def _weights(root: Path) -> dict[str, np.ndarray]:
    """The tensors of ``model.safetensors`` by their BertModel names (without a ``bert.`` or ``model.`` prefix)."""
    from safetensors.numpy import load_file

    file = root / "model.safetensors"
    if not file.is_file():
        raise ExportUnsupported("the model folder has no model.safetensors")
    tensors = load_file(str(file))
    for prefix in ("", "bert.", "model."):
        if f"{prefix}embeddings.word_embeddings.weight" in tensors:
            return {name[len(prefix):]: value for name, value in tensors.items() if name.startswith(prefix)}
    raise ExportUnsupported("model.safetensors has no BERT embeddings")


def bert_graph(root: Path, config: dict[str, Any], data_file: Path) -> Any:
    """The fused ONNX graph of the BERT model in ``root`` with ``config`` (checked by ``_bert_config``; an
    ``onnx.ModelProto``), its float32 weights written to ``data_file`` as the graph's external data (straight from
    the arrays: no copy of them inside the graph)."""
    from onnx import TensorProto

    weights = _weights(root)
    initializers: list[Any] = []
    data_file.unlink(missing_ok=True)
    data = data_file.open("wb")

    def tensor(name: str, value: np.ndarray) -> str:
        """An initializer named ``name`` holding ``value``; returns the name."""
        array = np.ascontiguousarray(value, dtype="<f4")
        proto = TensorProto(name=name, data_type=TensorProto.FLOAT, dims=array.shape)
        offset = data.tell()
        data.write(array.data)
        for key, entry in (("location", data_file.name), ("offset", offset), ("length", array.nbytes)):
            proto.external_data.add(key=key, value=str(entry))
        proto.data_location = TensorProto.EXTERNAL
        initializers.append(proto)
        return name

    with data:
        nodes = _nodes(config, weights, tensor)
    return _model(config, nodes, initializers)


def _nodes(config: dict[str, Any], weights: dict[str, np.ndarray], tensor: Any) -> list[Any]:
    """The graph's nodes, reading the model's ``weights``; ``tensor(name, array)`` adds an initializer."""
    from onnx import TensorProto, helper

    def weight(name: str) -> np.ndarray:
        if name not in weights:
            raise ExportUnsupported(f"model.safetensors lacks {name}")
        return weights[name]

    def param(name: str, transpose: bool = False) -> str:
        """The model tensor ``name`` as an initializer of the same name (a linear layer's weight transposed to the
        (in, out) layout MatMul multiplies by)."""
        return tensor(name, weight(name).T if transpose else weight(name))

    def ms(op: str, inputs: list[str], output: str, **attributes: Any) -> Any:
        return helper.make_node(op, inputs, [output], domain=MS_DOMAIN, **attributes)

    eps = float(config["layer_norm_eps"])
    nodes = [helper.make_node("Cast", [name], [f"{name}_int32"], to=TensorProto.INT32) for name in INPUTS]
    nodes.append(helper.make_node(
        "EmbedLayerNormalization",
        ["input_ids_int32", "token_type_ids_int32",
         *(param(f"embeddings.{table}_embeddings.weight") for table in ("word", "position", "token_type")),
         param("embeddings.LayerNorm.weight"), param("embeddings.LayerNorm.bias"), "attention_mask_int32"],
        ["hidden_0", "mask_index"], domain=MS_DOMAIN, epsilon=eps))
    layers = int(config["num_hidden_layers"])
    for i in range(layers):
        layer, hidden = f"encoder.layer.{i}.", f"hidden_{i}"
        out = "last_hidden_state" if i == layers - 1 else f"hidden_{i + 1}"
        qkv = [f"{layer}attention.self.{part}" for part in ("query", "key", "value")]
        qkv_weight = tensor(f"{layer}attention.qkv.weight",
                            np.concatenate([weight(f"{name}.weight").T for name in qkv], axis=1))
        qkv_bias = tensor(f"{layer}attention.qkv.bias", np.concatenate([weight(f"{name}.bias") for name in qkv]))
        attention, feed_forward = f"{layer}attention.output.", f"{layer}output."
        nodes += [
            ms("Attention", [hidden, qkv_weight, qkv_bias, "mask_index"], f"{layer}context",
               num_heads=int(config["num_attention_heads"])),
            helper.make_node("MatMul", [f"{layer}context", param(f"{attention}dense.weight", True)],
                             [f"{layer}attention_out"]),
            ms("SkipLayerNormalization",
               [f"{layer}attention_out", hidden, param(f"{attention}LayerNorm.weight"),
                param(f"{attention}LayerNorm.bias"), param(f"{attention}dense.bias")], f"{layer}attended",
               epsilon=eps),
            helper.make_node("MatMul", [f"{layer}attended", param(f"{layer}intermediate.dense.weight", True)],
                             [f"{layer}intermediate"]),
            ms("BiasGelu", [f"{layer}intermediate", param(f"{layer}intermediate.dense.bias")], f"{layer}activated"),
            helper.make_node("MatMul", [f"{layer}activated", param(f"{feed_forward}dense.weight", True)],
                             [f"{layer}output"]),
            ms("SkipLayerNormalization",
               [f"{layer}output", f"{layer}attended", param(f"{feed_forward}LayerNorm.weight"),
                param(f"{feed_forward}LayerNorm.bias"), param(f"{feed_forward}dense.bias")], out, epsilon=eps),
        ]
    return nodes


def _model(config: dict[str, Any], nodes: list[Any], initializers: list[Any]) -> Any:
    from onnx import TensorProto, helper

    size = int(config["hidden_size"])
    graph = helper.make_graph(
        nodes, "bert",
        [helper.make_tensor_value_info(n, TensorProto.INT64, ["batch", "sequence"]) for n in INPUTS],
        [helper.make_tensor_value_info("last_hidden_state", TensorProto.FLOAT, ["batch", "sequence", size])],
        initializers)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET), helper.make_opsetid(MS_DOMAIN, 1)],
                              producer_name="uavex")
    model.ir_version = 8  # the build loads the graph in onnxruntime before it embeds anything: that is its check
    return model


def _max_length(root: Path, config: dict[str, Any], tokenizer_config: dict[str, Any]) -> int:
    """The truncation sentence-transformers applies: ``max_seq_length`` of sentence_bert_config.json, else the
    tokenizer's and the position table's limits."""
    settings = _read_json(root / "sentence_bert_config.json", optional=True)
    if settings.get("do_lower_case"):
        raise ExportUnsupported("sentence-transformers lower-cases this model's input itself")
    limit = int(config["max_position_embeddings"])
    if settings.get("max_seq_length"):
        return min(int(settings["max_seq_length"]), limit)
    return min(int(tokenizer_config.get("model_max_length", limit)), limit)


def export_direct(model_path: str, folder: Path, fingerprint: str) -> dict[str, Any]:
    """Write the export of the BERT model in ``model_path`` into ``folder`` (the same files ``export.export_encoder``
    writes); returns the manifest entry. Raises ExportUnsupported for other models."""
    started = time.perf_counter()
    import onnx
    from tokenizers import Tokenizer

    root = Path(model_path)
    pipeline = pipeline_config(model_path)
    config = _bert_config(root)
    if not (root / "tokenizer.json").is_file():
        raise ExportUnsupported("the model folder has no tokenizer.json")
    tokenizer_config = _read_json(root / "tokenizer_config.json", optional=True)
    max_length = _max_length(root, config, tokenizer_config)
    folder.mkdir(parents=True, exist_ok=True)
    onnx.save_model(bert_graph(root, config, folder / "model.onnx.data"), str(folder / "model.onnx"))
    tokenizer = Tokenizer.from_file(str(root / "tokenizer.json"))
    tokenizer.enable_truncation(max_length=max_length)
    tokenizer.no_padding()
    tokenizer.save(str(folder / "tokenizer.json"))
    pad_token = tokenizer_config.get("pad_token")
    pad_id = tokenizer.token_to_id(pad_token) if isinstance(pad_token, str) else None
    encoder = {"format": FORMAT, **pipeline, "dimension": int(config["hidden_size"]), "max_length": max_length,
               "inputs": INPUTS, "pad_id": int(pad_id if pad_id is not None else config.get("pad_token_id") or 0),
               "opset": OPSET, "exporter": EXPORTER, "graph": "fused", "model_fingerprint": fingerprint}
    (folder / "encoder.json").write_text(json.dumps(encoder, indent=2))
    log.info("exported the embedding model to ONNX from its weights in %.2fs", time.perf_counter() - started)
    return describe(folder)
