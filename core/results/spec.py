"""The operations of the results base (core/results/api.py), added to the OpenAPI document."""
