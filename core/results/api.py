"""The results base in the API."""
