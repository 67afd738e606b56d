"""PyTorch peer for the drum VAE (midigen's drum-vae family, preset groovae-2bar): GrooVAE's 2-bar network and
objective, timed the way the other peers time theirs.

Encoder: a bidirectional LSTM of 512 units each way over 2 bars of 16th steps (32 steps) of groove frames (per
Roland drum class, 9 of them: a hit, its velocity and its offset; 27 values); mu = Linear(1024, 256) and
sigma = softplus(Linear(1024, 256)) of the two directions' final outputs; z = mu + sigma * eps. Bridge:
tanh(Linear(256, 2 x 2 x 256)) is the decoder's initial h and c, layer by layer. Decoder: 2 x 256 LSTM reading
[previous frame ; z] at every step (zeros first: teacher forcing everywhere), and a head Linear(256, 27): hit logits,
velocities before sigmoid, offsets before tanh. Loss as Magenta's (and midigen's eval.GrooveLoss): per sequence the
hits' BCE with logits, the velocities' and the offsets' squared errors summed over classes and steps, plus
beta * max(KL - free_bits * ln 2, 0) with beta 0.2 and 48 free bits; all averaged over the sequences. Adam (lr 1e-3),
clipping at global norm 1 (midigen's TrainingConfig.forDrumVae), no dropout (midigen trains the drum VAE without).
Magenta trains GrooVAE with batch 512; the default here is 64, which a small machine can time. The source is the
humanize transformation of the target (the hits kept, velocities and offsets zeroed); the frames are random (each
class hit with probability 0.2, a velocity in (0, 1] and an offset in [-0.5, 0.5) where it is). --threads auto (the
default) times two steps at 1 and at 2 threads, each in a fresh process, and keeps the faster (see lstm_bench.py).
Prints

    pytorch groovae_ms_per_step=<median> seq_per_s=<...> threads=<n> torch=<version>

Usage: python3 groovae_bench.py [--threads auto|N] [--steps 10] [--warmup 2] [--batch 64] [--bars 2]
                                [--encoder 512] [--latent 256] [--decoder 256] [--layers 2]
Needs torch (Debian: apt-get install python3-torch). Made by the midigen authors, Apache-2.0.
"""
import argparse
import math
import re
import statistics
import subprocess
import sys
import time

import torch
from torch import nn

CLASSES = 9
FRAME = 3 * CLASSES
STEPS_PER_BAR = 16


class GrooVae(nn.Module):
    def __init__(self, encoder, latent, decoder, layers):
        super().__init__()
        self.decoder_size, self.layers = decoder, layers
        self.encoder = nn.LSTM(FRAME, encoder, batch_first=True, bidirectional=True)
        self.mu = nn.Linear(2 * encoder, latent)
        self.sigma = nn.Linear(2 * encoder, latent)
        self.bridge = nn.Linear(latent, 2 * layers * decoder)
        self.decoder = nn.LSTM(FRAME + latent, decoder, layers, batch_first=True)
        self.head = nn.Linear(decoder, FRAME)

    def forward(self, source, decoder_input, eps):
        _, (h, _) = self.encoder(source)  # h: [2, B, E], the forward and the backward direction's final outputs
        summary = torch.cat([h[0], h[1]], dim=1)
        mu = self.mu(summary)
        sigma = nn.functional.softplus(self.sigma(summary))
        z = mu + sigma * eps
        state = torch.tanh(self.bridge(z)).view(-1, self.layers, 2, self.decoder_size)  # per layer h then c
        h0 = state[:, :, 0].transpose(0, 1).contiguous()
        c0 = state[:, :, 1].transpose(0, 1).contiguous()
        steps = decoder_input.shape[1]
        y, _ = self.decoder(torch.cat([decoder_input, z.unsqueeze(1).expand(-1, steps, -1)], dim=2), (h0, c0))
        return self.head(y), mu, sigma


