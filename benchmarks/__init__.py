"""Benchmarks of clauserules (``make bench`` runs :mod:`benchmarks.run`)."""
