"""Pure domain code of the ingest service: no gRPC, Kafka or database imports here."""
