"""Text, status and deadline normalization."""
