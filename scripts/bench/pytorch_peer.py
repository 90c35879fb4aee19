#!/usr/bin/env python3
"""The `nst bench` iteration in PyTorch: random-weight VGG19 to relu5_1, content relu4_2,
style relu1_1..relu5_1 (Gram MSE), TV, one L-BFGS (or Adam) step per iteration on synthetic images.

Run with Debian's python3 (`/usr/bin/python3`, package python3-torch). For the fast configuration
install `libopenblas0-openmp` and run this without OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE in the environment
(compare.sh does that); the reference BLAS makes the Gram matrices several times slower.
Prints one JSON object: secondsPerIteration (median), peakWorkingSetBytes (ru_maxrss), size, threads, blas.

--device cuda runs the same iteration on the GPU (the optimizer too, as PyTorch does), in float32: TF32 is off
unless --tf32 is given (cuDNN would otherwise use it for the convolutions by default), cudnn.benchmark picks the
fastest convolution algorithms, each iteration ends with torch.cuda.synchronize(), and peakDeviceBytes is
torch.cuda.max_memory_allocated(). The memory format defaults to contiguous there (cuDNN's float32 kernels are
NCHW-first).
"""
import argparse
import json
import os
import resource
import statistics
import sys
import time

import torch
import torch.nn as nn

WIDTHS = [64, 64, "M", 128, 128, "M", 256, 256, 256, 256, "M", 512, 512, 512, 512, "M", 512]
# indices of ReLU outputs in the features stack built below (torchvision's numbering)
CONTENT = [22]            # relu4_2
STYLE = [1, 6, 11, 20, 29]  # relu1_1, relu2_1, relu3_1, relu4_1, relu5_1


def features():
    layers, c = [], 3
    for v in WIDTHS:
        if v == "M":
            layers.append(nn.MaxPool2d(2, 2))
        else:
            conv = nn.Conv2d(c, v, 3, padding=1)
            nn.init.kaiming_normal_(conv.weight, mode="fan_out", nonlinearity="relu")
            nn.init.zeros_(conv.bias)
            layers += [conv, nn.ReLU(inplace=False)]
            c = v
    return nn.Sequential(*layers[:30])  # up to relu5_1


def gram(f):
    _, c, h, w = f.shape
    m = f.reshape(c, h * w)
    return (m @ m.t()) / (c * h * w)


def blas_name():
    try:
        with open(f"/proc/{os.getpid()}/maps") as maps:
            libs = {line.split()[-1] for line in maps if "blas" in line}
        return ",".join(sorted(os.path.basename(p) + ("(" + os.path.basename(os.path.dirname(p)) + ")") for p in libs))
    except OSError:
        return "unknown"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--size", type=int, default=512)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--iterations", type=int, default=5)
    ap.add_argument("--warmup", type=int, default=1)
    ap.add_argument("--optimizer", choices=["lbfgs", "adam"], default="lbfgs")
    # channels_last lets oneDNN keep its blocked layout between layers instead of reordering every activation
    # to and from NCHW around each convolution: 10-15% faster here, so it is the default (the fairer peer).
    ap.add_argument("--memory-format", choices=["channels_last", "contiguous"], default=None)
    ap.add_argument("--device", choices=["cpu", "cuda"], default="cpu")
    ap.add_argument("--tf32", action="store_true", help="let cuDNN and cuBLAS use TF32 on CUDA (not float32)")
    args = ap.parse_args()
    if args.memory_format is None:
        args.memory_format = "channels_last" if args.device == "cpu" else "contiguous"

    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    cuda = args.device == "cuda"
    if cuda:
        if not torch.cuda.is_available():
            print("pytorch_peer.py: --device cuda: torch sees no CUDA device", file=sys.stderr)
            return 1
        torch.backends.cudnn.allow_tf32 = args.tf32
        torch.backends.cuda.matmul.allow_tf32 = args.tf32
        torch.backends.cudnn.benchmark = True
    device = torch.device(args.device)
    fmt = torch.channels_last if args.memory_format == "channels_last" else torch.contiguous_format
    net = features().eval().to(device=device, memory_format=fmt)
    for p in net.parameters():
        p.requires_grad_(False)

    def run(x):
        out, acts = x.contiguous(memory_format=fmt), {}
        for i, layer in enumerate(net):
            out = layer(out)
            if i in CONTENT or i in STYLE:
                acts[i] = out
        return acts

    n = args.size
    gen = torch.Generator().manual_seed(1)
    content = torch.rand(1, 3, n, n, generator=gen).to(device)
    style = torch.rand(1, 3, n, n, generator=gen).to(device)
    mean = torch.tensor([0.485, 0.456, 0.406]).view(1, 3, 1, 1).to(device)
    std = torch.tensor([0.229, 0.224, 0.225]).view(1, 3, 1, 1).to(device)
    with torch.no_grad():
        ct = {i: a.clone() for i, a in run((content - mean) / std).items() if i in CONTENT}
        st = {i: gram(a) for i, a in run((style - mean) / std).items() if i in STYLE}

    x = content.clone().requires_grad_(True)
    if args.optimizer == "lbfgs":
        opt = torch.optim.LBFGS([x], lr=1, max_iter=1, history_size=100)
    else:
        opt = torch.optim.Adam([x], lr=0.02)

    def closure():
        opt.zero_grad()
        acts = run((x - mean) / std)
        loss = sum(nn.functional.mse_loss(acts[i], ct[i]) for i in CONTENT)
        loss = loss + 1e5 * sum(nn.functional.mse_loss(gram(acts[i]), st[i]) for i in STYLE)
        dx = x[:, :, :, 1:] - x[:, :, :, :-1]
        dy = x[:, :, 1:, :] - x[:, :, :-1, :]
        loss = loss + 1e-3 * (dx.pow(2).sum() + dy.pow(2).sum())
        loss.backward()
        return loss

    times = []
    for it in range(args.warmup + args.iterations):
        t0 = time.perf_counter()
        opt.step(closure)
        with torch.no_grad():
            x.clamp_(0, 1)
        if cuda:
            torch.cuda.synchronize()
        if it >= args.warmup:
            times.append(time.perf_counter() - t0)

    print(json.dumps({
        "impl": "pytorch",
        "secondsPerIteration": statistics.median(times),
        "peakWorkingSetBytes": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024,
        "size": n,
        "threads": torch.get_num_threads(),
        "iterations": args.iterations,
        "optimizer": args.optimizer,
        "memoryFormat": args.memory_format,
        "torch": torch.__version__,
        "blas": blas_name(),
        "openblasCoretype": os.environ.get("OPENBLAS_CORETYPE"),
        "device": torch.cuda.get_device_name(0) if cuda else "cpu",
        "tf32": bool(cuda and args.tf32),
        "peakDeviceBytes": torch.cuda.max_memory_allocated() if cuda else 0,
    }))
    return 0


if __name__ == "__main__":
    sys.exit(main())
