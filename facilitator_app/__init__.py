"""facilitator_app: offline, encrypted records for peer support group facilitators."""

__version__ = "0.1.0"
