"""Rule machinery, in English, with no law and no I/O.

Conditions and their three-valued evaluation (:mod:`.expr`), the month convention
(:mod:`.dates`), rules and their sources (:mod:`.rulebase`), dated parameters
(:mod:`.parameters`), the base of the input models (:mod:`.inputs`), the decisions every
service returns (:mod:`.decision`), and the one adapter to durable_rules (:mod:`._engine`).
"""
