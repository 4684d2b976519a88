"""The federal answers on leader attestation: the stages of the Target Model."""
from core import hookimpl

# The Target Model's attestation: a test auto-scored, management cases scored by experts.
STAGES = [
    {"code": "test", "title": "Тестирование", "kind": "test", "order": 10},
    {"code": "cases", "title": "Решение управленческих кейсов", "kind": "cases", "order": 20},
]


@hookimpl
def oko_attestation_stages(region, category):
    return [dict(stage) for stage in STAGES]
