"""Names of the seed files of ``shared/seeds/`` that the sources quote (seeds_digest.md)."""

SEED_IGAS = "003_7f42dc19c6252b60.txt"
SEED_DREETS_HDF = "001_cadb1215ce1c2783.txt"
SEED_AVISE_PI = "002_da07f8fd7b3e9310.txt"