def groove_loss(outputs, target, mu, sigma, beta=0.2, free_bits=48.0):
    """Magenta's reduction: sums per sequence, KL per sequence with free bits, then the mean over the sequences."""
    o_hit, o_vel, o_off = outputs.split(CLASSES, dim=2)
    y_hit, y_vel, y_off = target.split(CLASSES, dim=2)
    hits = nn.functional.binary_cross_entropy_with_logits(o_hit, y_hit, reduction="none").sum(dim=(1, 2))
    velocity = ((torch.sigmoid(o_vel) - y_vel) ** 2).sum(dim=(1, 2))
    offset = ((torch.tanh(o_off) - y_off) ** 2).sum(dim=(1, 2))
    kl = (0.5 * (mu ** 2 + sigma ** 2 - 1) - torch.log(sigma)).sum(dim=1)
    penalty = beta * torch.clamp(kl - free_bits * math.log(2), min=0)
    return (hits + velocity + offset + penalty).mean()


def frames(gen, batch, steps):
    hit = (torch.rand(batch, steps, CLASSES, generator=gen) < 0.2).float()
    velocity = hit * (torch.randint(1, 128, (batch, steps, CLASSES), generator=gen).float() / 127)
    offset = hit * (torch.rand(batch, steps, CLASSES, generator=gen) - 0.5)
    target = torch.cat([hit, velocity, offset], dim=2)
    source = torch.cat([hit, torch.zeros_like(velocity), torch.zeros_like(offset)], dim=2)  # humanize
    decoder_input = torch.cat([torch.zeros(batch, 1, FRAME), target[:, :-1]], dim=1)
    return source, decoder_input, target


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--threads", default="auto")
    p.add_argument("--steps", type=int, default=10)
    p.add_argument("--warmup", type=int, default=2)
    p.add_argument("--batch", type=int, default=64)
    p.add_argument("--bars", type=int, default=2)
    p.add_argument("--encoder", type=int, default=512)
    p.add_argument("--latent", type=int, default=256)
    p.add_argument("--decoder", type=int, default=256)
    p.add_argument("--layers", type=int, default=2)
    a = p.parse_args()
    shape = ["--batch", str(a.batch), "--bars", str(a.bars), "--encoder", str(a.encoder), "--latent", str(a.latent),
             "--decoder", str(a.decoder), "--layers", str(a.layers)]
    if a.threads == "auto":
        tried = {}
        for threads in (1, 2):
            out = subprocess.run([sys.executable, __file__, "--threads", str(threads), "--steps", "2", "--warmup", "1"]
                                 + shape, capture_output=True, text=True, check=True).stdout
            tried[threads] = float(re.search(r"groovae_ms_per_step=([0-9.]+)", out).group(1))
        threads = min(tried, key=tried.get)
    else:
        threads = int(a.threads)
    torch.set_num_threads(threads)
    torch.manual_seed(1)
    gen = torch.Generator().manual_seed(1)
    net = GrooVae(a.encoder, a.latent, a.decoder, a.layers)
    net.train()
    opt = torch.optim.Adam(net.parameters(), lr=1e-3)
    steps = a.bars * STEPS_PER_BAR
    batches = [frames(gen, a.batch, steps) for _ in range(4)]

    def seconds(count, offset=0):
        times = []
        for i in range(count):
            source, decoder_input, target = batches[(offset + i) % len(batches)]
            start = time.perf_counter()
            eps = torch.randn(a.batch, a.latent, generator=gen)
            opt.zero_grad()
            outputs, mu, sigma = net(source, decoder_input, eps)
            loss = groove_loss(outputs, target, mu, sigma)
            loss.backward()
            nn.utils.clip_grad_norm_(net.parameters(), 1.0)
            opt.step()
            times.append(time.perf_counter() - start)
        return times

    seconds(a.warmup)
    ms = statistics.median(seconds(a.steps, a.warmup)) * 1000
    print(f"pytorch groovae_ms_per_step={ms:.1f} seq_per_s={a.batch * 1000 / ms:.1f} threads={threads} "
          f"torch={torch.__version__}", flush=True)


if __name__ == "__main__":
    main()
