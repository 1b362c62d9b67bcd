"""Notifications: what a person is told in their account and, when they allow it, by email."""
