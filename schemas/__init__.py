"""Marshmallow schemas: the one place where input from any channel is validated."""
