//! IAM policy engine (being written)
