"""Synthetic national-scale organisation files for benchmarks and load tests."""
import random

KNOWN_REGIONS = {
    "24": "Красноярский край", "54": "Новосибирская область", "66": "Свердловская область",
    "50": "Московская область", "77": "Москва", "78": "Санкт-Петербург", "16": "Республика Татарстан",
    "02": "Республика Башкортостан", "23": "Краснодарский край", "61": "Ростовская область",
}
REGIONS = 89
MUNICIPALITIES = 2300
TYPES = ("urban", "rural", "small")
TYPE_WEIGHTS = (0.45, 0.4, 0.15)


def generate(schools, seed=2026):
    """Rows of a synthetic federation: 89 regions, ~2,300 municipalities, ``schools`` schools.

    Municipality sizes are skewed like real ones (a few cities with hundreds
    of schools, many districts with a dozen); the same seed gives the same file.
    """
    rnd = random.Random(seed)
    regions = [f"{n:02d}" for n in range(1, REGIONS + 1)]
    munis = []
    for i in range(MUNICIPALITIES):
        region = regions[i % REGIONS]
        munis.append((region, f"m{region}{i // REGIONS + 1:03d}", f"Муниципалитет {region}-{i // REGIONS + 1}"))
    weights = [1.0 / (1 + (i // REGIONS)) ** 0.9 for i in range(MUNICIPALITIES)]
    chosen = rnd.choices(range(MUNICIPALITIES), weights=weights, k=schools)
    rows = []
    for n, m in enumerate(chosen, start=1):
        region, code, title = munis[m]
        kind = rnd.choices(TYPES, weights=TYPE_WEIGHTS)[0]
        rows.append((region, KNOWN_REGIONS.get(region, f"Регион {region}"), code, title,
                     f"s{n:06d}", f"МБОУ СОШ № {n}", kind))
    return rows
