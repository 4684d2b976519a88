"""What every demo shares: the one demo password and how a school of each type is titled."""

# Every demo user's password (`make run` prints it with the log-ins).
DEMO_PASSWORD = "oko-demo-2026"
TYPE_TITLES = {"urban": "МАОУ СОШ", "rural": "МКОУ сельская СОШ", "small": "МКОУ малокомплектная ООШ"}
