"""Soundscape synthesis: waves, wind, rain, birds, city, fire and a music bed.

Everything is generated, never loaded. Noise beds are shaped in the Fourier
domain, which makes them circular: a looping video's audio loops without a click.
The mix is loudness-normalised with a K-weighted (BS.1770-style, ungated) meter.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np

SAMPLE_RATE = 48_000
TARGET_LUFS = -16.0
PEAK_LIMIT = 0.89  # about -1 dBFS


def soundscape(layers: tuple[str, ...], duration_s: float, seed: int) -> tuple[np.ndarray, float]:
    """Stereo float32 (2, samples) in [-1, 1] and its measured loudness (LUFS, approx.)."""
    n = round(duration_s * SAMPLE_RATE)
    rng = np.random.default_rng(seed + 99)
    mix = np.zeros((2, n))
    for name in layers:
        synth = _LAYERS.get(name)
        if synth is None:
            raise ValueError(f"sound layer {name!r} is unknown")
        mix += synth(n, rng) * _LAYER_GAIN[name]
    loudness = _loudness(mix)
    if math.isfinite(loudness):
        mix *= 10 ** ((TARGET_LUFS - loudness) / 20)
    mix = PEAK_LIMIT * np.tanh(mix / PEAK_LIMIT)  # soft limiter: no hard clipping
    return mix.astype(np.float32), round(_loudness(mix), 1)


def _shaped_noise(
    n: int, rng: np.random.Generator, shape: Callable[[np.ndarray], np.ndarray], channels: int = 2
) -> np.ndarray:
    """Noise with magnitude spectrum `shape(freq_hz)`, circular, unit RMS per channel."""
    spectrum = np.fft.rfft(rng.standard_normal((channels, n)), axis=1)
    freqs = np.fft.rfftfreq(n, 1 / SAMPLE_RATE)
    out = np.fft.irfft(spectrum * shape(freqs), n=n, axis=1)
    return out / (out.std(axis=1, keepdims=True) + 1e-9)


def _band(low: float, high: float, order: float = 2.0) -> Callable[[np.ndarray], np.ndarray]:
    def shape(f: np.ndarray) -> np.ndarray:
        hp = 1 / (1 + (low / np.maximum(f, 1e-3)) ** (2 * order))
        lp = 1 / (1 + (f / high) ** (2 * order))
        return np.sqrt(hp * lp)

    return shape


def _cycles_envelope(n: int, cycles: int, phase: float, depth: float) -> np.ndarray:
    """Slow swell that completes whole cycles over the clip (loop-safe)."""
    x = np.arange(n) / n
    return 1 - depth + depth * (0.5 + 0.5 * np.sin(2 * np.pi * cycles * x + phase))


def _waves(n: int, rng: np.random.Generator) -> np.ndarray:
    cycles = max(1, round(n / SAMPLE_RATE / 6))
    surf = _shaped_noise(n, rng, _band(80, 1800, 1.5))
    swell = _cycles_envelope(n, cycles, rng.uniform(0, 6.28), 0.85) ** 2
    wash = _shaped_noise(n, rng, _band(1500, 7000)) * 0.25 * swell**2
    return surf * (0.2 + swell) + wash


def _wind(n: int, rng: np.random.Generator) -> np.ndarray:
    cycles = max(1, round(n / SAMPLE_RATE / 4))
    gust = _cycles_envelope(n, cycles, rng.uniform(0, 6.28), 0.7)
    howl = _shaped_noise(n, rng, _band(150, 600, 3.0))
    return (_shaped_noise(n, rng, _band(40, 400)) * 0.8 + howl * 0.4) * gust


def _rain(n: int, rng: np.random.Generator) -> np.ndarray:
    hiss = _shaped_noise(n, rng, _band(900, 9000))
    drops = np.zeros((2, n))
    count = int(n / SAMPLE_RATE * 90)
    at = rng.integers(0, n, size=(2, count))
    for ch in range(2):
        drops[ch, at[ch]] = rng.uniform(0.3, 1.0, count)
    tick = np.exp(-np.arange(240) / 30.0) * np.sin(np.arange(240) * 0.9)
    drops = np.fft.irfft(np.fft.rfft(drops, axis=1) * np.fft.rfft(tick, n=n), n=n, axis=1)
    return hiss * 0.7 + drops * 3.0


def _birds(n: int, rng: np.random.Generator) -> np.ndarray:
    out = np.zeros((2, n))
    seconds = n / SAMPLE_RATE
    for _ in range(max(2, int(seconds * 1.6))):
        length = int(SAMPLE_RATE * rng.uniform(0.06, 0.16))
        start = int(rng.integers(0, max(1, n - length)))
        t = np.arange(length) / SAMPLE_RATE
        f0, sweep = rng.uniform(2500, 4800), rng.uniform(-1800, 2500)
        freq = f0 + sweep * t / t[-1] + 300 * np.sin(2 * np.pi * rng.uniform(20, 45) * t)
        chirp = np.sin(2 * np.pi * np.cumsum(freq) / SAMPLE_RATE) * np.sin(np.pi * t / t[-1]) ** 2
        pan = rng.uniform(0.2, 0.8)
        for _repeat in range(int(rng.integers(1, 4))):
            if start + length > n:
                break
            out[0, start : start + length] += chirp * (1 - pan)
            out[1, start : start + length] += chirp * pan
            start += int(length * rng.uniform(1.2, 1.8))
    return out * 2.5 + _shaped_noise(n, rng, _band(200, 3000)) * 0.03


def _city(n: int, rng: np.random.Generator) -> np.ndarray:
    rumble = _shaped_noise(n, rng, _band(30, 250, 1.5))
    hum = _shaped_noise(n, rng, _band(300, 2500)) * 0.25
    pass_by = _cycles_envelope(n, max(1, round(n / SAMPLE_RATE / 3)), rng.uniform(0, 6.28), 0.6)
    return (rumble + hum) * pass_by


def _fire(n: int, rng: np.random.Generator) -> np.ndarray:
    roar = _shaped_noise(n, rng, _band(40, 500)) * 0.6
    crackle = np.zeros((2, n))
    count = int(n / SAMPLE_RATE * 14)
    for ch in range(2):
        at = rng.integers(0, n, size=count)
        crackle[ch, at] = rng.uniform(0.4, 1.0, count) * rng.choice([-1, 1], count)
    pop = np.exp(-np.arange(400) / 60.0) * rng.standard_normal(400)
    crackle = np.fft.irfft(np.fft.rfft(crackle, axis=1) * np.fft.rfft(pop, n=n), n=n, axis=1)
    return roar + crackle * 2.0


def _music(n: int, rng: np.random.Generator) -> np.ndarray:
    """A soft pad over a four-chord loop: gentle, never in the way."""
    progressions = [
        [
            (261.6, 329.6, 392.0, 493.9),
            (220.0, 261.6, 329.6, 392.0),
            (174.6, 220.0, 261.6, 329.6),
            (196.0, 246.9, 293.7, 392.0),
        ],
        [
            (220.0, 261.6, 329.6, 392.0),
            (174.6, 220.0, 261.6, 349.2),
            (261.6, 329.6, 392.0, 523.3),
            (196.0, 246.9, 293.7, 349.2),
        ],
    ]
    chords = progressions[int(rng.integers(0, len(progressions)))]
    t = np.arange(n) / SAMPLE_RATE
    segment = n / len(chords)
    out = np.zeros((2, n))
    for i, chord in enumerate(chords):
        s0, s1 = int(i * segment), int((i + 1) * segment)
        local = np.arange(s1 - s0) / max(1, s1 - s0)
        env = np.sin(np.pi * local) ** 0.8  # fades in and out: seamless across chord changes
        for k, f in enumerate(chord):
            for ch, detune in enumerate((0.998, 1.002)):
                phase = 2 * np.pi * f * detune * t[s0:s1]
                out[ch, s0:s1] += env * (np.sin(phase) + 0.2 * np.sin(2 * phase)) / (1 + 0.3 * k)
    return out


_LAYERS: dict[str, Callable[[int, np.random.Generator], np.ndarray]] = {
    "waves": _waves,
    "wind": _wind,
    "rain": _rain,
    "birds": _birds,
    "city": _city,
    "fire": _fire,
    "music": _music,
}
_LAYER_GAIN = {
    "waves": 1.0,
    "wind": 0.7,
    "rain": 0.8,
    "birds": 0.5,
    "city": 0.7,
    "fire": 0.8,
    "music": 0.35,
}
LAYER_NAMES = tuple(_LAYERS)


def _loudness(audio: np.ndarray) -> float:
    """Ungated K-weighted loudness in LUFS (BS.1770 weighting applied in the frequency domain)."""
    n = audio.shape[1]
    freqs = np.fft.rfftfreq(n, 1 / SAMPLE_RATE)
    f = np.maximum(freqs, 1e-3)
    shelf = 10 ** (4.0 / 20 * (1 / (1 + (1500 / f) ** 2)))  # +4 dB high shelf
    highpass = 1 / np.sqrt(1 + (38 / f) ** 4)
    weighted = np.fft.irfft(np.fft.rfft(audio, axis=1) * shelf * highpass, n=n, axis=1)
    power = float(np.mean(weighted**2, axis=1).sum())
    return -0.691 + 10 * math.log10(power) if power > 1e-12 else float("-inf")
