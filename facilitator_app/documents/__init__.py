"""Printable documents as PDF bytes (reportlab). No Qt, no store: data comes in as values."""
