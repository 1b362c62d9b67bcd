"""Exports of a consultation for its designers: contributions and votes as CSV, XLSX and JSON,
and the summary report as PDF, streamed, pseudonymous and audited."""
