import random

import numpy as np


def set_seed(seed: int = 42) -> None:
    random.seed(seed)
    np.random.seed(seed)


def train_val_split(items: list, val_fraction: float = 0.1, seed: int = 42):
    rng = random.Random(seed)
    shuffled = items[:]
    rng.shuffle(shuffled)
    cut = int(len(shuffled) * (1 - val_fraction))
    return shuffled[:cut], shuffled[cut:]
