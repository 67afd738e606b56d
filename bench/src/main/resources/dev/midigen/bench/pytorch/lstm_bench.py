"""PyTorch peer for `midigen bench model` (the bench module's ReferenceHarness, workload drum-rnn): the same
workload, timed the same way.

A plain 2 x 256 LSTM, 512 classes, batch 64 x 64 steps, Adam (lr 1e-3), gradient clipping at
global norm 3, no dropout; then batch-1 sampling feeding each step the previous step's best token.
The input is a 256-wide embedding of the token by default (PyTorch's cheapest first layer, so the
peer is at its fastest; midigen's own input is the 518-wide drum-kit encoding, fed sparse), or with
--input dense the 518 features as a dense tensor. --threads auto (the default) times a few steps
at 1 and at 2 threads, each in a fresh process (torch.set_num_threads also changes OpenBLAS's
threads, for good), and keeps the faster: Debian's python3-torch 1.13 with OpenBLAS runs 4x slower
at 2 threads (OpenMP and OpenBLAS threads oversubscribe the cores), a 2.x wheel faster.
Prints one line per figure in the form PytorchPeer (bench module) parses:

    pytorch train_ms_per_step=<median> seq_per_s=<...> threads=<n> torch=<version>
    pytorch sample_steps_per_s=<...>

Usage: python3 lstm_bench.py [--threads auto|N] [--input embedding|dense] [--train-steps 20] [--warmup 5]
                             [--sample-steps 3000]
Needs torch (Debian: apt-get install python3-torch). Made by the midigen authors, Apache-2.0.
"""
import argparse
import re
import statistics
import subprocess
import sys
import time

import torch
from torch import nn

INPUT, HIDDEN, LAYERS, CLASSES = 518, 256, 2, 512


class Net(nn.Module):
    def __init__(self, dense):
        super().__init__()
        self.embedding = None if dense else nn.Embedding(CLASSES, HIDDEN)
        self.lstm = nn.LSTM(INPUT if dense else HIDDEN, HIDDEN, LAYERS, batch_first=True)
        self.out = nn.Linear(HIDDEN, CLASSES)

    def forward(self, x, state=None):
        y, state = self.lstm(x if self.embedding is None else self.embedding(x), state)
        return self.out(y), state


def batch(gen, b, t, dense):
    tokens = torch.randint(0, CLASSES, (b, t), generator=gen)
    y = torch.randint(0, CLASSES, (b, t), generator=gen)
    if not dense:
        return tokens, y
    x = torch.zeros(b, t, INPUT)
    x.scatter_(2, tokens.unsqueeze(2), 1.0)
    x[:, :, CLASSES:] = (torch.rand(b, t, INPUT - CLASSES, generator=gen) < 0.5).float()
    return x, y


def train_step(net, opt, loss_fn, x, y):
    opt.zero_grad()
    logits, _ = net(x)
    loss = loss_fn(logits.reshape(-1, CLASSES), y.reshape(-1))
    loss.backward()
    nn.utils.clip_grad_norm_(net.parameters(), 3.0)
    opt.step()


def seconds(net, opt, loss_fn, batches, steps, offset=0):
    times = []
    for i in range(steps):
        x, y = batches[(offset + i) % len(batches)]
        start = time.perf_counter()
        train_step(net, opt, loss_fn, x, y)
        times.append(time.perf_counter() - start)
    return times


def pick_threads(args):
    """The faster of 1 and 2 threads, each timed in a fresh process."""
    best = None
    for threads in (1, 2):
        out = subprocess.run([sys.executable, __file__, "--threads", str(threads), "--input", args.input,
                              "--train-steps", "3", "--warmup", "1", "--sample-steps", "0"],
                             capture_output=True, text=True, check=True).stdout
        took = float(re.search(r"train_ms_per_step=([0-9.]+)", out).group(1))
        if best is None or took < best[1]:
            best = (threads, took)
    return best[0]


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--threads", default="auto")
    p.add_argument("--input", choices=("embedding", "dense"), default="embedding")
    p.add_argument("--train-steps", type=int, default=20)
    p.add_argument("--warmup", type=int, default=5)
    p.add_argument("--sample-steps", type=int, default=3000)
    p.add_argument("--batch", type=int, default=64)
    p.add_argument("--steps", type=int, default=64)
    a = p.parse_args()
    dense = a.input == "dense"
    threads = pick_threads(a) if a.threads == "auto" else int(a.threads)
    torch.set_num_threads(threads)
    torch.manual_seed(1)
    gen = torch.Generator().manual_seed(1)
    net = Net(dense)
    opt = torch.optim.Adam(net.parameters(), lr=1e-3)
    loss_fn = nn.CrossEntropyLoss()
    batches = [batch(gen, a.batch, a.steps, dense) for _ in range(4)]
    seconds(net, opt, loss_fn, batches, a.warmup)
    ms = statistics.median(seconds(net, opt, loss_fn, batches, a.train_steps, a.warmup)) * 1000
    print(f"pytorch train_ms_per_step={ms:.1f} seq_per_s={a.batch * 1000 / ms:.1f} threads={threads} "
          f"torch={torch.__version__}", flush=True)
    if a.sample_steps <= 0:
        return

    net.eval()
    with torch.no_grad():
        x = torch.zeros(1, 1, INPUT) if dense else torch.zeros(1, 1, dtype=torch.long)
        state = None
        for _ in range(100):
            logits, state = net(x, state)
        start = time.perf_counter()
        for _ in range(a.sample_steps):
            logits, state = net(x, state)
            token = int(logits[0, 0].argmax())
            if dense:
                x.zero_()
                x[0, 0, token] = 1
            else:
                x[0, 0] = token
        per_s = a.sample_steps / (time.perf_counter() - start)
    print(f"pytorch sample_steps_per_s={per_s:.0f}", flush=True)


if __name__ == "__main__":
    main()
