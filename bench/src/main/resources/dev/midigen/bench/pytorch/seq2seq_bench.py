"""PyTorch peer for `midigen bench model --workload seq2seq-gru`: DeepMusician's seq2seq GRU workload, timed the
same way.

Encoder GRU and decoder GRU (88 keys in, 2 x 512, dropout 0.2 between layers), the decoder starting
from the encoder's final state and reading the target shifted by one frame (teacher forcing 1),
classifier Linear(512, 256) -> ReLU -> Dropout(0.5) -> Linear(256, 88), focal loss (alpha 0.75,
gamma 2) on the logits, Adam (lr 1e-3), clipping at global norm 1; batch 32 x (64 source + 64 target)
random frames (a key on with probability 0.08). --threads auto (the default) times two steps at 1
and at 2 threads, each in a fresh process, and keeps the faster (see lstm_bench.py). Prints

    pytorch seq2seq_ms_per_step=<median> threads=<n> torch=<version>

Usage: python3 seq2seq_bench.py [--threads auto|N] [--steps 10] [--warmup 2] [--hidden 512] [--layers 2]
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

KEYS = 88


class Seq2Seq(nn.Module):
    def __init__(self, hidden, layers):
        super().__init__()
        self.encoder = nn.GRU(KEYS, hidden, layers, batch_first=True, dropout=0.2)
        self.decoder = nn.GRU(KEYS, hidden, layers, batch_first=True, dropout=0.2)
        self.classifier = nn.Sequential(nn.Linear(hidden, 256), nn.ReLU(), nn.Dropout(0.5), nn.Linear(256, KEYS))

    def forward(self, source, decoder_input):
        _, state = self.encoder(source)
        y, _ = self.decoder(decoder_input, state)
        return self.classifier(y)


def focal_loss(logits, target, alpha=0.75, gamma=2.0):
    p = torch.sigmoid(logits)
    bce = nn.functional.binary_cross_entropy_with_logits(logits, target, reduction="none")
    p_t = p * target + (1 - p) * (1 - target)
    alpha_t = alpha * target + (1 - alpha) * (1 - target)
    return (alpha_t * (1 - p_t) ** gamma * bce).mean()


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--threads", default="auto")
    p.add_argument("--steps", type=int, default=10)
    p.add_argument("--warmup", type=int, default=2)
    p.add_argument("--hidden", type=int, default=512)
    p.add_argument("--layers", type=int, default=2)
    p.add_argument("--batch", type=int, default=32)
    p.add_argument("--time", type=int, default=64)
    a = p.parse_args()
    if a.threads == "auto":
        tried = {}
        for threads in (1, 2):
            out = subprocess.run([sys.executable, __file__, "--threads", str(threads), "--steps", "2", "--warmup", "1",
                                  "--hidden", str(a.hidden), "--layers", str(a.layers), "--batch", str(a.batch),
                                  "--time", str(a.time)], capture_output=True, text=True, check=True).stdout
            tried[threads] = float(re.search(r"seq2seq_ms_per_step=([0-9.]+)", out).group(1))
        threads = min(tried, key=tried.get)
    else:
        threads = int(a.threads)
    torch.set_num_threads(threads)
    torch.manual_seed(1)
    gen = torch.Generator().manual_seed(1)
    net = Seq2Seq(a.hidden, a.layers)
    net.train()
    opt = torch.optim.Adam(net.parameters(), lr=1e-3)
    batches = []
    for _ in range(4):
        frames = (torch.rand(a.batch, 2 * a.time, KEYS, generator=gen) < 0.08).float()
        source, target = frames[:, :a.time], frames[:, a.time:]
        decoder_input = torch.cat([source[:, -1:], target[:, :-1]], dim=1)
        batches.append((source, decoder_input, target))

    def seconds(steps, offset=0):
        times = []
        for i in range(steps):
            source, decoder_input, target = batches[(offset + i) % len(batches)]
            start = time.perf_counter()
            opt.zero_grad()
            loss = focal_loss(net(source, decoder_input), target)
            loss.backward()
            nn.utils.clip_grad_norm_(net.parameters(), 1.0)
            opt.step()
            times.append(time.perf_counter() - start)
        return times

    seconds(a.warmup)
    ms = statistics.median(seconds(a.steps, a.warmup)) * 1000
    print(f"pytorch seq2seq_ms_per_step={ms:.1f} threads={threads} torch={torch.__version__}", flush=True)


if __name__ == "__main__":
    main()
