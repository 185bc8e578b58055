"""One router per group of resources."""
