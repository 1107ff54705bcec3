"""Privacy stages: PII redaction and the sensitive-document filter."""
