"""Printed documents (PDF) and what they are made from."""
