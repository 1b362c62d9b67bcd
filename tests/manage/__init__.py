"""Tests of the manage area."""
